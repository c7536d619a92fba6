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

from ..frame import combine
from .anchors import match_decisions
from .merging import merged_view
from .output import decided, ours_id, sources_by_row
from .rows import to_frame as rows_frame
from .schema import datasets, decisions, records, sources

__all__ = ["OurRecords", "read_ours", "merged", "members_of"]

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
    (rejected) and gives the same rows: a new frame each time (its columns shared, copied on write).
    A call that only sets more rows apart (a rejection) starts from the last merge kept: only the
    records of the rows rejected are merged again (``_set_apart``)."""
    given = {row["id"] for row in shown}
    rejected = frozenset(row["id"] for row in shown if row["review_status"] == "rejected")
    key = (rejected, frozenset(row["id"] for row in ours.stored if row["id"] not in given))
    with ours.lock:
        found = ours.merges.get(key)
        last = next(reversed(ours.merges.items()), None)
    if found is None:
        if last is not None and last[0][1] == key[1] and last[0][0] <= rejected:
            found = _set_apart(last[1], shown, ours, rejected - last[0][0])
        else:
            frame, members = merged_view(shown, ours.sources)
            apart = sum(1 for row in shown if row["kind"] == "claim" or row["review_status"] == "rejected")
            found = (frame, members, len(members) - apart)
        with ours.lock:
            if len(ours.merges) >= _MERGES_KEPT:
                ours.merges.pop(next(iter(ours.merges)))
            ours.merges[key] = found
    frame, members, _ = found
    return frame.copy(deep=False), [list(group) for group in members]


def _set_apart(found: tuple, shown: list[dict], ours: OurRecords, rows: frozenset
               ) -> tuple[gpd.GeoDataFrame, list[list[int]], int]:
    """The merge of ``shown`` from ``found`` (the merge of the same rows but ``rows``, now rejected, and
    its number of merged records, which come before the rows apart): each merged record holding one of
    ``rows`` merged again without them, those rows set apart. Merging joins every pair of rows that tell
    the same event (``geo.extract.merge``): the other records stay as they were. The order is
    ``merged_view``'s: merged records by their first row, then the rows apart by row id."""
    frame, members, count = found
    by_id = {row["id"]: row for row in shown}
    hit = {n for n in range(count) if rows.intersection(members[n])}
    kept = [n for n in range(count) if n not in hit]
    again = sorted(key for n in hit for key in members[n] if key not in rows)
    moved = sorted(key for n in hit for key in members[n] if key in rows)  # a rejected claim was apart already
    groups, mine = [members[n] for n in kept], frame.iloc[kept]
    if again:
        redone, parts = merged_view([by_id[key] for key in again], ours.sources)
        groups, mine = groups + parts, combine(mine, redone)
    order = sorted(range(len(groups)), key=lambda n: min(groups[n]))
    keys = sorted([group[0] for group in members[count:]] + moved)  # the rows apart, made again as merged_view does
    out = combine(mine.reset_index(drop=True).iloc[order], rows_frame([by_id[key] for key in keys], ours.sources))
    return out.reset_index(drop=True), [groups[n] for n in order] + [[key] for key in keys], len(groups)


def members_of(engine: sa.Engine, record_id: str, ours: OurRecords | None = None) -> list[int]:
    """The stored rows (``records.id``) of the record ``record_id`` as ``current_records`` shows it
    (rejected ones too): the rows of ours merged into it, or an imported row of that id (each is a record
    of its own), else the stored rows of that id; [] when there is none. Only our records are merged for
    it (``ours``: as read before, else read here), never a million imported ones."""
    ours = read_ours(engine) if ours is None else ours
    with engine.connect() as conn:
        found = conn.execute(sa.select(decisions)).all()
        theirs = conn.execute(sa.select(records.c.id, records.c.dataset_id).where(records.c.record_id == record_id)
                              .order_by(records.c.id)).all()
    frame, members = merged(ours, decided(ours.stored, match_decisions(ours.stored, found), True))
    mine = {row["id"] for row in ours.stored}
    rows = [key for group, shown in zip(members, frame["record_id"]) if shown == record_id for key in group]
    return rows + [key for key, _ in theirs if key not in mine] or [key for key, _ in theirs]
