"""Streamlit app: read every report by its map.

    streamlit run app.py                          # the built-in sample (data/reports)
    streamlit run app.py -- --data DIR            # another folder of reports
    streamlit run app.py -- --records FILE        # records exported earlier (GeoJSON or GeoParquet)

A thin shell: widgets -> calls into ``geo`` -> st_folium, tables, downloads.
All caching and session state live here; ``geo`` never imports streamlit.
Everything a user sends is untrusted: report text, metadata, file names,
uploaded fields and record ids reach the page only through ``geo.render.html``
(``esc`` in the map, ``md_text`` in Streamlit's Markdown elements) or as plain
table cells. Uploads are read from memory; a client's file name is never a
path. Caches are keyed on content (SHA-256), so nothing one session uploads
reaches another, and each session keeps its own problems list.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import re
import sys
from pathlib import Path
from typing import NamedTuple

import streamlit as st

from geo.extract.actors import load_actors
from geo.extract.vocabulary import codebook_order
from geo.analysis import actors_in, date_bounds, distance_check, filter_frame, outlets_in
from geo.errors import GeoError
from geo.io.export import to_geojson_bytes
from geo.frame import KINDS
from geo.io.records import read_records
from geo.gazetteer import load_gazetteer
from geo.render.html import md_text
from geo.pipeline import Result, extract, recheck_claims
from geo.render.standalone import standalone_html
from geo.render.tables import claims_table, events_per_day, record_table, selected_record, sources_table
from geo.render.timeline import add_timeline
from geo.io.positions import read_positions
from geo.io.reports import (MAX_PASTE_BYTES, Problem, Report, ReportError, iter_report_paths, load_reports,
                            parse_report, report_from_text, unique_id)
from geo.render.webmap import actor_colours, build_map, load_basemap, plan_drawing

SAMPLE = Path(__file__).resolve().parent / "data" / "reports"
TABLE_ROWS = 2_000  # rows sent to the table; the exports hold every filtered record


def _args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="streamlit run app.py --")
    parser.add_argument("--data", type=Path, default=SAMPLE, help="folder of report files")
    parser.add_argument("--records", type=Path, help="records exported earlier (.geojson or .parquet)")
    args, _ = parser.parse_known_args(argv)
    return args


@st.cache_resource(show_spinner="Loading the gazetteer…")
def _services():
    return load_gazetteer(), load_actors()


def _digest(report: Report) -> str:
    """SHA-256 of everything a report brings: its text and every metadata field."""
    fields = (report.id, report.text, report.title, report.outlet, report.url, str(report.published),
              report.published_source, report.path, sorted(report.meta.items()))
    return hashlib.sha256(repr(fields).encode("utf-8", "surrogatepass")).hexdigest()


@st.cache_data(show_spinner="Reading reports…", max_entries=2)
def _folder(folder: str, signature: tuple):
    """The folder's reports, their digests and the problems met (the folder is the server's own)."""
    loaded = load_reports([folder])
    return loaded.reports, [_digest(r) for r in loaded.reports], [str(p) for p in loaded.problems]


# cache_resource, not cache_data: the frames are shared, never copied (a copy of 100k
# records per rerun costs more than the rerun); nothing here modifies them.
@st.cache_resource(show_spinner="Finding places, events and claims…", max_entries=4)
def _extract(_reports: list, _positions, key: tuple) -> Result:
    gazetteer, actors = _services()
    return extract(_reports, gazetteer=gazetteer, actors=actors, positions=_positions)


@st.cache_resource(show_spinner="Loading records…", max_entries=2)
def _records(path: str, mtime: int):
    return read_records(path)


@st.cache_data(max_entries=8)
def _export(_view, kind: str, key: tuple) -> bytes:
    """One export of the filtered view; cached by its kind, the data's digest and the ids it holds."""
    from geo.io import export
    if kind == "geojson":
        return to_geojson_bytes(_view)
    if kind == "csv":
        return export.to_acled_csv_bytes(_view)
    return export.to_geopackage_bytes(_view)


