"""The downloads of the filtered view: records as GeoJSON, CSV and GeoPackage, and the map as HTML."""

from __future__ import annotations

import streamlit as st

from geo.render.forms import DOWNLOADS
from geo.render.standalone import standalone_html
from geo.store.output import records_bytes
from geo.store.view import with_details

__all__ = ["exports"]


@st.cache_data(max_entries=8)
def _export(_view, kind: str, key: tuple, _engine=None) -> bytes:
    """One export of the filtered view (with its review columns and, read from the store ``_engine``,
    every source); cached by its kind and the view's key."""
    return records_bytes(_view if _engine is None else with_details(_engine, _view), f".{kind}")


def exports(view, draw, key: tuple, engine=None) -> None:
    """Four downloads of the filtered view (``key``: its data's and its filters'), each made when its
    button is clicked (Streamlit runs the callable then), so that filtering never waits for them."""

    def made(kind: str):
        if kind == "html":
            # A map of its own: st_folium has rendered and renamed the one on the page,
            # and a second render of it would draw the map twice.
            return lambda: standalone_html(draw()).encode("utf-8")
        return lambda: _export(view, kind, key, engine)

    for column, (label, kind, name, mime) in zip(st.columns(len(DOWNLOADS)), DOWNLOADS):
        column.download_button(label, data=made(kind), file_name=name, mime=mime, key=f"download_{kind}",
                               on_click="ignore")
    st.caption(f"{len(view):,} records; each file is made when its button is clicked.")
