"""Our records as the page reads them, kept from one decision to the next.

How our records merge across reports is kept in the store (``geo.store.groups``), so a read merges
each group of rows on its own, never every record with every other. ``OurRecords`` holds our stored
rows, their sources and their groups, read once per change of our records (``read_ours``; the caller
keeps it under the store's records stamp), the merges of the groups as decisions left them, and the
last few whole frames, by the rows they leave apart (``merged``). ``geo.store.view.light_records(...,
ours=...)`` applies the decisions it reads at each call to them: after a confirmation or an edit
nothing is merged again, nor any of our records read again; after a rejection, or one taken back,
only the group of the record decided is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from threading import Lock

import geopandas as gpd
import sqlalchemy as sa

from .anchors import match_decisions
from .groups import stored_groups
from .merging import group_ids, mergeable, merged_view
from .output import decided, ours_id, sources_by_row
from .schema import datasets, decisions, records, sources

__all__ = ["OurRecords", "read_ours", "merged", "members_of"]

_FRAMES_KEPT = 4  # whole frames kept by the rows they leave apart (a rejection taken back finds the one before)


@dataclass
class OurRecords:
    """Our stored records rows (as ``sa.select(records)`` gives them, by row id), their sources and the
    group of each that merges (``geo.store.groups``)."""
    stored: list[dict]
    sources: dict[int, list[dict]]
    groups: dict[int, int] = field(default_factory=dict)
    merges: dict = field(default_factory=dict, repr=False)  # (rows apart, rows left out) -> merged_view's
    parts: dict = field(default_factory=dict, repr=False)  # the merges of groups (merged_view's ``known``)
    lock: Lock = field(default_factory=Lock, repr=False, compare=False)  # sessions share one


def read_ours(engine: sa.Engine) -> OurRecords:
    """Our records rows, their sources and their groups, from the store. Rows without a group (written
    by other means than ingest) are grouped here, in memory, by one merge of every row."""
    with engine.connect() as conn:
        names = dict(conn.execute(sa.select(datasets.c.id, datasets.c.name)).all())
        mine = records.c.dataset_id == ours_id(names)
        stored = [dict(row._mapping) for row in conn.execute(sa.select(records).where(mine).order_by(records.c.id))]
        found = sources_by_row(conn, sa.select(sources).join(records, records.c.id == sources.c.record).where(mine))
        groups = stored_groups(conn)
    together = [row for row in stored if mergeable(row)]
    if any(row["id"] not in groups for row in together):
        groups = group_ids(together, found)
    return OurRecords(stored, found, groups)


def merged(ours: OurRecords, shown: list[dict]) -> tuple[gpd.GeoDataFrame, list[list[int]]]:
    """``merged_view(shown, ours.sources, ours.groups)`` (``shown``: ``ours.stored`` with decisions applied,
    edits apart, maybe without the rejected ones), kept for the next call that leaves the same rows apart
    (rejected) and gives the same rows: a new frame each time (its columns shared, copied on write).
    Another call merges again only the groups whose rows it changes (``ours.parts``)."""
    given = {row["id"] for row in shown}
    rejected = frozenset(row["id"] for row in shown if row["review_status"] == "rejected")
    key = (rejected, frozenset(row["id"] for row in ours.stored if row["id"] not in given))
    with ours.lock:
        found = ours.merges.get(key)
        parts = dict(ours.parts)
    if found is None:
        found = merged_view(shown, ours.sources, ours.groups, known=parts)
        with ours.lock:
            if len(ours.merges) >= _FRAMES_KEPT:
                ours.merges.pop(next(iter(ours.merges)))
            ours.merges[key] = found
            ours.parts = parts if len(parts) <= 2 * len(ours.groups) + 16 else {}  # a few groups' merges each
    frame, members = found
    return frame.copy(deep=False), [list(group) for group in members]


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
