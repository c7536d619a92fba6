"""The dashboard's functions timed without Streamlit on a large store (benchmarks/store.py): the first
load and a change of the actors filter as the app reads a store past ``LARGE_ROWS`` imported records
(by the columnar index), and what a decision costs."""

from __future__ import annotations

import statistics
import time
from dataclasses import replace
from pathlib import Path

from benchmarks.store_data import ACTORS, load
from geo.render.summary import summary_text
from geo.render.tables import record_table
from geo.render.timeline import add_timeline
from geo.render.webmap import actor_colours, build_map, load_basemap, plan_drawing
from geo.store import open_store, review_record
from geo.store.aggregates import (LARGE_MAP_ROWS, LARGE_ROWS, bounded_view, imported_rows, queried_rows,
                                  split_records, store_facets, summary_of, timeline_of, view_aggregates)
from geo.store.indexing import load_index
from geo.store.migrations import OUR_DATASET
from geo.store.ours import read_ours
from geo.store.positions import stored_positions
from geo.store.view import filter_view, shown_rows, with_details
from geo.store.workspace import review_queue, with_matches, with_positions

TABLE_ROWS = 2_000  # as app.py


def _drawn(view, basemap, colours) -> str:
    """The map planned, built and rendered, the table and the review queue made; the map's HTML."""
    drawing = plan_drawing(view)
    m = build_map(view, basemap=basemap, colours=colours, drawing=drawing)
    add_timeline(m, drawing.detailed, colours)
    html = m.get_root().render()
    record_table(view, limit=TABLE_ROWS)
    review_queue(view)
    return html


def _queried_page(engine, split, found: dict, chosen: dict, basemap, colours) -> tuple[object, str, int]:
    """What the app does at a rerun on a large store (``geo.store.aggregates``): the in-memory part
    filtered, the indexed rows the filters keep (``queried_rows``), the counts of the whole view (summary
    line, timeline, cells), the rows shown whole (the table's first, the map's markers) read by id with
    their sources, the map built and rendered; (the rows shown, the map's HTML, the records the view holds)."""
    memory_view = filter_view(engine, split.memory, **chosen)
    kept = queried_rows(engine, split, chosen)
    counts = view_aggregates(engine, split, memory_view, chosen, kept=kept)
    view = bounded_view(engine, split, memory_view, chosen, table_rows=TABLE_ROWS, map_rows=LARGE_MAP_ROWS, kept=kept)
    view = with_details(engine, view, shown_rows(view, table_rows=TABLE_ROWS), known=split.index.details)
    summary_text(summary_of(counts, memory_view, found["outlets"]))
    timeline_of(counts)
    return view, _drawn(view, basemap, colours), counts.total


def queried_dashboard(url: str, cache: Path) -> dict:
    """``dashboard`` as the app reads a store of more than LARGE_ROWS imported records: by the columnar
    index (kept in ``cache`` as the app keeps it in data/cache/: built by the SELECT when missing)."""
    basemap = load_basemap()
    started = time.perf_counter()
    engine = open_store(url)
    split = split_records(engine, include_rejected=True, cache=cache)
    split = replace(split, memory=with_positions(with_matches(split.memory), stored_positions(engine), []))
    read = time.perf_counter() - started
    found = store_facets(engine, split)
    colours = actor_colours(found["actors"])
    chosen = {"include_rejected": False}
    view, html, total = _queried_page(engine, split, found, chosen, basemap, colours)
    first = time.perf_counter() - started
    changes = []
    for choice in (ACTORS[:5], ACTORS[2:6], ACTORS, ACTORS[:3], ACTORS[5:]):  # the median of five changes
        started = time.perf_counter()
        _queried_page(engine, split, found, chosen | {"actors": list(choice)}, basemap, colours)
        changes.append(time.perf_counter() - started)
    engine.dispose()
    return {"records": len(split.memory) + split.rows - len(split.decided), "shown": total, "read": read,
            "first": first, "change": statistics.median(changes), "sent MB": len(html.encode("utf-8")) / 1e6}


def bench_decisions(url: str, label: str, cache: Path) -> None:
    """What a decision costs on a large store: the part in memory made again (``split_records``) after a
    confirmation, a rejection and the rejection taken back, with our records kept (``geo.store.ours``, as
    the app keeps them) and read again (as before). The decisions stay in the store (the record ends
    confirmed; three audit rows a run)."""
    engine = open_store(url)
    index, ours = load_index(engine, cache=cache), read_ours(engine)
    memory = split_records(engine, include_rejected=True, index=index, ours=ours).memory
    single = memory[(memory["dataset"] == OUR_DATASET) & memory["kind"].eq("event") & memory["corroboration"].eq(1)]
    record = single["record_id"].iloc[len(single) // 2]
    for status in ("confirmed", "rejected", "confirmed"):
        review_record(engine, record, by="benchmark", status=status, note="benchmarks/store.py")
        started = time.perf_counter()
        split_records(engine, include_rejected=True, index=index, ours=ours)
        kept = time.perf_counter() - started
        started = time.perf_counter()
        split_records(engine, include_rejected=True, index=index)
        print(f"  {label} after a decision ({status}): ours kept {kept:5.2f} s, read again "
              f"{time.perf_counter() - started:5.2f} s ({load()})", flush=True)
    engine.dispose()


def bench_dashboard(url: str, label: str, cache: Path) -> None:
    """The dashboard's figures by the columnar index (a store past LARGE_ROWS imported records, as the app
    reads it): built by the SELECT, then read back from its file."""
    engine = open_store(url)
    large = imported_rows(engine) > LARGE_ROWS
    engine.dispose()
    if not large:
        print(f"  {label}: {LARGE_ROWS:,} imported records or fewer: read whole, as before issue 13's queries")
        return
    for name in ("cold: index by SELECT", "restarted app: index file"):  # the first run leaves the file
        got = queried_dashboard(url, cache / "index")
        print(f"  {label} {name:<26} {got['records']:>9,} records: read {got['read']:5.2f} s, first map "
              f"{got['first']:5.2f} s, filter change {got['change']:5.2f} s (median of 5), {got['shown']:,} in "
              f"the view, map page {got['sent MB']:.2f} MB ({load()})", flush=True)
    bench_decisions(url, label, cache / "index")
