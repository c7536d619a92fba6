"""Streamlit app: read every report by its map, and review its records as a team.

    streamlit run app.py                          # the workspace store (data/workspace.sqlite)
    streamlit run app.py -- --store URL           # another store (a SQLAlchemy URL)
    streamlit run app.py -- --data DIR            # DIR's reports stored too, shown with the rest
    streamlit run app.py -- --records FILE        # records exported earlier (GeoJSON, CSV or GeoParquet)

A thin shell: widgets -> calls into ``geo`` -> st_folium, tables, downloads. All caching and
session state live here. Added reports and decisions go to the store at once; every session
sees them at its next rerun (the records are cached under the store's change stamp). Untrusted
text reaches the page only through ``geo.render.html`` (``esc``, ``md_text``) or as table cells.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
from dataclasses import replace
from pathlib import Path

import streamlit as st

from geo.extract.actors import load_actors
from geo.analysis import distance_check, filter_frame
from geo.analysis.filters import clamped_date, kept_choice, kept_dates, listed, narrowed
from geo.errors import GeoError
from geo.io.records import read_records
from geo.gazetteer import load_gazetteer
from geo.render.assets import lean_links
from geo.render.charts import CHART_CSS, CHART_JS, brushed_dates, timeline_counts, timeline_data
from geo.render.facets import facets
from geo.render.html import md_text
from geo.pipeline import extract, recheck_claims
from geo.render.standalone import standalone_html
from geo.render.forms import DOWNLOADS, REVIEW_ACTIONS, REVIEW_FORM
from geo.render.summary import event_days, source_keys, summary_counts, summary_text
from geo.render.tables import (RECORD_LABELS, claims_table, distance_table, record_table, selected_record,
                               sources_table)
from geo.render.timeline import add_timeline, layer_control_last
from geo.io.reports import MAX_PASTE_BYTES
from geo.render.webmap import actor_colours, build_map, load_basemap, plan_drawing
from geo.store import default_url, open_store
from geo.store.agreement import agreement
from geo.store.aggregates import (LARGE_MAP_ROWS, LARGE_ROWS, Split, bounded_view, imported_rows, queried_rows,
                                  split_records, store_facets, summary_of, timeline_of, view_aggregates)
from geo.store.columnar import ColumnIndex
from geo.store.indexing import default_cache, load_index
from geo.store.ours import OurRecords, read_ours
from geo.store.output import records_bytes
from geo.store.ingest import Extractor, ingest_sample
from geo.store.review import FORM_FIELDS, decide, describe, place_candidates
from geo.store.added import (Positions, folder_signature, read_paste, read_uploads, save_upload_positions, store_added,
                             store_folder, upload_key)
from geo.store.positions import stored_positions
from geo.store.view import (filter_view, imported_columns, imported_frame, imported_stamp, light_records, shown_rows,
                            with_details)
from geo.store.workspace import change_stamp, claim_reports, review_queue, stored_reports, with_matches, with_positions

TABLE_ROWS = 2_000  # rows sent to the table; the exports hold every filtered record
# A date picked by hand: none at first, and any day (Streamlit's default window is ten years back from today).
_ANY_DATE = {"value": None, "min_value": dt.date(1900, 1, 1), "max_value": dt.date(2100, 12, 31)}


def _args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="streamlit run app.py --")
    parser.add_argument("--store", metavar="URL", help="the workspace store (default: data/workspace.sqlite)")
    parser.add_argument("--data", type=Path, help="a folder of report files to store (and show with the rest)")
    parser.add_argument("--records", type=Path, help="records exported earlier (.geojson, .csv or .parquet), no store")
    args, _ = parser.parse_known_args(argv)
    return args


@st.cache_resource(show_spinner="Loading the gazetteer…")
def _services():
    return load_gazetteer(), load_actors()


def _extractor() -> Extractor:
    gazetteer, actors = _services()
    return Extractor(gazetteer=gazetteer, actors=actors)


@st.cache_resource(show_spinner="Opening the store…", max_entries=8)
def _engine(url: str, seed: bool):
    """The store at ``url``; the default one (``seed``) starts with the sample when it is new."""
    return open_store(url, on_create=(lambda engine: ingest_sample(engine, extractor=_extractor())) if seed else None)


@st.cache_data(show_spinner="Storing the folder's reports…", max_entries=4)
def _store_folder(_engine, url: str, folder: str, signature: tuple) -> list[str]:
    """The folder's reports stored, once per change of its files; the problems met."""
    return store_folder(_engine, Path(folder), _extractor())


