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
"""

from __future__ import annotations

import geopandas as gpd

from ..extract.merge import merge_records
from ..frame import Record, Source, combine, to_frame
from .rows import loads, to_frame as rows_frame

__all__ = ["merged_view"]


def _record(row: dict, sources: list[dict]) -> Record:
    return Record(kind=row["kind"], event_type=row["event_type"], actor=row["actor"], actor2=row["actor2"],
                  event_date=row["event_date"], date_precision=row["date_precision"] or "unknown",
                  place=row["place"], place_id=row["place_id"], geo_precision=row["geo_precision"],
                  country=row["country"], lat=row["lat"], lon=row["lon"],
                  place_confidence=row["place_confidence"] or 0.0, asset=row["asset"], count=row["count"],
                  sources=[Source(**source) for source in sources], origin=loads(row["origin"]),
                  destination=loads(row["destination"]), sub_event_type=row["sub_event_type"])


def merged_view(rows: list[dict], sources: dict[int, list[dict]]) -> tuple[gpd.GeoDataFrame, list[list[int]]]:
    """(the records frame, for each of its rows the ``id`` of the stored rows in it). ``rows`` are
    records rows as stored (JSON cells as text) with decisions applied, ``sources`` their sources
    by row id."""
    mergeable = [r for r in rows if r["kind"] != "claim" and r.get("review_status") != "rejected"]
    kept = {r["id"] for r in mergeable}
    apart = [r for r in rows if r["id"] not in kept]
    owner = {(s["report"], s["start"]): row["id"] for row in mergeable for s in sources.get(row["id"], [])}
    merged = merge_records([_record(row, sources.get(row["id"], [])) for row in mergeable])
    members = [list(dict.fromkeys(owner[s.report, s.start] for s in record.sources)) for record in merged]
    frame = to_frame(merged)
    if apart:
        frame = combine(frame, rows_frame(apart, sources))
        members += [[row["id"]] for row in apart]
    return frame.reset_index(drop=True), members