@st.cache_resource(max_entries=4)
def _facets(_frame, key: tuple) -> dict:
    """The choices the filters offer, computed once per data set."""
    return {"dates": date_bounds(_frame), "actors": actors_in(_frame),
            "types": codebook_order(_frame["event_type"]),
            "sub_types": codebook_order(_frame["sub_event_type"]) if "sub_event_type" in _frame else [],
            "kinds": [k for k in KINDS if k in set(_frame["kind"])], "outlets": outlets_in(_frame),
            "position_actors": sorted(_frame.loc[_frame["kind"] == "position", "actor"].dropna().astype(str).unique())}


@st.cache_resource
def _basemap():
    return load_basemap()


def _say(kind: str, text: object) -> None:
    """An alert holding untrusted text (a file name, an error), shown as text, never as Markdown."""
    getattr(st, kind)(md_text(text))


def _signature(folder: Path) -> tuple:
    """Changes when a report file in the folder is added, removed or edited."""
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in iter_report_paths([folder]))


# ---------------------------------------------------------------- filters and the URL

def _query_list(name: str, options: list[str]) -> list[str]:
    """A comma-separated list from the URL, keeping only values that exist."""
    raw = st.query_params.get(name)
    if raw is None:
        return options
    return [v for v in raw.split(",") if v in options] if raw else []


def _query_date(name: str, bounds: tuple[dt.date, dt.date]) -> dt.date | None:
    try:
        value = dt.date.fromisoformat(st.query_params.get(name, ""))
    except ValueError:
        return None
    return min(max(value, bounds[0]), bounds[1])


def _remember(name: str, values: list[str], options: list[str]) -> None:
    if set(values) == set(options):
        st.query_params.pop(name, None)
    else:
        st.query_params[name] = ",".join(values)


def _multiselect(label: str, name: str, options: list[str]) -> list[str]:
    key, seen = f"filter_{name}", f"options_{name}"
    if key not in st.session_state:
        st.session_state[key] = _query_list(name, options)
    elif st.session_state.get(seen) != options:  # new reports brought new actors, types ...
        before = set(st.session_state.get(seen) or [])
        kept = [v for v in st.session_state[key] if v in options]
        everything = set(st.session_state[key]) >= before
        st.session_state[key] = options if everything else kept
    st.session_state[seen] = options
    chosen = st.sidebar.multiselect(label, options, key=key)
    _remember(name, chosen, options)
    return chosen


def _date_range(bounds: tuple[dt.date, dt.date] | None) -> tuple[dt.date | None, dt.date | None]:
    if bounds is None:
        return None, None
    if "filter_dates" not in st.session_state:
        start = _query_date("start", bounds) or bounds[0]
        end = _query_date("end", bounds) or bounds[1]
        st.session_state["filter_dates"] = (start, max(start, end))
    elif st.session_state.get("date_bounds") != bounds:  # new reports widened the dates
        old = st.session_state.get("date_bounds") or bounds
        picked = tuple(st.session_state["filter_dates"] or ())
        start = bounds[0] if not picked or picked[0] <= old[0] else min(max(picked[0], bounds[0]), bounds[1])
        end = bounds[1] if len(picked) < 2 or picked[1] >= old[1] else min(max(picked[1], start), bounds[1])
        st.session_state["filter_dates"] = (start, end)
    st.session_state["date_bounds"] = bounds
    picked = st.sidebar.date_input("Event dates", min_value=bounds[0], max_value=bounds[1], key="filter_dates")
    picked = picked if isinstance(picked, (tuple, list)) else (picked,)
    start = picked[0] if len(picked) > 0 else None
    end = picked[1] if len(picked) > 1 else None  # a half-picked range: open at the end
    for name, value, default in (("start", start, bounds[0]), ("end", end, bounds[1])):
        if value is None or value == default:
            st.query_params.pop(name, None)
        else:
            st.query_params[name] = value.isoformat()
    return start, end