# cache_resource, not cache_data: the frames are shared, never copied (a copy of 100k
# records per rerun costs more than the rerun); nothing here modifies them.
@st.cache_resource(show_spinner="Reading the imported datasets…", max_entries=2)
def _imported(_engine, url: str, stamp: tuple):
    """The imported records, read once per import (``stamp``); their columns kept on disk too
    (``data/cache/``): a restarted app reads them back in a fraction of the SELECT's time."""
    return imported_frame(_engine, imported_columns(_engine, cache=default_cache()))


@st.cache_resource(show_spinner="Reading the store…", max_entries=2)
def _ours(_engine, url: str, stamp: tuple) -> OurRecords:
    """Our stored records and their merges, read once per change of our records (``stamp``: the records
    part of the change stamp); a decision is applied to them without reading them again (``geo.store.ours``)."""
    return read_ours(_engine)


@st.cache_resource(show_spinner="Reading the store…", max_entries=4)
def _stored(_engine, url: str, stamp: tuple, _ours: OurRecords):
    """Every record of the store (rejected ones too), with the imported events matching ours; the
    quotes of imported records are read when shown (``geo.store.view``)."""
    imported = _imported(_engine, url, imported_stamp(_engine))
    return with_matches(light_records(_engine, include_rejected=True, imported=imported, ours=_ours))


@st.cache_data(show_spinner=False, max_entries=4)
def _large(_engine, url: str, stamp: tuple, most: int) -> bool:
    """Whether the store holds more than ``most`` imported records: the page then reads it by its index
    (asked once per import)."""
    return imported_rows(_engine) > most


@st.cache_resource(show_spinner="Indexing the imported datasets…", max_entries=2)
def _index(_engine, url: str, stamp: tuple) -> ColumnIndex:
    """A large store's imported rows as a columnar index (``geo.store.columnar``), built once per import
    (``stamp``) and kept on disk too (``data/cache/``): a restarted app reads it back in a fraction of
    the SELECT's time."""
    return load_index(_engine, cache=default_cache())


@st.cache_resource(show_spinner="Reading the store…", max_entries=4)
def _split(_engine, url: str, stamp: tuple, _ours: OurRecords) -> Split:
    """A large store's records in memory (ours, the imported ones a decision concerns), with the
    imported events among them matching ours; the rest is in the index (``geo.store.aggregates``)."""
    split = split_records(_engine, include_rejected=True, index=_index(_engine, url, imported_stamp(_engine)),
                          ours=_ours)
    return replace(split, memory=with_matches(split.memory))


@st.cache_resource(max_entries=2)
def _filtered(_frame, chosen: dict, _engine, key: tuple, _split: Split | None = None):
    """(the records the filters ``chosen`` keep, those the page shows in detail (the table's first rows,
    the markers with popups) with their sources read; on a large store (``_split``) the rows shown
    whole only, with the view's counts by query, else None); ``key``: the data's and the filters'."""
    if _engine is None:  # a records file: everything is in memory
        return filter_frame(_frame, **chosen), None
    view = filter_view(_engine, _frame, **chosen)
    counted = None
    if _split is not None:  # the indexed rows the filters keep: counted, and the first of them read whole
        kept = queried_rows(_engine, _split, chosen)
        counted = (view_aggregates(_engine, _split, view, chosen, kept=kept), view)
        view = bounded_view(_engine, _split, view, chosen, table_rows=TABLE_ROWS, map_rows=LARGE_MAP_ROWS, kept=kept)
    known = None if _split is None else _split.index.details  # kept with the index: until the next import
    return with_details(_engine, view, shown_rows(view, table_rows=TABLE_ROWS), known=known), counted


