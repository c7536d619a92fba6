"""Stage 6, beside the map: the records as plain tables for the app.

Pure functions of the records frame. Cells stay plain text (the app shows them
in data grids, never as HTML or Markdown), and links are kept only when they
are http(s) URLs.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from ..extract.vocabulary import type_label
from .html import safe_url
from .summary import in_view

__all__ = ["record_table", "RECORD_LABELS", "sources_table", "claims_table", "distance_table", "events_per_day",
           "selected_record", "record_focus"]


def record_table(view: gpd.GeoDataFrame, *, limit: int, days: pd.Series | None = None) -> pd.DataFrame:
    """One row per record, the most recent first (undated last), at most ``limit`` rows. ``days``:
    ``geo.render.summary.event_days`` of the whole frame, parsed once."""
    dates = in_view(view, days)
    days = np.where(dates.isna(), np.nan, dates.to_numpy().astype("datetime64[D]").astype("int64"))
    order = np.argsort(-days, kind="stable")  # NaN (undated) sorts last
    rows = pd.DataFrame(view.iloc[order[:limit]].drop(columns="geometry"))
    subs = rows["sub_event_type"] if "sub_event_type" in rows else pd.Series(None, index=rows.index, dtype=object)
    return pd.DataFrame({  # what a reader scans first; the app labels the columns (RECORD_LABELS)
        "date": rows["event_date"], "type": [type_label(t, s) for t, s in zip(rows["event_type"], subs)],
        "actor": rows["actor"], "actor 2": rows["actor2"], "place": rows["place"], "located to": rows["geo_precision"],
        "outlet": rows["sources"].map(_outlets), "reports": pd.to_numeric(rows["corroboration"], errors="coerce"),
        "status": rows["review_status"] if "review_status" in rows else None, "record": rows["record_id"],
        "kind": rows["kind"], "event type": rows["event_type"], "sub-type": subs,
        "date precision": rows["date_precision"],
        "dataset": rows["dataset"] if "dataset" in rows else None,
        "quote": rows["sources"].map(lambda s: s[0].get("quote") if s else None),
    })


# Headings of record_table's columns as the reader sees them (the frame keeps short stable names).
RECORD_LABELS = {"actor 2": "second actor", "located to": "precision", "reports": "corroboration",
                 "status": "review status", "record": "id"}


def _outlets(sources: list | None) -> str | None:
    """The outlets of a record's sources, each once, in order; None when none is named."""
    names = list(dict.fromkeys(str(s.get("outlet")) for s in (sources or []) if s.get("outlet")))
    return ", ".join(names) or None


def sources_table(record: pd.Series) -> pd.DataFrame:
    """Every source of one record: quote, title, outlet, date, its figure and its link."""
    return pd.DataFrame([{
        "quote": s.get("quote"), "title": s.get("title"), "outlet": s.get("outlet"),
        "published": s.get("published"), "figure": s.get("fatalities"),
        "link": safe_url(s.get("url")) and s.get("url").strip(), "report": s.get("report"),
    } for s in (record["sources"] or [])])


def claims_table(claims: gpd.GeoDataFrame) -> pd.DataFrame:
    """Each claim with the reported and computed distance, the tolerance and the verdict."""
    return pd.DataFrame({
        "reported km": claims["claim_km"], "data km": claims["computed_km"], "tolerance km": claims["tolerance_km"],
        "verdict": claims["verdict"], "to": claims["claim_to"], "from": claims["place"],
        "explanation": claims["explanation"], "claim": claims["claim_text"],
    })


def distance_table(check: pd.DataFrame) -> pd.DataFrame:
    """``geo.analysis.distance_check``'s rows as shown: what, who, where, when, the nearest position and
    both distances (km, one decimal)."""
    return check[["event_type", "sub_event_type", "actor", "place", "event_date", "nearest_place", "distance_km",
                  "geodesic_km"]].round(1)


def events_per_day(view: gpd.GeoDataFrame) -> pd.DataFrame:
    """Dated events counted per day (rows) and actor (columns); empty when none is dated."""
    events = view[view["kind"] == "event"]
    dates = pd.to_datetime(events["event_date"], errors="coerce")
    return (pd.DataFrame({"day": dates, "actor": events["actor"].fillna("unknown")}).dropna(subset=["day"])
            .groupby(["day", "actor"]).size().unstack(fill_value=0))


def selected_record(view: gpd.GeoDataFrame, table: pd.DataFrame, clicked: str | None,
                    picked_rows: list[int]) -> str | None:
    """The record id chosen by a table row, else by a marker click (a marker's tooltip
    ends with '#id'); None when neither names a record of ``view``."""
    if picked_rows:
        return str(table["record"].iloc[picked_rows[0]])
    if clicked and "#" in clicked:
        wanted = clicked.rsplit("#", 1)[1].strip()
        if (view["record_id"] == wanted).any():
            return wanted
    return None


# A record's zoom by how precisely it is located; else a town's, 9: the offline outlines show nothing closer.
_ZOOM = {"country": 6, "region": 6, "report": 6, "border": 7, "province": 8}


def record_focus(view, table, rows: list[int]) -> tuple[tuple[float, float] | None, int | None]:
    """(centre, zoom) of the map on the record of the row picked in the table; (None, None) without one."""
    if not rows:
        return None, None
    record = view[view["record_id"] == table["record"].iloc[rows[0]]]
    shape = record.geometry.iloc[0] if len(record) else None
    if shape is None or shape.is_empty:
        return None, None
    point = shape if shape.geom_type == "Point" else shape.representative_point()
    return (point.y, point.x), _ZOOM.get(str(record["geo_precision"].iloc[0]), 9)