def _filters(facets: dict) -> dict:
    st.sidebar.header("Filters")
    start, end = _date_range(facets["dates"])
    if "filter_undated" not in st.session_state:
        st.session_state["filter_undated"] = st.query_params.get("undated", "1") != "0"
    undated = st.sidebar.checkbox("Include undated records", key="filter_undated")
    if undated:
        st.query_params.pop("undated", None)
    else:
        st.query_params["undated"] = "0"
    actors = _multiselect("Actors (actor or second actor)", "actors", facets["actors"])
    types = _multiselect("Event types", "types", facets["types"])
    sub_types = _multiselect("Sub-event types", "sub_types", facets["sub_types"])
    kinds = _multiselect("Kinds", "kinds", facets["kinds"])
    chosen_outlets = _multiselect("Outlets ('' = not stated)", "outlets", facets["outlets"])
    if "filter_q" not in st.session_state:
        st.session_state["filter_q"] = st.query_params.get("q", "")
    text = st.sidebar.text_input("Search the quotes", key="filter_q", placeholder="e.g. civilian deaths")
    if text.strip():
        st.query_params["q"] = text
    else:
        st.query_params.pop("q", None)
    def narrowed(chosen: list[str], name: str):  # None when every option is chosen: no work to do
        return None if set(chosen) >= set(facets[name]) else chosen

    return dict(start=start, end=end, include_undated=undated, actors=narrowed(actors, "actors"),
                event_types=narrowed(types, "types"), sub_event_types=narrowed(sub_types, "sub_types"),
                kinds=narrowed(kinds, "kinds"),
                outlets=narrowed(chosen_outlets, "outlets"), text=text)


# ---------------------------------------------------------------- adding reports and positions

def _safe_stem(name: str) -> str:
    """A report id's stem from a client's file name: its last part, letters, digits, '_' and '-' only."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", Path(name.replace("\\", "/")).stem).strip("-")
    return stem[:60] or "file"


def _add(report: Report) -> None:
    added: list = st.session_state.setdefault("added_reports", [])
    added.append(report)
    st.session_state.setdefault("added_digests", []).append(_digest(report))


def _read_uploads(files: list) -> list[str]:
    """Each uploaded file read from memory into a report; the problems met, one per bad file."""
    problems: list[str] = []
    taken = {r.id for r in st.session_state.get("added_reports", [])}
    with st.status(f"Reading {len(files)} file(s)…") as status:
        for number, upload in enumerate(files, 1):
            status.update(label=md_text(f"Reading {upload.name} ({number} of {len(files)})…"))
            report_id = unique_id(f"added-{_safe_stem(upload.name)}", taken)
            try:
                report, warnings = parse_report(upload.getvalue(), name=upload.name, report_id=report_id)
            except ReportError as err:
                problems.append(str(Problem(upload.name, err.reason)))
                continue
            taken.add(report_id)
            _add(report)
            problems.extend(str(w) for w in warnings)
        status.update(label=f"Read {len(files)} file(s)", state="complete")
    return problems


def _read_paste(text: str, **meta) -> list[str]:
    """A pasted report and its metadata; the problems met."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if not text.strip():
        return ["pasted report: expected report text, got nothing (skipped)"]
    if size > MAX_PASTE_BYTES:
        return [f"pasted report: expected at most {MAX_PASTE_BYTES:,} bytes of text, got {size:,}; "
                "save it as a file and upload it (skipped)"]
    report_id = unique_id("added-pasted", {r.id for r in st.session_state.get("added_reports", [])})
    try:
        _add(report_from_text(text, report_id=report_id, **meta))
    except ReportError as err:
        return [str(Problem("pasted report", err.reason))]
    return []


def _add_reports() -> None:
    """Uploaded or pasted reports join this session's reports. The problems of the last
    batch are listed until the next one replaces them."""
    with st.sidebar.expander("Add reports"):
        with st.form("upload", clear_on_submit=True):
            files = st.file_uploader("Report files (UTF-8 text, optional front matter)", type=["txt", "md"],
                                     accept_multiple_files=True)
            if st.form_submit_button("Add files") and files:
                st.session_state["added_problems"] = _read_uploads(files)
        with st.form("paste", clear_on_submit=True):
            text = st.text_area("Or paste a report", max_chars=MAX_PASTE_BYTES)
            title = st.text_input("Title")
            outlet = st.text_input("Outlet")
            url = st.text_input("URL")
            published = st.date_input("Published", value=None)
            if st.form_submit_button("Add text"):
                st.session_state["added_problems"] = _read_paste(text, title=title, outlet=outlet, url=url,
                                                                 published=published)