@st.cache_resource(max_entries=4)
def _store_facets(_engine, _split: Split, key: tuple) -> dict:
    """The filters' choices on a large store, by query, once per data set."""
    return store_facets(_engine, _split)


@st.cache_resource(show_spinner="Reading the distance claims…", max_entries=4)
def _claims(_engine, url: str, ids: tuple, stamp: tuple) -> list:
    gazetteer, actors = _services()
    return extract(stored_reports(_engine, ids), gazetteer=gazetteer, actors=actors).claims


@st.cache_resource(max_entries=4)
def _shown(_frame, _engine, _claims, key: tuple):
    """The records with the store's positions, the claims measured again (``key``: the store's URL and stamp)."""
    return with_positions(_frame, stored_positions(_engine), _claims)


@st.cache_resource(show_spinner="Loading records…", max_entries=2)
def _records(path: str, mtime: int):
    return read_records(path)


@st.cache_data(max_entries=8)
def _export(_view, kind: str, key: tuple, _engine=None) -> bytes:
    """One export of the filtered view (with its review columns and, read from the store ``_engine``,
    every source); cached by its kind and the view's key."""
    return records_bytes(_view if _engine is None else with_details(_engine, _view), f".{kind}")


@st.cache_resource(max_entries=4)
def _facets(_frame, key: tuple) -> dict:
    """The choices the filters offer, computed once per data set."""
    return facets(_frame)


@st.cache_resource
def _basemap():
    return load_basemap()


def _say(kind: str, text: object, where=st) -> None:
    """An alert holding untrusted text (a file name, an error), shown as text, never as Markdown."""
    getattr(where, kind)(md_text(text))


# ---------------------------------------------------------------- filters and the URL

def _in_url(name: str, value: str | None, default: str | None = None) -> None:
    """``name=value`` in the URL; none when the value is None or the default."""
    if value is None or value == default:
        st.query_params.pop(name, None)
    else:
        st.query_params[name] = value


def _multiselect(label: str, name: str, options: list[str], *, counts: dict[str, int] | None = None,
                 help: str | None = None, unnamed: str = "") -> list[str]:
    """A searchable choice that starts empty, meaning every record; ``counts`` (records per option)
    follow each option's name ("Russia (12)"), ``unnamed`` names the option ''. The URL keeps only
    what the user chose."""
    key, seen = f"filter_{name}", f"options_{name}"
    if key not in st.session_state:
        st.session_state[key] = listed(st.query_params.get(name), options)
    elif st.session_state.get(seen) != options:  # new reports brought new actors, types ...
        st.session_state[key] = kept_choice(st.session_state[key], options)
    st.session_state[seen] = options

    def shown(option: str) -> str:
        said = option or unnamed or "(none)"
        return f"{said} ({counts.get(option, 0):,})" if counts is not None else said

    chosen = st.sidebar.multiselect(label, options, key=key, format_func=shown, help=help,
                                    placeholder=f"All {len(options):,} (type to search)")
    _in_url(name, ",".join(chosen) if chosen else None)
    return chosen


def _date_range(bounds: tuple[dt.date, dt.date] | None) -> tuple[dt.date | None, dt.date | None]:
    if bounds is None:
        return None, None
    if "filter_dates" not in st.session_state:
        start = clamped_date(st.query_params.get("start"), bounds) or bounds[0]
        end = clamped_date(st.query_params.get("end"), bounds) or bounds[1]
        st.session_state["filter_dates"] = (start, max(start, end))
    elif st.session_state.get("date_bounds") != bounds:  # new reports widened the dates
        st.session_state["filter_dates"] = kept_dates(tuple(st.session_state["filter_dates"] or ()),
                                                      st.session_state.get("date_bounds") or bounds, bounds)
    st.session_state["date_bounds"] = bounds
    picked = st.sidebar.date_input("Event dates", min_value=bounds[0], max_value=bounds[1], key="filter_dates",
                                   help="Pick the first and the last day, or brush a range on the timeline under "
                                        "the map. Records dated to a week or a month count by its first day.")
    picked = picked if isinstance(picked, (tuple, list)) else (picked,)
    start = picked[0] if len(picked) > 0 else None
    end = picked[1] if len(picked) > 1 else None  # a half-picked range: open at the end
    for name, value, default in (("start", start, bounds[0]), ("end", end, bounds[1])):
        _in_url(name, value and value.isoformat(), default.isoformat())
    return start, end


