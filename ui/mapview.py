"""The map of the view, the page's largest element: drawn by folium, shown by st_folium."""

from __future__ import annotations

import streamlit as st

from geo.render.assets import lean_links
from geo.render.cells import add_cells
from geo.render.tables import record_focus
from geo.render.timeline import add_timeline
from geo.render.webmap import build_map, served_basemap

__all__ = ["picked_rows", "map_maker", "show_map"]

def picked_rows(table) -> list[int]:
    """The table's selected rows as the page run begins (the map above it is drawn first)."""
    state = st.session_state.get("table") or {}
    rows = list((state.get("selection") or {}).get("rows") or [])
    return [row for row in rows if 0 <= row < len(table)]


def _draw(view, basemap, colours: dict, drawing, *, page: bool):
    """The map of the view, with its "Playback" layer (the records with popups). On the ``page`` its
    outlines are fetched from the file the app serves, and the playback's scripts loaded when it is
    switched on; a map saved as a file holds both."""
    m = build_map(view, basemap=None if page else basemap, basemap_url=served_basemap() if page else None,
                  colours=colours, drawing=drawing)
    add_timeline(m, drawing.detailed, colours, on_demand=page)
    return m


def map_maker(view, basemap, colours: dict, drawing, counted=None):
    """A callable making the map of the view, with a large view's counted cells (``counted``): the page
    draws one (``page``), the map export another."""

    def drawn(page: bool = False):
        made = _draw(view, basemap, colours, drawing, page=page)
        if counted is not None:
            add_cells(made, counted.cells, counted.step)
        return made

    return drawn


def show_map(drawn, view, table) -> dict | None:
    """The map made by ``drawn`` on the page, centred on the record of the table's row picked, if any;
    what the user clicked last (a marker's tooltip, a point)."""
    # Imported in the page run, not when the server imports app.py: a component
    # declared before Streamlit's runtime exists is never served (a 404 in the browser).
    from streamlit_folium import st_folium

    m = lean_links(drawn(page=True))  # the export's map keeps folium's links: its own test inlines them
    centre, zoom = record_focus(view, table, picked_rows(table))
    # render=False: st_folium sends what the map's own render makes (its script, header and html); the
    # whole page it renders first it throws away (the same arguments either way; 114-132 -> 36 ms a
    # rerun at 100,000 records).
    return st_folium(m, height=560, use_container_width=True, key="map", center=centre, zoom=zoom,
                     returned_objects=["last_object_clicked_tooltip", "last_clicked"], render=False)
