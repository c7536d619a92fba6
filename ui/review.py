"""The review panel: our records in the view, the least certain first; a reviewer confirms, rejects
or edits one, and the decision goes to the store at once."""

from __future__ import annotations

import streamlit as st

from geo.errors import GeoError
from geo.render.forms import ANY_DATE, REVIEW_ACTIONS, REVIEW_FORM
from geo.store.review import FORM_FIELDS, decide, describe, place_candidates
from geo.store.workspace import review_queue

from .data import services
from .notices import say

__all__ = ["review_panel"]


def _decide(engine, action: str, country: str | None) -> None:
    """A review button's callback, run before the page is made: the decision goes to the store."""
    state, record, by = st.session_state, st.session_state.get("review_record"), st.session_state.get("review_by", "")
    form = {name: state.get(f"review_{name}") for name in FORM_FIELDS}
    try:
        changes = decide(engine, record, action, form, by=by, gazetteer=services()[0], country=country)
    except GeoError as err:
        state["review_said"] = ("error", str(err))
        return
    state["review_said"] = ("success", f"{record}, by {by.strip()}: {describe(changes)}")
    for name in FORM_FIELDS:
        state.pop(f"review_{name}", None)


def _use_click(point: dict) -> None:
    st.session_state["review_lat"], st.session_state["review_lon"] = f"{point['lat']:.5f}", f"{point['lng']:.5f}"


def review_panel(engine, view, selected: str | None, point: dict | None) -> None:
    """Our records in the view, the least certain first; confirm, reject or edit one (its place
    by a gazetteer name, latitude and longitude, or a click on the map)."""
    queue = review_queue(view, services()[1].actors)
    if queue.empty:
        st.caption("No records of ours in this view to review.")
        return
    st.dataframe(queue, hide_index=True, width="stretch", height=220, key="queue")
    ids, state = list(queue["record_id"]), st.session_state
    if selected in ids and state.get("review_followed") != selected:  # a click on the map or a row picks it
        state["review_record"] = state["review_followed"] = selected
    if state.get("review_record") not in ids:
        state.pop("review_record", None)
    record_id = st.selectbox("Record to review (the least certain first)", ids, key="review_record")
    record = view[view["record_id"] == record_id].iloc[0]
    quote = (record["sources"] or [{}])[0].get("quote")
    if quote:
        st.text(quote)
    st.text_input("Reviewer", key="review_by", placeholder="your name")
    country = record.get("country") if isinstance(record.get("country"), str) else None
    search = st.text_input("Search the gazetteer", key="review_search", placeholder="a place name")
    if search.strip():
        st.dataframe(place_candidates(services()[0], search, country=country), hide_index=True)
    if isinstance(point, dict) and {"lat", "lng"} <= set(point):
        st.button(f"Use the map click ({point['lat']:.4f}, {point['lng']:.4f}) as the place", on_click=_use_click,
                  args=(point,), key="review_click")
    with st.form("review_form"):
        columns = st.columns(3)
        for n, (widget, label, name, options) in enumerate(REVIEW_FORM):
            extra = {"options": options} if options else ANY_DATE if widget == "date_input" else {}
            getattr(columns[n % 3], widget)(label, key=f"review_{name}", **extra)
        for column, (label, action) in zip(st.columns(3), REVIEW_ACTIONS):
            column.form_submit_button(label, on_click=_decide, args=(engine, action, country))
    said = state.pop("review_said", None)
    if said:
        say(*said)