def _toggle(label: str, name: str, default: bool, help: str | None = None) -> bool:
    """A checkbox kept in the URL (``name=1`` or ``0``) when it differs from ``default``."""
    key = f"filter_{name}"
    if key not in st.session_state:
        st.session_state[key] = st.query_params.get(name, "1" if default else "0") != "0"
    value = st.sidebar.checkbox(label, key=key, help=help)
    _in_url(name, "1" if value else "0", "1" if default else "0")
    return value


def _filters(facets: dict) -> dict:
    st.sidebar.header("Filters")
    counts = facets["counts"]
    start, end = _date_range(facets["dates"])
    undated = _toggle("Include undated records", "undated", True,
                      help="Records whose report gives no date for them: kept unless unticked.")
    actors = _multiselect("Actors (actor or second actor)", "actors", facets["actors"], counts=counts["actors"],
                          help="A record is kept when its actor or its second actor is one chosen.")
    types = _multiselect("Event types", "types", facets["types"], counts=counts["types"],
                         help="ACLED's event types, and ours for assets and positions (deployment, position ...).")
    sub_types = _multiselect("Sub-event types", "sub_types", facets["sub_types"], counts=counts["sub_types"],
                             help="ACLED's sub-event types; records without one (assets, positions) always pass.")
    kinds = _multiselect("Kinds", "kinds", facets["kinds"], counts=counts["kinds"],
                         help="Events happened; assets are forces or equipment sent; positions say who holds "
                              "a place; claims are distances a report states, checked against the data.")
    chosen_outlets = _multiselect("Outlets", "outlets", facets["outlets"], counts=counts["outlets"],
                                  unnamed="(not stated)", help="A record is kept when any of its sources is "
                                                               "from an outlet chosen.")
    statuses = _multiselect("Review status", "status", facets["statuses"], counts=counts["statuses"],
                            help="Unreviewed: nobody has checked the record yet; confirmed or edited by a reviewer.")
    rejected = _toggle("Show rejected records", "rejected", False,
                       help="Records a reviewer rejected are hidden unless this is ticked.")
    chosen_datasets = _multiselect("Datasets (ours: extracted)", "datasets", facets["datasets"],
                                   counts=counts["datasets"],
                                   help="'extracted' is what this tool read from the reports; others are "
                                        "imported ACLED or GDELT datasets.")
    if "filter_q" not in st.session_state:
        st.session_state["filter_q"] = st.query_params.get("q", "")
    text = st.sidebar.text_input("Search the quotes", key="filter_q", placeholder="e.g. civilian deaths",
                                 help="Every word must occur in a quote, the place or the actor (any case).")
    _in_url("q", text if text.strip() else None)
    return dict(start=start, end=end, include_undated=undated, actors=narrowed(actors, facets["actors"]),
                event_types=narrowed(types, facets["types"]), sub_event_types=narrowed(sub_types, facets["sub_types"]),
                kinds=narrowed(kinds, facets["kinds"]), outlets=narrowed(chosen_outlets, facets["outlets"]),
                text=text, review_statuses=narrowed(statuses, facets["statuses"]), include_rejected=rejected,
                datasets=narrowed(chosen_datasets, facets["datasets"]))


# ---------------------------------------------------------------- adding reports and positions

def _store(engine, read: tuple[list, list[str]]) -> list[str]:
    """Reports added here, stored; the problems met reading and storing them."""
    reports, problems = read
    if reports:
        counts, failed = store_added(engine, reports, _extractor())
        st.session_state["added_said"] = str(counts)
        problems += failed
    return problems


