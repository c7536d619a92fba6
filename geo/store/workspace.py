"""The store as the app uses it: what changed, reports added by hand, the records to review first,
claims measured again, and the imported events that match ours.

Pure functions of an engine or a records frame (``geo.store.current_records``); no streamlit.

- ``change_stamp(engine)`` changes whenever another session or process adds, replaces or removes a
  report, imports a dataset or records a decision: the app keys its cache of the records on it,
  so every browser sees the others' work on its next rerun, and reads the store only then.
- ``review_queue(frame, known_actors)`` ranks our records by how uncertain they are, the least
  certain first: unreviewed before reviewed; a place known only to the report's area, a country,
  a region or a province before a town or a site; a missing or unlisted actor; a low place
  confidence. Each row says why.
- ``with_positions(frame, positions, claims)`` puts positions (the store's, ``geo.store.positions``;
  a frame without ``dataset`` is a session's) beside the store's records and checks the distance claims again against everything shown (the claims were checked
  at ingest against their own report's records only).
- ``with_matches(frame)`` adds ``matches``: for each of our events, the events of imported
  datasets that match it (``geo.store.agreement``).
"""

from __future__ import annotations

from typing import Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
import sqlalchemy as sa

from ..extract.claims import Claim, check_claims
from ..frame import combine
from ..io.reports import Report
from .schema import positions as positions_table
from .agreement import match_events
from .ingest import stored_report
from .migrations import OUR_DATASET
from .schema import audit, datasets, decisions, records, reports
from .view import is_unread

__all__ = ["change_stamp", "stored_reports", "claim_reports", "review_queue", "VAGUE",
           "with_positions", "with_matches", "CHECK_COLUMNS", "SESSION_POSITIONS"]

SESSION_POSITIONS = "positions (this session)"  # the dataset name of a session's positions upload

# Places known only to an area this large: the first to look at.
VAGUE = ("report", "country", "region", "border", "province")
_PRECISION_RANK = {name: rank for rank, name in enumerate(
    ("report", "country", "region", "border", "province", "water", "between", "offset", "district", "town", "site"))}
_STATUS_RANK = {"unreviewed": 0, "edited": 1, "confirmed": 2, "rejected": 3}
# The columns of a claim that its check gives (the rest is the claim's own, and its review).
CHECK_COLUMNS = ("actor2", "event_date", "date_precision", "claim_from", "computed_km", "tolerance_km", "verdict",
                 "explanation", "nearest_position", "nearest_place")


def change_stamp(engine: sa.Engine) -> tuple:
    """A value that changes with every report stored, replaced or removed, every import and every
    decision, every positions upload (records are replaced with new row ids, and each decision writes
    audit rows). Our records are counted, not every record: a count of a million imported rows costs
    a scan at each rerun (0.1 s on PostgreSQL), and imported rows change with imports only, which add
    rows of higher ids."""
    ours = sa.select(datasets.c.id).where(datasets.c.name == OUR_DATASET).scalar_subquery()
    with engine.connect() as conn:
        row = conn.execute(sa.select(
            sa.select(sa.func.count()).select_from(records).where(records.c.dataset_id == ours).scalar_subquery(),
            sa.select(sa.func.max(records.c.id)).scalar_subquery(),
            sa.select(sa.func.max(audit.c.id)).scalar_subquery(),
            sa.select(sa.func.count()).select_from(decisions).scalar_subquery(),
            sa.select(sa.func.count()).select_from(datasets).scalar_subquery(),
            sa.select(sa.func.count()).select_from(reports).scalar_subquery(),
            sa.select(sa.func.count()).select_from(positions_table).scalar_subquery(),
            sa.select(sa.func.max(positions_table.c.id)).scalar_subquery())).one()
    return tuple(row)


def stored_reports(engine: sa.Engine, ids: Iterable[str]) -> list[Report]:
    """The stored reports of ``ids`` (those that exist), by id."""
    wanted = sorted(set(ids))
    if not wanted:
        return []
    with engine.connect() as conn:
        rows = conn.execute(sa.select(reports).where(reports.c.id.in_(wanted)).order_by(reports.c.id)).all()
    return [stored_report(row) for row in rows]


def claim_reports(frame: gpd.GeoDataFrame) -> list[str]:
    """The reports the claims of ``frame`` come from, sorted."""
    claims = frame[frame["kind"] == "claim"]
    return sorted({s["report"] for sources in claims["sources"] for s in (sources or [])})


def _reasons(row, known: set[str]) -> list[str]:
    found = []
    if row.geometry is None or row.geometry.is_empty:
        found.append("no place")
    elif row.geo_precision in VAGUE:
        found.append(f"place only to the {row.geo_precision}")
    if not isinstance(row.actor, str) or not row.actor:
        found.append("no actor")
    elif known and row.actor not in known:
        found.append("actor not in the list")
    if isinstance(row.actor2, str) and row.actor2 and known and row.actor2 not in known:
        found.append("second actor not in the list")
    confidence = row.place_confidence
    if isinstance(confidence, (int, float)) and not pd.isna(confidence) and confidence < 0.8:
        found.append(f"place confidence {confidence:.2f}")
    return found