class _Positions(NamedTuple):
    """The session's positions upload: its content key, what it gave, and why not if it failed."""

    key: tuple[str, str]  # (SHA-256 of the bytes, the actor typed)
    frame: object = None
    warnings: tuple[str, ...] = ()
    error: str | None = None


def _positions_upload() -> None:
    """Positions read from the uploaded bytes, keyed on their SHA-256 and the actor typed.

    A file that cannot be read leaves no positions (not the previous file's) and says why."""
    with st.sidebar.expander("Positions or control areas"):
        upload = st.file_uploader("GeoJSON, GeoPackage or CSV with lat/lon", type=["geojson", "json", "gpkg", "csv"],
                                  key="positions_file")
        actor = st.text_input("Actor of every feature (else the file's 'actor' column)", key="positions_actor")
        if upload is None:
            st.session_state.pop("positions", None)
            return
        data = upload.getvalue()
        key = (hashlib.sha256(data).hexdigest(), actor)
        if getattr(st.session_state.get("positions"), "key", None) == key:
            return
        try:
            loaded = read_positions(data, name=upload.name, actor=actor or None)
        except GeoError as err:
            st.session_state["positions"] = _Positions(key, error=f"{err} (no positions loaded)")
            return
        st.session_state["positions"] = _Positions(key, loaded.frame, tuple(loaded.warnings))


# ---------------------------------------------------------------- the page

def _data(args: argparse.Namespace) -> tuple[Result | None, object, list[str], str, tuple]:
    """(result, frame, problems, what was read, a key that changes with the data)."""
    if args.records is not None:
        try:
            key = (str(args.records), args.records.stat().st_mtime_ns)
        except OSError as err:
            raise GeoError(f"Expected a records file, got {str(args.records)!r} ({err.strerror or err}).") from err
        return None, _records(*key), [], f"records from {args.records}", key
    if not args.data.is_dir():
        raise GeoError(f"Expected a folder of report files, got {str(args.data)!r}.")
    reports, digests, problems = _folder(str(args.data), _signature(args.data))
    reports = list(reports) + st.session_state.get("added_reports", [])
    digests = list(digests) + st.session_state.get("added_digests", [])
    positions = st.session_state.get("positions") or _Positions(("", ""))
    # The content, not names or sizes: two sessions with same-named files get their own answers.
    key = (hashlib.sha256("|".join(digests).encode()).hexdigest(), positions.key)
    result = _extract(reports, positions.frame, key)
    problems = problems + st.session_state.get("added_problems", []) + list(positions.warnings)
    return result, result.frame, problems, f"{len(reports)} report(s) from {args.data}", key


def _timeline_chart(view) -> None:
    counts = events_per_day(view)
    if counts.empty:
        st.caption("No dated events in this view.")
        return
    st.bar_chart(counts, height=220, y_label="events per day", x_label="event date")


def _claims_panel(result: Result | None, frame, view, position_actors: list[str]) -> None:
    claims = view[view["kind"] == "claim"]
    if result is not None and result.claims and position_actors:
        default = "as the report says"
        actor = st.selectbox("Measure each claim to the positions of", [default, *position_actors], key="claim_actor")
        if actor != default:
            claims = recheck_claims(result.claims, frame, actor=actor)
    if claims.empty:
        st.caption("No distance claims in this view.")
    else:
        st.dataframe(claims_table(claims), hide_index=True, width="stretch")
    if position_actors:
        actor = st.selectbox("Distance from every event to the nearest position of", position_actors,
                             key="distance_actor")
        check = distance_check(view, actor=actor)
        if not check.empty:
            st.dataframe(check[["event_type", "sub_event_type", "actor", "place", "event_date", "nearest_place",
                                "distance_km", "geodesic_km"]].round(1), hide_index=True, width="stretch")


def _draw(view, basemap, colours: dict, drawing):
    """The map of the view, with its "Playback" layer (the records with popups)."""
    m = build_map(view, basemap=basemap, colours=colours, drawing=drawing)
    add_timeline(m, drawing.detailed, colours)
    return m