def _read_uploads(engine, files: list) -> list[str]:
    """Each uploaded file read from memory into a report and stored; the problems met."""
    with st.status(f"Reading {len(files)} file(s)…") as status:
        read = read_uploads([(upload.name, upload.getvalue()) for upload in files], reading=lambda name, number: (
            status.update(label=md_text(f"Reading {name} ({number} of {len(files)})…"))))
        status.update(label=f"Read {len(files)} file(s)", state="complete")
    return _store(engine, read)


def _add_reports(engine) -> None:
    """Uploaded or pasted reports go to the store. The problems of the last batch are listed
    until the next one replaces them."""
    with st.sidebar.expander("Add reports"):
        with st.form("upload", clear_on_submit=True):
            files = st.file_uploader("Report files (UTF-8 text, optional front matter)", type=["txt", "md"],
                                     accept_multiple_files=True)
            if st.form_submit_button("Add files") and files:
                st.session_state["added_problems"] = _read_uploads(engine, files)
        with st.form("paste", clear_on_submit=True):
            text = st.text_area("Or paste a report", max_chars=MAX_PASTE_BYTES)
            meta = {name.lower(): st.text_input(name) for name in ("Title", "Outlet", "URL")}
            published = st.date_input("Published", **_ANY_DATE)
            if st.form_submit_button("Add text"):
                st.session_state["added_problems"] = _store(engine, read_paste(text, **meta, published=published))
        if st.session_state.get("added_said"):
            st.caption(md_text(f"Stored: {st.session_state['added_said']}"))


def _positions_upload(engine) -> None:
    """Positions stored for every session, read and stored again when the bytes or the actor typed
    change; a file that cannot be read stores nothing, removes nothing stored, and says why."""
    with st.sidebar.expander("Positions or control areas"):
        upload = st.file_uploader("GeoJSON, GeoPackage or CSV with lat/lon", type=["geojson", "json", "gpkg", "csv"],
                                  key="positions_file")
        actor = st.text_input("Actor of every feature (else the file's 'actor' column)", key="positions_actor")
        if upload is None:
            st.session_state.pop("positions", None)
            return
        data = upload.getvalue()
        if getattr(st.session_state.get("positions"), "key", None) != upload_key(data, actor):
            st.session_state["positions"] = save_upload_positions(engine, data, upload.name, actor)


# ---------------------------------------------------------------- the page

def _data(args: argparse.Namespace, engine) -> tuple[object, list, list[str], str, tuple, Split | None]:
    """(frame, the claims to measure again, problems, what is shown, a key that changes with the data,
    on a large store the split of ``geo.store.aggregates`` (the frame: its part in memory), else None)."""
    if engine is None:
        try:
            key = (str(args.records), args.records.stat().st_mtime_ns)
        except OSError as err:
            raise GeoError(f"Expected a records file, got {str(args.records)!r} ({err.strerror or err}).") from err
        return _records(*key), [], [], f"records from {args.records}", key, None
    url = engine.url.render_as_string(hide_password=True)
    problems = []
    if args.data is not None:
        if not args.data.is_dir():
            raise GeoError(f"Expected a folder of report files, got {str(args.data)!r}.")
        problems += _store_folder(engine, url, str(args.data.resolve()), folder_signature(args.data))
    stamp = change_stamp(engine)  # another session's report or decision changes it
    ours = _ours(engine, url, (stamp[0], stamp[1], stamp[5]))  # our records, their count, the last row, the reports
    large = _large(engine, url, imported_stamp(engine), LARGE_ROWS)
    split = _split(engine, url, stamp[:6], ours) if large else None
    stored = _stored(engine, url, stamp[:6], ours) if split is None else split.memory  # the records part of the stamp
    ids = tuple(claim_reports(stored))
    claims = _claims(engine, url, ids, stamp[:2]) if ids else []
    positions = st.session_state.get("positions") or Positions(("", ""))
    key = (url, stamp) if split is None else (url, stamp, "by queries")  # a frame of its own: not the same data
    frame = _shown(stored, engine, claims, key)
    problems += st.session_state.get("added_problems", []) + list(positions.warnings)
    split = None if split is None else replace(split, memory=frame)
    return frame, claims, problems, f"the store {url}", key, split


