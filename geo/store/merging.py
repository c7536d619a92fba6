"""The stored records merged across reports, as ``python -m geo events`` merges them.

The store keeps each report's own records (``geo.store.ingest``); the records a user sees are
those merged by ``geo.extract.merge`` (the same event told by several reports is one record
citing them all, ``corroboration`` the number of reports). ``merged_view`` gives that frame and,
for each of its rows, the stored rows it is made of: a decision about a merged record is a
decision about each of its sentences (``geo.store.review``), so it holds however the records are
merged next time. Claims are not merged (their own record ids stay); neither are rejected records
shown with ``--all``, which stay apart so that their status shows. The first-level division a
record was read in is not stored, so a province merges with a town in it only when they share a
place id.

Which rows merge is kept in the store at ingest (``geo.store.groups``): given those groups,
``merged_view`` merges each group on its own (a few rows each) instead of pairing every record with
every other; the frame is the same. ``group_ids`` gives the groups of rows as extracted, by one merge.
"""

from __future__ import annotations

import geopandas as gpd

from ..extract.merge import merge_records
from ..frame import Record, Source, combine, to_frame
from .rows import loads, to_frame as rows_frame

__all__ = ["merged_view", "merged_records", "group_ids", "mergeable", "record_of"]


def mergeable(row: dict) -> bool:
    """Whether a records row of ours merges with others (claims and rejected rows stay apart)."""
    return row["kind"] != "claim" and row.get("review_status") != "rejected"


def record_of(row: dict, sources: list[dict]) -> Record:
    """The ``Record`` of a records row of ours (JSON cells as text) and its sources rows, as merging reads it."""
    return Record(kind=row["kind"], event_type=row["event_type"], actor=row["actor"], actor2=row["actor2"],
                  event_date=row["event_date"], date_precision=row["date_precision"] or "unknown",
                  place=row["place"], place_id=row["place_id"], geo_precision=row["geo_precision"],
                  country=row["country"], lat=row["lat"], lon=row["lon"],
                  place_confidence=row["place_confidence"] or 0.0, asset=row["asset"], count=row["count"],
                  sources=[Source(**source) for source in sources], origin=loads(row["origin"]),
                  destination=loads(row["destination"]), sub_event_type=row["sub_event_type"])


def merged_records(rows: list[dict], sources: dict[int, list[dict]]) -> list[tuple[Record, list[int]]]:
    """``merge_records`` of ``rows`` (records rows, by row id), each merged record with the ids of the
    rows in it, in the order ``merge_records`` gives (by their first row). A row is known by its own
    objects, not by its sentence: two records of one sentence (positions at Raqqa and at Aleppo) are
    two rows; a row whose sources a row merged with it repeats (the same sentence) joins that record."""
    built = [record_of(row, sources.get(row["id"], [])) for row in rows]
    whole = {id(record): row["id"] for row, record in zip(rows, built)}
    owner = {id(source): row["id"] for row, record in zip(rows, built) for source in record.sources}
    out = []
    for record in merge_records(built):
        if id(record) in whole:  # a record of one row, as it was given
            out.append((record, [whole[id(record)]]))
        else:
            out.append((record, list(dict.fromkeys(owner[id(source)] for source in record.sources))))
    placed = {key for _, members in out for key in members}
    if len(placed) < len(rows):
        said = {(s.report, s.start): n for n, (record, _) in enumerate(out) for s in record.sources}
        for row, record in zip(rows, built):
            if row["id"] not in placed and record.sources:
                out[said[record.sources[0].report, record.sources[0].start]][1].append(row["id"])
    return out


def group_ids(rows: list[dict], sources: dict[int, list[dict]]) -> dict[int, int]:
    """Row id -> its group (the lowest row id of the rows that merge with it), for ``rows`` (records rows
    of ours, no claim) as extracted. Each row's sources are told apart here (a row whose sentence another
    row repeats is still a row of its own), which no merge rule reads."""
    tagged = {row["id"]: [source | {"report": f"{source['report']}\x00{row['id']}"}
                          for source in sources.get(row["id"], [])] for row in rows}
    found = {}
    for _, members in merged_records(rows, tagged):
        for key in members:
            found[key] = min(members)
    return found


def merged_view(rows: list[dict], sources: dict[int, list[dict]], groups: dict[int, int] | None = None, *,
                known: dict | None = None) -> tuple[gpd.GeoDataFrame, list[list[int]]]:
    """(the records frame, for each of its rows the ``id`` of the stored rows in it). ``rows`` are
    records rows as stored (JSON cells as text) with decisions applied, ``sources`` their sources
    by row id. ``groups``: row id -> its group, as kept in the store (``geo.store.groups``); when it
    holds every row that merges, each group is merged on its own, else every row with every other.
    ``known``: a caller's merges of groups, by group and the rows merged, used and filled."""
    together = [r for r in rows if mergeable(r)]
    kept = {r["id"] for r in together}
    apart = [r for r in rows if r["id"] not in kept]
    if groups is not None and all(r["id"] in groups for r in together):
        by_group: dict[int, list[dict]] = {}
        for row in together:
            by_group.setdefault(groups[row["id"]], []).append(row)
        known = {} if known is None else known
        found = []
        for group, part in by_group.items():
            key = (group, tuple(row["id"] for row in part))
            if key not in known:
                known[key] = merged_records(part, sources)
            found += known[key]
        found.sort(key=lambda pair: min(pair[1]))
    else:
        found = merged_records(together, sources)
    frame = to_frame([record for record, _ in found])
    members = [list(members) for _, members in found]
    if apart:
        frame = combine(frame, rows_frame(apart, sources))
        members += [[row["id"]] for row in apart]
    return frame.reset_index(drop=True), members