def _exports(view, draw, data_key: tuple) -> None:
    """Four downloads of the filtered view, each made when its button is clicked
    (Streamlit runs the callable then), so that filtering never waits for them."""
    key = (data_key, tuple(view["record_id"]))

    def made(kind: str):
        if kind == "html":
            # A map of its own: st_folium has rendered and renamed the one on the page,
            # and a second render of it would draw the map twice.
            return lambda: standalone_html(draw()).encode("utf-8")
        return lambda: _export(view, kind, key)

    buttons = [("GeoJSON", "geojson", "records.geojson", "application/geo+json"),
               ("CSV (ACLED-like)", "csv", "records.csv", "text/csv"),
               ("GeoPackage", "gpkg", "records.gpkg", "application/geopackage+sqlite3"),
               ("Map (HTML)", "html", "map.html", "text/html")]
    for column, (label, kind, name, mime) in zip(st.columns(len(buttons)), buttons):
        column.download_button(label, data=made(kind), file_name=name, mime=mime, key=f"download_{kind}",
                               on_click="ignore")
    st.caption(f"{len(view):,} records; each file is made when its button is clicked.")


def main() -> None:
    # Imported in the page run, not when the server imports this file: a component
    # declared before Streamlit's runtime exists is never served (a 404 in the browser).
    from streamlit_folium import st_folium

    st.set_page_config(page_title="News reports on a map", layout="wide")
    st.title("News reports on a map")
    args = _args(sys.argv[1:])
    if args.records is None:
        _add_reports()
        _positions_upload()
    try:
        result, frame, problems, what, key = _data(args)
    except GeoError as err:
        _say("error", err)
        st.stop()
    failed = getattr(st.session_state.get("positions"), "error", None)
    if failed:
        _say("error", failed)
    for problem in problems:
        _say("warning", problem)
    if frame.empty:
        _say("info", f"No events, assets or positions found in {what}.")
        st.stop()

    facets = _facets(frame, key)
    view = filter_frame(frame, **_filters(facets))
    st.sidebar.metric("Records shown", f"{len(view)} of {len(frame)}")
    st.caption(md_text(f"{what} · {len(view)} of {len(frame)} records shown"))
    basemap = _basemap()
    if basemap is None:
        st.warning("The offline basemap is missing: run `make setup` (or `python -m geo.render.assets`).")

    drawing = plan_drawing(view)
    if drawing.notice:
        st.info(drawing.notice)
    colours = actor_colours(facets["actors"])
    m = _draw(view, basemap, colours, drawing)
    map_column, table_column = st.columns([3, 2])
    with map_column:
        clicked = st_folium(m, height=600, use_container_width=True, key="map",
                            returned_objects=["last_object_clicked_tooltip"])
    table = record_table(view, limit=TABLE_ROWS)
    with table_column:
        if len(view) > TABLE_ROWS:
            st.caption(f"The {TABLE_ROWS:,} most recent of {len(view):,} records; the exports hold them all.")
        picked = st.dataframe(table, hide_index=True, width="stretch", height=360, key="table",
                              on_select="rerun", selection_mode="single-row")
        tooltip = (clicked or {}).get("last_object_clicked_tooltip")
        selected = selected_record(view, table, tooltip, list(picked.selection.rows) if picked else [])
        if selected:
            record = view[view["record_id"] == selected].iloc[0]
            st.markdown(f"**Sources of record {md_text(selected)}**")  # ids from a records file are anyone's
            st.dataframe(sources_table(record), hide_index=True, width="stretch",
                         column_config={"link": st.column_config.LinkColumn("link")})
        else:
            st.caption("Click a marker or a row to see all its sources.")

    st.subheader("Timeline")
    _timeline_chart(view)
    st.subheader("Distance checks")
    _claims_panel(result, frame, view, facets["position_actors"])
    st.subheader("Export the filtered view")
    _exports(view, lambda: _draw(view, basemap, colours, drawing), key)


if __name__ == "__main__":  # a page run: Streamlit runs this file once per rerun
    main()
else:  # `streamlit run app.py` imports it once to find the server: every response gets security headers
    from starlette.middleware import Middleware

    from geo.render.serving import SecurityHeaders

    app = st.App(__file__, middleware=[Middleware(SecurityHeaders)])