@st.cache_resource(max_entries=4)
def _prepared(_frame, key: tuple) -> tuple:
    """(each record's event day, each source's report and outlet) of a data set, made once for it."""
    return event_days(_frame), source_keys(_frame)


@st.cache_resource(max_entries=8)
def _described(_view, _made: tuple, key: tuple) -> tuple[str, tuple]:
    """(the summary line, the timeline's (counts, unit)) of the view the filters ``key`` choose."""
    days, sources = _made  # _prepared(frame)
    return summary_text(summary_counts(_view, days=days, sources=sources)), timeline_counts(_view, days=days)


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


def _timeline(timeline: tuple, colours: dict[str, str], bounds, chosen: dict) -> None:
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


# A record's zoom by how precisely it is located; else a town's, 9: the offline outlines show nothing closer.
_ZOOM = {"country": 6, "region": 6, "report": 6, "border": 7, "province": 8}


def _picked_rows(table) -> list[int]:
    """The table's selected rows as the page run begins (the map above it is drawn first)."""
    state = st.session_state.get("table") or {}
    rows = list((state.get("selection") or {}).get("rows") or [])
    return [row for row in rows if 0 <= row < len(table)]


def _focus(view, table, rows: list[int]) -> tuple[tuple[float, float] | None, int | None]:
    """(centre, zoom) of the map on the record of the row picked in the table; (None, None) without one."""
    if not rows:
        return None, None
    record = view[view["record_id"] == table["record"].iloc[rows[0]]]
    shape = record.geometry.iloc[0] if len(record) else None
    if shape is None or shape.is_empty:
        return None, None
    point = shape if shape.geom_type == "Point" else shape.representative_point()
    return (point.y, point.x), _ZOOM.get(str(record["geo_precision"].iloc[0]), 9)


def _claims_panel(extracted: list, frame, view, position_actors: list[str]) -> None:
    claims = view[view["kind"] == "claim"]
    if extracted and position_actors:
        default = "as the report says"
        actor = st.selectbox("Measure each claim to the positions of", [default, *position_actors], key="claim_actor")
        if actor != default:
            claims = recheck_claims(extracted, frame, actor=actor)
    if claims.empty:
        st.caption("No distance claims in this view.")
    else:
        st.dataframe(claims_table(claims), hide_index=True, width="stretch")
    if position_actors:
        actor = st.selectbox("Distance from every event to the nearest position of", position_actors,
                             key="distance_actor")
        check = distance_check(view, actor=actor)
        if not check.empty:
            st.dataframe(distance_table(check), hide_index=True, width="stretch")


def _decide(engine, action: str, country: str | None) -> None:
    """A review button's callback, run before the page is made: the decision goes to the store."""
    state, record, by = st.session_state, st.session_state.get("review_record"), st.session_state.get("review_by", "")
    form = {name: state.get(f"review_{name}") for name in FORM_FIELDS}
    try:
        changes = decide(engine, record, action, form, by=by, gazetteer=_services()[0], country=country)
    except GeoError as err:
        state["review_said"] = ("error", str(err))
        return
    state["review_said"] = ("success", f"{record}, by {by.strip()}: {describe(changes)}")
    for name in FORM_FIELDS:
        state.pop(f"review_{name}", None)


def _use_click(point: dict) -> None:
    st.session_state["review_lat"], st.session_state["review_lon"] = f"{point['lat']:.5f}", f"{point['lng']:.5f}"