def review_queue(frame: gpd.GeoDataFrame, known_actors: Iterable[str] = (), *, limit: int = 500) -> pd.DataFrame:
    """Our records, the ones to look at first on top (see the module's docstring), at most ``limit``:
    ``record_id``, ``status``, ``why``, ``kind``, ``type``, ``actor``, ``place``, ``located to``, ``date``.
    Ranked with whole columns at once; the reasons are written for the rows given only."""
    known = set(known_actors)
    ours = frame[frame["dataset"] == OUR_DATASET] if "dataset" in frame else frame
    status = ours["review_status"].fillna("unreviewed") if "review_status" in ours else pd.Series(
        "unreviewed", index=ours.index)
    unplaced = ours.geometry.isna() | ours.geometry.is_empty
    vague = unplaced | ours["geo_precision"].isin(VAGUE)

    def unlisted(column: str) -> pd.Series:
        named = ours[column].notna() & ours[column].astype(str).ne("")
        return named & ~ours[column].isin(known) if known else pd.Series(False, index=ours.index)

    actor_missing = ours["actor"].isna() | ours["actor"].astype(str).eq("")
    unsure_actor = actor_missing | unlisted("actor") | unlisted("actor2")
    rank = pd.DataFrame({
        "status": status.map(_STATUS_RANK).fillna(0).to_numpy(), "place": (~vague).to_numpy(),
        "actor": (~unsure_actor).to_numpy(), "precision": ours["geo_precision"].map(_PRECISION_RANK).fillna(0).to_numpy(),
        "confidence": pd.to_numeric(ours["place_confidence"], errors="coerce").fillna(0.0).to_numpy()})
    order = rank.sort_values(list(rank.columns), kind="stable").index.to_numpy()[:limit]
    top = ours.iloc[order]
    columns = ["record_id", "status", "why", "kind", "type", "actor", "place", "located to", "date"]
    return pd.DataFrame({
        "record_id": top["record_id"].to_numpy(), "status": status.iloc[order].to_numpy(),
        "why": ["; ".join(_reasons(row, known)) for row in top.itertuples(index=False)],
        "kind": top["kind"].to_numpy(), "type": top["event_type"].to_numpy(), "actor": top["actor"].to_numpy(),
        "place": top["place"].to_numpy(), "located to": top["geo_precision"].to_numpy(),
        "date": top["event_date"].to_numpy()}, columns=columns)


def with_positions(frame: gpd.GeoDataFrame, positions: gpd.GeoDataFrame | None,
                   claims: list[Claim]) -> gpd.GeoDataFrame:
    """``frame`` with ``positions`` added and its claims checked again against the rest
    (``claims``: the extracted claims of the reports they come from). A claim keeps its review."""
    if positions is not None and not positions.empty:
        if "dataset" not in positions:
            positions = positions.assign(dataset=SESSION_POSITIONS)
        frame = combine(frame, positions).reset_index(drop=True)
    shown = frame["kind"] == "claim"
    if not claims or not shown.any():
        return frame
    # What a claim measures from or to: our records and positions; never an imported event (of
    # another report, its sources not read: ``geo.store.view``).
    checked = check_claims(claims, frame[~shown.to_numpy() & ~is_unread(frame["sources"])]).set_index("record_id")
    frame = frame.copy()
    for position in shown.to_numpy().nonzero()[0]:
        record_id = frame["record_id"].iat[position]
        if record_id in checked.index:
            again = checked.loc[record_id]
            for name in CHECK_COLUMNS:
                frame.iat[position, frame.columns.get_loc(name)] = again[name]
            if again["geometry"] is not None:  # at the event measured from, wherever an edit moved it
                frame.iat[position, frame.columns.get_loc(frame.geometry.name)] = again["geometry"]
    return frame


def with_matches(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``frame`` with ``matches``: for each of our events, a list of the matching imported events
    (``dataset``, ``record_id``, ``event_type``, ``actor``, ``place``, ``event_date``); [] for the rest."""
    frame = frame.copy(deep=False)  # its columns shared (copied on write): a million records are not copied
    if "dataset" not in frame or frame.empty:
        frame["matches"] = [[] for _ in range(len(frame))]
        return frame
    kept = (frame["review_status"] != "rejected").to_numpy() if "review_status" in frame else None
    found = match_events(frame, kept)  # a rejected record matches nothing
    fields = ("dataset", "record_id", "event_type", "actor", "place", "event_date")
    theirs = {}
    wanted = {other for per in found.values() for other in per.values()}
    for row in frame[frame["record_id"].isin(wanted)][list(fields)].itertuples(index=False):
        theirs[row.record_id] = {name: getattr(row, name) for name in fields}
    cells = [[] for _ in range(len(frame))]
    for position in np.flatnonzero(frame["record_id"].isin(found.keys()).to_numpy()):
        per = found[frame["record_id"].iat[position]]
        cells[position] = [theirs[other] for _, other in sorted(per.items()) if other in theirs]
    frame["matches"] = cells
    return frame
