"""Beside the map: the table of the view's records, and the sources of the record picked."""

from __future__ import annotations

import streamlit as st

from geo.render.html import md_text
from geo.render.tables import RECORD_LABELS, selected_record, sources_table

from .data import TABLE_ROWS

__all__ = ["records_and_sources"]


def records_and_sources(view, table, clicked: dict | None, *, matching: int, counted: bool) -> str | None:
    """The table (``table``: the first rows of ``view``) and the sources of the record picked by a row or
    a marker's click (``clicked``); its id. ``matching``: the records the view holds, on a large store
    (``counted``) more than it read."""
    table_column, sources_column = st.columns([3, 2])
    with table_column:
        if counted and matching > len(view):
            st.caption(f"The {min(TABLE_ROWS, matching):,} most recent of {matching:,} records; the exports hold "
                       f"the {len(view):,} read whole (the table's and the map's; `python -m geo records` writes all).")
        elif len(view) > TABLE_ROWS:
            st.caption(f"The {TABLE_ROWS:,} most recent of {len(view):,} records; the exports hold them all.")
        labels = {name: st.column_config.Column(label) for name, label in RECORD_LABELS.items()}
        picked = st.dataframe(table, hide_index=True, width="stretch", height=320, key="table", on_select="rerun",
                              selection_mode="single-row", column_config=labels)
    with sources_column:
        tooltip = (clicked or {}).get("last_object_clicked_tooltip")
        selected = selected_record(view, table, tooltip, list(picked.selection.rows) if picked else [])
        if selected:
            record = view[view["record_id"] == selected].iloc[0]
            st.markdown(f"**Sources of record {md_text(selected)}**")  # ids from a records file are anyone's
            st.dataframe(sources_table(record), hide_index=True, width="stretch",
                         column_config={"link": st.column_config.LinkColumn("link")})
        else:
            st.caption("Click a marker or a row to see all its sources; a row also zooms the map to its record.")
    return selected