def _review_panel(engine, view, selected: str | None, point: dict | None) -> None:
    """Our records in the view, the least certain first; confirm, reject or edit one (its place
    by a gazetteer name, latitude and longitude, or a click on the map)."""
    queue = review_queue(view, _services()[1].actors)
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
        st.dataframe(place_candidates(_services()[0], search, country=country), hide_index=True)
    if isinstance(point, dict) and {"lat", "lng"} <= set(point):
        st.button(f"Use the map click ({point['lat']:.4f}, {point['lng']:.4f}) as the place", on_click=_use_click,
                  args=(point,), key="review_click")
    with st.form("review_form"):
        columns = st.columns(3)
        for n, (widget, label, name, options) in enumerate(REVIEW_FORM):
            extra = {"options": options} if options else _ANY_DATE if widget == "date_input" else {}
            getattr(columns[n % 3], widget)(label, key=f"review_{name}", **extra)
        for column, (label, action) in zip(st.columns(3), REVIEW_ACTIONS):
            column.form_submit_button(label, on_click=_decide, args=(engine, action, country))
    said = state.pop("review_said", None)
    if said:
        _say(*said)


def _agreement_panel(view) -> None:
    table = agreement(view) if "dataset" in view else None
    if table is None or table.empty:
        st.caption("No imported dataset in this view (python -m geo import acled|gdelt FILE adds one).")
        return
    st.dataframe(table.rename(columns={"ours_only": "ours only", "theirs_only": "theirs only"}), hide_index=True)


def _counted_notice(counted, drawing) -> str:
    """What the map of a large store shows of the view whose counts are ``counted``."""
    drawn = len(drawing.detailed) + len(drawing.compact)
    located = int(counted.cells["n"].sum())
    return (f"{counted.total:,} records match. The map draws the {drawn:,} most recent ({len(drawing.detailed):,} "
            f"with popups, the rest as dots); its layer 'Records per {counted.step:g}° cell' counts all {located:,} "
            "located ones. Narrow the filters to draw each one.")


_MAX_CELLS = 3_000  # cells drawn at the most: more are merged into cells twice as large


def _add_cells(m, cells, step: float) -> None:
    """The records of a large view counted per cell of ``step`` degrees, drawn as shaded squares (their
    tooltip: the count), under the markers: one GeoJSON layer (an element per cell made the page's
    folium render cost seconds at each rerun). Only numbers reach the page."""
    import folium

    while len(cells) > _MAX_CELLS:
        step *= 2
        cells = cells.assign(lat=(cells["lat"] + 90.0) // step * step - 90.0,
                             lon=(cells["lon"] + 180.0) // step * step - 180.0).groupby(
            ["lat", "lon"], as_index=False)["n"].sum()
    folium.map.CustomPane("cells", z_index=350).add_to(m)  # under the markers (400): they keep their clicks
    most = max(int(cells["n"].max()), 2) if len(cells) else 2
    features = [{"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[  # (lon, lat) in GeoJSON
        [lon, lat], [lon + step, lat], [lon + step, lat + step], [lon, lat + step], [lon, lat]]]},
        "properties": {"label": f"{int(n):,} record{'' if n == 1 else 's'}",
                       "shade": round(0.08 + 0.5 * math.log(int(n)) / math.log(most), 3)}}
        for lat, lon, n in cells[["lat", "lon", "n"]].itertuples(index=False)]
    folium.GeoJson({"type": "FeatureCollection", "features": features}, name=f"Records per {step:g}° cell",
                   style_function=lambda feature: {"weight": 0, "fill": True, "fillColor": "#555555",
                                                   "fillOpacity": feature["properties"]["shade"]},
                   tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False), pane="cells").add_to(m)
    layer_control_last(m)  # it lists the cells' layer


def _draw(view, basemap, colours: dict, drawing):
    """The map of the view, with its "Playback" layer (the records with popups)."""
    m = build_map(view, basemap=basemap, colours=colours, drawing=drawing)
    add_timeline(m, drawing.detailed, colours)
    return m


def _exports(view, draw, key: tuple, engine=None) -> None:
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


