"""Streamlit app: read every report by its map, and review its records as a team.

    streamlit run app.py                          # the workspace store (data/workspace.sqlite)
    streamlit run app.py -- --store URL           # another store (a SQLAlchemy URL)
    streamlit run app.py -- --data DIR            # DIR's reports stored too, shown with the rest
    streamlit run app.py -- --records FILE        # records exported earlier (GeoJSON, CSV or GeoParquet)

A thin shell: widgets -> calls into ``geo`` -> st_folium, tables, downloads. The page reads as a
straight line here; its parts are in ``ui`` (which, with this file, is the only code importing
streamlit; all caching is in ``ui.data``). Added reports and decisions go to the store at once; every session
sees them at its next rerun (the records are cached under the store's change stamp). Untrusted
text reaches the page only through ``geo.render.html`` (``esc``, ``md_text``) or as table cells.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import streamlit as st

from geo.errors import GeoError
from geo.render.html import md_text
from geo.render.summary import counted_notice, summary_text
from geo.render.tables import record_table
from geo.render.webmap import actor_colours, plan_drawing
from geo.store import default_url
from geo.store.aggregates import LARGE_ROWS, summary_of, timeline_of
from ui.adding import add_reports, positions_upload
from ui.checks import agreement_panel, claims_panel
from ui.data import (TABLE_ROWS, basemap, described, filtered, large_facets, page_data, prepared, store_engine,
                     view_facets)
from ui.exports import exports
from ui.filters import sidebar_filters
from ui.mapview import map_maker, show_map
from ui.notices import say
from ui.records import records_and_sources
from ui.review import review_panel
from ui.timeline import timeline_panel


def _args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="streamlit run app.py --")
    parser.add_argument("--store", metavar="URL", help="the workspace store (default: data/workspace.sqlite)")
    parser.add_argument("--data", type=Path, help="a folder of report files to store (and show with the rest)")
    parser.add_argument("--records", type=Path, help="records exported earlier (.geojson, .csv or .parquet), no store")
    args, _ = parser.parse_known_args(argv)
    return args


def main() -> None:
    st.set_page_config(page_title="News reports on a map", page_icon="🗺️", layout="wide")
    st.title("News reports on a map")
    args = _args(sys.argv[1:])
    engine = None
    try:
        if args.records is None:
            engine = store_engine(args.store or default_url(), args.store is None)
            add_reports(engine)
            positions_upload(engine)
        frame, claims, problems, what, key, split = page_data(args, engine)
    except GeoError as err:
        say("error", err)
        st.stop()
    failed = getattr(st.session_state.get("positions"), "error", None)
    if failed:
        say("error", failed)
    for problem in problems:
        say("warning", problem)
    if frame.empty and (split is None or split.rows == len(split.decided)):  # a large store's frame: ours only
        say("info", f"No events, assets or positions found in {what}.")
        st.stop()

    facets = view_facets(frame, key) if split is None else large_facets(engine, split, key)
    chosen = sidebar_filters(facets)
    view, counted = filtered(frame, chosen, engine, key, split)
    every = len(frame) if split is None else len(frame) + split.rows - len(split.decided)
    total = every if chosen["include_rejected"] else every - facets["rejected"]
    matching = len(view) if counted is None else counted[0].total
    # Markdown, not st.metric: the browser then loads no metric code (five scripts) before the map.
    st.sidebar.markdown(f"Records shown: **{matching} of {total}**")  # numbers only
    view_key = (key, repr(sorted(chosen.items())))  # the view's identity: the data and the filters
    made = prepared(frame, key) if counted is None else None
    if made is not None:
        line, timeline = described(view, made, view_key)
    else:  # a large store: the counts of the whole view, by query
        outlets = facets["outlets"] if chosen["outlets"] is None else chosen["outlets"]
        line, timeline = summary_text(summary_of(counted[0], counted[1], outlets)), timeline_of(counted[0])
    st.markdown(md_text(line))
    outlines = basemap()
    if outlines is None:
        st.warning("The offline basemap is missing: run `make setup` (or `python -m geo.render.assets`).")

    drawing = plan_drawing(view)
    outside = drawing.framing.outside_text if drawing.framing else ""
    st.caption(md_text(f"{what} · {matching} of {total} records shown"
                       + (f" · {outside} (the map's 'show all' button zooms out to them)" if outside else "")))
    notice = drawing.notice if counted is None else counted_notice(counted[0], drawing)
    if notice:
        st.info(notice)
    colours = actor_colours(facets["actors"])
    drawn = map_maker(view, outlines, colours, drawing, None if counted is None else counted[0])
    table = record_table(view, limit=TABLE_ROWS, days=None if made is None else made[0])
    clicked = show_map(drawn, view, table)
    selected = records_and_sources(view, table, clicked, matching=matching, counted=counted is not None)

    st.subheader("Timeline")
    timeline_panel(timeline, colours, facets["dates"], chosen)
    if engine is not None:
        st.subheader("Review")
        review_panel(engine, view, selected, (clicked or {}).get("last_clicked"))
        st.subheader("Agreement with imported datasets")
        if counted is None:
            agreement_panel(view)
        else:
            st.caption(f"Not counted on the page for a store of more than {LARGE_ROWS:,} imported records "
                       f"(this one: {split.rows:,}); our events' popups list the matches among the records read.")
    st.subheader("Distance checks")
    claims_panel(claims, frame, view, facets["position_actors"])
    st.subheader("Export the filtered view")
    exports(view, drawn, view_key, engine)


if __name__ == "__main__":  # a page run: Streamlit runs this file once per rerun
    main()
else:  # `streamlit run app.py` imports it once to find the server: every response gets security headers
    from starlette.middleware import Middleware

    from geo.render.serving import SecurityHeaders

    app = st.App(__file__, middleware=[Middleware(SecurityHeaders)])
