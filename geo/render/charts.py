"""Stage 6, under the map: the timeline of events as a bar chart (Vega-Lite, through Altair).

Bins follow the span of the dates shown: days up to two months, weeks (starting on Monday) up to
a year and a half, months past that. Bars are stacked by actor in the map's colours; a range
brushed on the chart (the ``BRUSH`` selection) is read back as dates by ``brushed_dates``, which
the app makes its date filter. Pure functions; the app draws the chart and keeps the filter.
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import geopandas as gpd
import pandas as pd

from .summary import in_view

__all__ = ["BRUSH", "UNITS", "bin_unit", "timeline_counts", "timeline_chart", "brushed_dates"]

BRUSH = "dates"  # the chart's interval selection, as the app reads it back
UNITS = ("day", "week", "month")
_DAYS_BY_THE_DAY = 62  # spans up to this many days are binned by the day
_DAYS_BY_THE_WEEK = 550  # ... by the week up to this, by the month past it
_AXIS_FORMAT = {"day": "%-d %b", "week": "%-d %b", "month": "%b %Y"}
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
    events = view[view["kind"] == "event"]
    dates = in_view(events, days)
    found = dates.notna()
    empty = pd.DataFrame({"start": pd.Series(dtype="datetime64[ns]"), "end": pd.Series(dtype="datetime64[ns]"),
                          "actor": pd.Series(dtype=object), "events": pd.Series(dtype="int64")})
    if not found.any():
        return empty, None
    dates = dates[found].dt.normalize()
    unit = bin_unit(dates.min().date(), dates.max().date())
    if unit == "day":
        start, step = dates, pd.DateOffset(days=1)
    elif unit == "week":
        start, step = dates - pd.to_timedelta(dates.dt.day_of_week, unit="D"), pd.DateOffset(weeks=1)
    else:
        start, step = dates - pd.to_timedelta(dates.dt.day - 1, unit="D"), pd.DateOffset(months=1)
    actors = events.loc[found, "actor"].astype(object).where(events.loc[found, "actor"].notna(), UNKNOWN_ACTOR)
    counts = (pd.DataFrame({"start": start.to_numpy(), "actor": actors.astype(str).to_numpy()})
              .groupby(["start", "actor"]).size().rename("events").reset_index())
    counts.insert(1, "end", counts["start"] + step)
    return counts, unit


def timeline_chart(counts: pd.DataFrame, unit: str, colours: dict[str, str], *, height: int = 200) -> alt.Chart:
    """Bars from each bin's start to its end, stacked by actor (``colours``: actor -> colour, the map's;
    others grey), a date axis in the unit's words, a tooltip per bar, and the ``BRUSH`` selection."""
    actors = sorted(set(counts["actor"]))
    palette = [colours.get(a, "#999999") for a in actors]
    # Dates as "2015-09-30": Vega reads a bare date as UTC midnight (a date and time as local time), and
    # the scale is UTC, so a bar and the brush's times name the report's day in every time zone.
    data = counts.assign(start=counts["start"].dt.strftime("%Y-%m-%d"), end=counts["end"].dt.strftime("%Y-%m-%d"))
    brush = alt.selection_interval(name=BRUSH, encodings=["x"])
    # Ticks on whole days, weeks or months (never "30 Sep" at every few hours of one day).
    axis = alt.Axis(format=_AXIS_FORMAT[unit], labelAngle=0, title=None, labelOverlap=True, grid=False,
                    tickCount={"interval": unit, "step": 1})
    return (alt.Chart(data).mark_bar(stroke="white", strokeWidth=0.5)
            .encode(x=alt.X("start:T", axis=axis, scale=alt.Scale(type="utc")), x2="end:T",
                    y=alt.Y("sum(events):Q", title=_PER[unit], axis=alt.Axis(tickMinStep=1)),
                    color=alt.Color("actor:N", scale=alt.Scale(domain=actors, range=palette),
                                    legend=alt.Legend(title=None, orient="right")),
                    tooltip=[alt.Tooltip("utcyearmonthdate(start):T", title=f"{unit} of", format="%-d %b %Y"),
                             alt.Tooltip("actor:N"), alt.Tooltip("events:Q")])
            .add_params(brush).properties(height=height))


def brushed_dates(selection: object, bounds: tuple[dt.date, dt.date] | None = None
                  ) -> tuple[dt.date, dt.date] | None:
    """The days a brush covers, from the chart's selection state (``{"dates": {"start": [t0, t1]}}``,
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