def main() -> None:
    # Imported in the page run, not when the server imports this file: a component
    # declared before Streamlit's runtime exists is never served (a 404 in the browser).
    from streamlit_folium import st_folium

    st.set_page_config(page_title="News reports on a map", page_icon="🗺️", layout="wide")
    st.title("News reports on a map")
    args = _args(sys.argv[1:])
    engine = None
    try:
        if args.records is None:
            engine = _engine(args.store or default_url(), args.store is None)
            _add_reports(engine)
            _positions_upload(engine)
        frame, claims, problems, what, key, split = _data(args, engine)
    except GeoError as err:
        _say("error", err)
        st.stop()
    failed = getattr(st.session_state.get("positions"), "error", None)
    if failed:
        _say("error", failed)
    for problem in problems:
        _say("warning", problem)
    if frame.empty and (split is None or split.rows == len(split.decided)):  # a large store's frame: ours only
        _say("info", f"No events, assets or positions found in {what}.")
        st.stop()

    facets = _facets(frame, key) if split is None else _store_facets(engine, split, key)
    chosen = _filters(facets)
    view, counted = _filtered(frame, chosen, engine, key, split)
    every = len(frame) if split is None else len(frame) + split.rows - len(split.decided)
    total = every if chosen["include_rejected"] else every - facets["rejected"]
    matching = len(view) if counted is None else counted[0].total
    st.sidebar.metric("Records shown", f"{matching} of {total}")
    view_key = (key, repr(sorted(chosen.items())))  # the view's identity: the data and the filters
    prepared = _prepared(frame, key) if counted is None else None
    if prepared is not None:
        line, timeline = _described(view, prepared, view_key)
    else:  # a large store: the counts of the whole view, by query
        outlets = facets["outlets"] if chosen["outlets"] is None else chosen["outlets"]
        line, timeline = summary_text(summary_of(counted[0], counted[1], outlets)), timeline_of(counted[0])
    st.markdown(md_text(line))
    basemap = _basemap()
    if basemap is None:
        st.warning("The offline basemap is missing: run `make setup` (or `python -m geo.render.assets`).")

    drawing = plan_drawing(view)
    outside = drawing.framing.outside_text if drawing.framing else ""
    st.caption(md_text(f"{what} · {matching} of {total} records shown"
                       + (f" · {outside} (the map's 'show all' button zooms out to them)" if outside else "")))
    notice = drawing.notice if counted is None else _counted_notice(counted[0], drawing)
    if notice:
        st.info(notice)
    colours = actor_colours(facets["actors"])

    def drawn():  # the map, with a large view's counted cells: on the page and in the map export
        made = _draw(view, basemap, colours, drawing)
        if counted is not None:
            _add_cells(made, counted[0].cells, counted[0].step)
        return made

    m = lean_links(drawn())  # the export's map keeps folium's links: its own test inlines them
    table = record_table(view, limit=TABLE_ROWS, days=None if prepared is None else prepared[0])
    centre, zoom = _focus(view, table, _picked_rows(table))
    # render=False: st_folium sends what the map's own render makes (its script, header and html); the
    # whole page it renders first it throws away (the same arguments either way; 114-132 -> 36 ms a
    # rerun at 100,000 records).
    clicked = st_folium(m, height=560, use_container_width=True, key="map", center=centre, zoom=zoom,
                        returned_objects=["last_object_clicked_tooltip", "last_clicked"], render=False)
    table_column, sources_column = st.columns([3, 2])
    with table_column:
        if counted is not None and matching > len(view):
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

    st.subheader("Timeline")
    _timeline(timeline, colours, facets["dates"], chosen)
    if engine is not None:
        st.subheader("Review")
        _review_panel(engine, view, selected, (clicked or {}).get("last_clicked"))
        st.subheader("Agreement with imported datasets")
        if counted is None:
            _agreement_panel(view)
        else:
            st.caption(f"Not counted on the page for a store of more than {LARGE_ROWS:,} imported records "
                       f"(this one: {split.rows:,}); our events' popups list the matches among the records read.")
    st.subheader("Distance checks")
    _claims_panel(claims, frame, view, facets["position_actors"])
    st.subheader("Export the filtered view")
    _exports(view, drawn, view_key, engine)


if __name__ == "__main__":  # a page run: Streamlit runs this file once per rerun
    main()
else:  # `streamlit run app.py` imports it once to find the server: every response gets security headers
    from starlette.middleware import Middleware

    from geo.render.serving import SecurityHeaders

    app = st.App(__file__, middleware=[Middleware(SecurityHeaders)])
