"""Stage 6, under the map: the timeline of events as a bar chart.

Bins follow the span of the dates shown: days up to two months, weeks (starting on Monday) up to
a year and a half, months past that. Bars are stacked by actor in the map's colours; a range
brushed on the chart (the ``BRUSH`` trigger) is read back as dates by ``brushed_dates``, which
the app makes its date filter. The chart is drawn in the page by a script of ours (``CHART_JS``
and ``CHART_CSS``, which the app registers as a Streamlit inline component), not by Vega: its
bundle (0.8 MB) was the largest the first screen loaded. Pure functions; the app draws the chart
and keeps the filter.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from .summary import in_view

__all__ = ["BRUSH", "UNITS", "CHART_JS", "CHART_CSS", "bin_unit", "timeline_counts", "timeline_data", "brushed_dates"]

BRUSH = "dates"  # the chart's brush, as the app reads it back
CHART_JS = Path(__file__).with_name("timeline_chart.js").read_text(encoding="utf-8")
CHART_CSS = Path(__file__).with_name("timeline_chart.css").read_text(encoding="utf-8")
UNITS = ("day", "week", "month")
_DAYS_BY_THE_DAY = 62  # spans up to this many days are binned by the day
_DAYS_BY_THE_WEEK = 550  # ... by the week up to this, by the month past it
_PER = {"day": "events per day", "week": "events per week", "month": "events per month"}
UNKNOWN_ACTOR = "unknown"


def bin_unit(first: dt.date, last: dt.date) -> str:
    """'day', 'week' or 'month': the bin that suits dates from ``first`` to ``last``."""
    days = (last - first).days
    return "day" if days <= _DAYS_BY_THE_DAY else "week" if days <= _DAYS_BY_THE_WEEK else "month"


def timeline_counts(view: gpd.GeoDataFrame, *, days: pd.Series | None = None) -> tuple[pd.DataFrame, str | None]:
    """(one row per bin and actor: ``start``, ``end`` (the next bin's start), ``actor``, ``events``;
    the unit) of the dated events of ``view``; an empty frame and None when none is dated. ``days``:
    ``geo.render.summary.event_days`` of the whole frame, parsed once."""
    # The two columns read, not the events' rows whole: a copy of every column costs ms at 100k.
    dated = in_view(view, days)
    found = (view["kind"].eq("event").to_numpy(bool, na_value=False) & dated.notna().to_numpy())
    empty = pd.DataFrame({"start": pd.Series(dtype="datetime64[ns]"), "end": pd.Series(dtype="datetime64[ns]"),
                          "actor": pd.Series(dtype=object), "events": pd.Series(dtype="int64")})
    if not found.any():
        return empty, None
    dates = dated[found].dt.normalize()
    unit = bin_unit(dates.min().date(), dates.max().date())
    if unit == "day":
        start, step = dates, pd.DateOffset(days=1)
    elif unit == "week":
        start, step = dates - pd.to_timedelta(dates.dt.day_of_week, unit="D"), pd.DateOffset(weeks=1)
    else:
        start, step = dates - pd.to_timedelta(dates.dt.day - 1, unit="D"), pd.DateOffset(months=1)
    actors = view["actor"][found].astype(object)
    actors = actors.where(actors.notna(), UNKNOWN_ACTOR)
    # Counted by numpy over one integer per (bin, actor), ordered as a groupby on both would be.
    codes, names = pd.factorize(actors.astype(str), sort=True)
    bins = start.to_numpy().astype("datetime64[D]").astype("int64") * len(names) + codes
    found_bins, events = np.unique(bins, return_counts=True)
    first = pd.Series((found_bins // len(names)).astype("datetime64[D]").astype(start.dtype))
    counts = pd.DataFrame({"start": first, "end": first + step, "actor": np.asarray(names, dtype=object)[
        found_bins % len(names)], "events": events.astype("int64")})
    return counts, unit


def timeline_data(counts: pd.DataFrame, unit: str, colours: dict[str, str]) -> dict:
    """What the timeline's chart (``CHART_JS``) draws: bars from each bin's start to its end, stacked by
    actor in the map's colours (``colours``: actor -> colour; others grey), the unit's date axis and
    per-bar tooltips; columns of plain values (names reach the page as text only)."""
    actors = sorted(set(counts["actor"]))
    index = {name: number for number, name in enumerate(actors)}
    return {"unit": unit, "per": _PER[unit], "actors": actors, "colours": [colours.get(a, "#999999") for a in actors],
            # Days as "2015-09-30", read as UTC midnights: a bar names the report's day in every time zone.
            "start": counts["start"].dt.strftime("%Y-%m-%d").tolist(),
            "end": counts["end"].dt.strftime("%Y-%m-%d").tolist(),
            "actor": [index[a] for a in counts["actor"]], "events": [int(n) for n in counts["events"]]}


def brushed_dates(selection: object, bounds: tuple[dt.date, dt.date] | None = None
                  ) -> tuple[dt.date, dt.date] | None:
    """The days a brush covers, from the chart's trigger (``{"dates": {"start": [t0, t1]}}``,
    times as milliseconds since 1970 in UTC, or ISO text); within ``bounds`` when given. None when
    nothing is brushed."""
    brushed = (selection or {}).get(BRUSH) if isinstance(selection, dict) else None
    ends = (brushed or {}).get("start") if isinstance(brushed, dict) else None
    if not isinstance(ends, (list, tuple)) or len(ends) != 2:
        return None
    try:
        days = sorted(_day(v) for v in ends)
    except (TypeError, ValueError, OverflowError):
        return None
    if bounds is not None:
        days = [min(max(d, bounds[0]), bounds[1]) for d in days]
    return days[0], days[1]


def _day(value: object) -> dt.date:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return dt.datetime.fromtimestamp(value / 1000, tz=dt.timezone.utc).date()
    return pd.Timestamp(str(value)).date()
