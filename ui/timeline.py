"""The timeline under the map: events per day, week or month stacked by actor; a range brushed on it
becomes the date filter."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from geo.render.charts import CHART_CSS, CHART_JS, brushed_dates, timeline_data

__all__ = ["timeline_panel"]


@st.cache_resource
def _timeline_chart():
    """The timeline's chart: an inline component drawn by ``geo.render.charts.CHART_JS`` (registered once)."""
    return st.components.v2.component("geo_timeline", js=CHART_JS, css=CHART_CSS)


def _use_brush(bounds: tuple[dt.date, dt.date] | None) -> None:
    """The timeline's callback, run before the page is made: the days brushed become the date filter."""
    event = st.session_state.get("timeline")
    picked = brushed_dates(dict(event or {}), bounds)
    if picked is not None:
        st.session_state["filter_dates"] = picked


def _all_dates(bounds: tuple[dt.date, dt.date]) -> None:
    st.session_state["filter_dates"] = bounds


def timeline_panel(timeline: tuple, colours: dict[str, str], bounds, chosen: dict) -> None:
    counts, unit = timeline
    narrowed_dates = bounds is not None and (chosen["start"], chosen["end"]) != tuple(bounds)
    if unit is None:
        st.caption("No dated events in this view.")
    else:
        _timeline_chart()(key="timeline", data=timeline_data(counts, unit, colours),
                          on_dates_change=lambda: _use_brush(bounds))
        st.caption(f"Events per {unit}, stacked by actor. Drag across the bars to show only those dates.")
    if narrowed_dates:
        st.button("Show every date", on_click=_all_dates, args=(bounds,), key="all_dates",
                  help="Undo the date filter (the sidebar's event dates, or a range brushed here).")
