"""Our records as the page reads them, kept from one decision to the next.

A decision changes the review columns of a record or two, and how our records merge only when it
rejects a row or takes a rejection back (a rejected row stays apart: ``geo.store.merging``). Merging
is most of what reading our records costs (1,667 merged records of 5,000 rows: about a second), so
``OurRecords`` holds our stored rows and their sources, read once per change of our records
(``read_ours``; the caller keeps it under the store's records stamp), and the last few merges, by
the rows they leave apart (``merged``). ``geo.store.view.light_records(..., ours=...)`` applies the
decisions it reads at each call to them: after a confirmation or an edit nothing is merged again,
nor any of our records read again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from threading import Lock

import geopandas as gpd
import sqlalchemy as sa

from .merging import merged_view
from .output import ours_id, sources_by_row
from .schema import datasets, records, sources

__all__ = ["OurRecords", "read_ours", "merged"]

_MERGES_KEPT = 4  # merges kept by the rows they leave apart (a rejection taken back finds the one before)


@dataclass
class OurRecords:
    """Our stored records rows (as ``sa.select(records)`` gives them, by row id) and their sources."""
    stored: list[dict]
    sources: dict[int, list[dict]]
    merges: dict = field(default_factory=dict, repr=False)  # (rows apart, rows left out) -> merged_view's
    lock: Lock = field(default_factory=Lock, repr=False, compare=False)  # sessions share one


def read_ours(engine: sa.Engine) -> OurRecords:
    """Our records rows and their sources, from the store."""
    with engine.connect() as conn:
        names = dict(conn.execute(sa.select(datasets.c.id, datasets.c.name)).all())
        mine = records.c.dataset_id == ours_id(names)
        stored = [dict(row._mapping) for row in conn.execute(sa.select(records).where(mine).order_by(records.c.id))]
        found = sources_by_row(conn, sa.select(sources).join(records, records.c.id == sources.c.record).where(mine))
    return OurRecords(stored, found)


def merged(ours: OurRecords, shown: list[dict]) -> tuple[gpd.GeoDataFrame, list[list[int]]]:
    """``merged_view(shown, ours.sources)`` (``shown``: ``ours.stored`` with decisions applied, edits
    apart, maybe without the rejected ones), kept for the next call that leaves the same rows apart
    (rejected) and gives the same rows: a new frame each time (its columns shared, copied on write)."""
    given = {row["id"] for row in shown}
    key = (frozenset(row["id"] for row in shown if row["review_status"] == "rejected"),
           frozenset(row["id"] for row in ours.stored if row["id"] not in given))
    with ours.lock:
        found = ours.merges.get(key)
    if found is None:
        found = merged_view(shown, ours.sources)
        with ours.lock:
            if len(ours.merges) >= _MERGES_KEPT:
                ours.merges.pop(next(iter(ours.merges)))
            ours.merges[key] = found
    frame, members = found
    return frame.copy(deep=False), [list(group) for group in members]
