"""Streamlit app: the reports of a folder on a map, filtered by date and actor.

    streamlit run app.py                      # the built-in sample (data/reports)
    streamlit run app.py -- --data DIR        # another folder of reports

A thin shell: widgets -> calls into ``geo`` -> st_folium / download_button.
All caching lives here; ``geo`` never imports streamlit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from geo.actors import load_actors
from geo.analysis import actors_in, date_bounds, filter_frame
from geo.errors import GeoError
from geo.export import to_geojson_bytes
from geo.gazetteer import load_gazetteer
from geo.pipeline import run
from geo.reports import iter_report_paths
from geo.webmap import actor_colours, build_map, load_basemap

SAMPLE = Path(__file__).resolve().parent / "data" / "reports"


def _data_dir(argv: list[str]) -> Path:
    parser = argparse.ArgumentParser(prog="streamlit run app.py --")
    parser.add_argument("--data", type=Path, default=SAMPLE, help="folder of report files")
    args, _ = parser.parse_known_args(argv)
    return args.data


@st.cache_resource(show_spinner="Loading the gazetteer…")
def _services():
    return load_gazetteer(), load_actors()


@st.cache_data(show_spinner="Reading reports…")
def _process(folder: str, signature: tuple):
    gazetteer, actors = _services()
    result = run([folder], gazetteer=gazetteer, actors=actors)
    return result.frame, [str(p) for p in result.problems], len(result.reports)


@st.cache_data
def _geojson(_view, record_ids: tuple) -> bytes:
    """GeoJSON of the filtered view; cached by the ids of the records it holds."""
    return to_geojson_bytes(_view)


@st.cache_resource
def _basemap():
    return load_basemap()


def _signature(folder: Path) -> tuple:
    """Changes when a report file in the folder is added, removed or edited."""
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in iter_report_paths([folder]))


def _date_range(bounds: tuple[dt.date, dt.date] | None) -> tuple[dt.date | None, dt.date | None]:
    if bounds is None:
        return None, None
    picked = st.sidebar.date_input("Event dates", value=bounds, min_value=bounds[0], max_value=bounds[1])
    picked = picked if isinstance(picked, (tuple, list)) else (picked,)
    start = picked[0] if len(picked) > 0 else None
    end = picked[1] if len(picked) > 1 else None  # half-picked range: open at the end
    return start, end


st.set_page_config(page_title="News reports on a map", layout="wide")
st.title("News reports on a map")

folder = _data_dir(sys.argv[1:])
if not folder.is_dir():
    st.error(f"Expected a folder of report files, got {str(folder)!r}.")
    st.stop()

try:
    frame, problems, n_reports = _process(str(folder), _signature(folder))
except GeoError as err:
    st.error(str(err))
    st.stop()

for problem in problems:
    st.warning(problem)
if frame.empty:
    st.info(f"No events, assets or positions found in {n_reports} report(s) in {folder}.")
    st.stop()

st.sidebar.header("Filters")
start, end = _date_range(date_bounds(frame))
include_undated = st.sidebar.checkbox("Include undated records", value=True)
all_actors = actors_in(frame)
chosen = st.sidebar.multiselect("Actors", all_actors, default=all_actors)

view = filter_frame(frame, start=start, end=end, actors=chosen, include_undated=include_undated)
st.sidebar.metric("Records shown", f"{len(view)} of {len(frame)}")
st.caption(f"{n_reports} report(s) from {folder} · {len(view)} of {len(frame)} records shown")

basemap = _basemap()
if basemap is None:
    st.warning("The offline basemap is missing: run `make setup` (or `python -m geo.assets`).")
if view.empty:
    st.info("No record matches the filters.")
else:
    st_folium(build_map(view, basemap=basemap, colours=actor_colours(all_actors)),
              height=620, use_container_width=True, returned_objects=[])

st.sidebar.download_button("Download GeoJSON", data=_geojson(view, tuple(view["record_id"])), file_name="events.geojson",
                           mime="application/geo+json")
