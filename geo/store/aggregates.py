"""The dashboard's reads of a large store: what the page shows, without reading every record.

Past ``LARGE_ROWS`` imported rows the page does not read every record. The store is read in two parts:

- **in memory** (``split_records``): our records and the imported rows a decision may concern (those
  of a decided sentence), as ``geo.store.view.light_records`` reads them: a few thousand rows, filtered
  by ``geo.analysis.filter_frame`` as on a small store;
- **indexed**: every other imported row. None has a decision (each is unreviewed, as imported), so
  the page filters and counts them in the columnar index of ``geo.store.columnar`` (read once per
  import, kept by the caller): counts by day, actor and kind (the summary line and the timeline), by
  grid cell (the map's counted cells), by filter option (the facets); only a bounded number of rows
  (``top_rows``: the table's first rows and the map's markers) are read whole from the store, by id.
  The quote search (``text``) asks the store for the ids of the rows it keeps (``quoted_rows``).

The decided sentences' rows are left out of the index's counts (``Split.queried``) and their decided
versions (in ``Split.memory``) counted with ours. So the counts are those ``filter_frame`` gives over
``light_records``. Known differences: on SQLite a quote search folds the case of ASCII letters only
(``LIKE``); the outlets of the summary line are the imported rows' outlets of the whole dataset (or the
chosen ones), not of the filtered rows; imported claims and positions (no import gives any) rank by
date on the map.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
import sqlalchemy as sa

from ..extract.vocabulary import codebook_order
from ..frame import KINDS, combine
from ..render.charts import UNKNOWN_ACTOR, bin_unit
from ..render.facets import OUR_DATASET, STATUS_ORDER, facets
from ..render.summary import NOT_HOLDING, Summary, source_keys
from .columnar import (CELL_DEGREES, ColumnIndex, cell_counts, day_counts, facet_counts, first_rows, kept_rows,
                       shown_columns)
from .indexing import default_cache, index_path, keep_index, load_index
from .ours import OurRecords
from .schema import records, sources
from .view import (CACHE_MIN_ROWS, _escaped, _names, _theirs, decided_imported, decided_sentences, imported_columns,
                   imported_frame, imported_path, light_records, with_rare)

__all__ = ["LARGE_ROWS", "LARGE_MAP_ROWS", "CELL_DEGREES", "Split", "Aggregates", "imported_rows", "keep_for_page",
           "split_records", "quoted_rows",
           "queried_rows", "frame_counts", "query_aggregates", "view_aggregates", "top_rows", "bounded_view",
           "store_facets", "timeline_of", "summary_of"]

LARGE_ROWS = 100_000  # imported rows past which the page reads by the index (fewer: every record, as before)
LARGE_MAP_ROWS = 3_000  # the markers read whole at the most on a large store (the rest: counted cells)
_KEYS = ["event_date", "actor", "kind"]  # what the day counts are counted by


@dataclass(frozen=True)
class Split:
    """A large store read in two parts (see the module's docstring)."""
    memory: gpd.GeoDataFrame  # ours and the decided sentences' imported rows, decisions applied
    decided: gpd.GeoDataFrame  # the decided sentences' imported rows as stored: left out of the index's counts
    rows: int  # imported rows in the store
    index: ColumnIndex | None = None  # every imported row (geo.store.columnar)
    queried: np.ndarray | None = None  # which rows of ``index`` are counted there: all but ``decided``'s


@dataclass(frozen=True)
class Aggregates:
    """What the page shows of a filtered view, counted: ``counts`` (``event_date``, ``actor``, ``kind``,
    ``n``: records by day, actor and kind) and ``cells`` (``lat``, ``lon``: a cell's south-west corner,
    ``n``: its located records; cells of ``step`` degrees)."""
    counts: pd.DataFrame
    cells: pd.DataFrame
    step: float = CELL_DEGREES

    @property
    def total(self) -> int:
        return int(self.counts["n"].sum())

    @cached_property
    def dates(self) -> pd.Series:
        """The ``event_date`` of each row of ``counts`` parsed (NaT: undated, as ``filter_frame`` reads it),
        each distinct value once (a thousand days for ten thousand rows): the summary line and the
        timeline read them."""
        column = self.counts["event_date"]
        codes, values = pd.factorize(column.to_numpy(dtype=object))
        parsed = pd.to_datetime(pd.Series(values, dtype=object), errors="coerce", format="ISO8601").to_numpy()
        every = np.concatenate([parsed, np.array(["NaT"], dtype=parsed.dtype)])  # code -1 (no date): NaT
        return pd.Series(every[codes], index=column.index)


def imported_rows(engine: sa.Engine) -> int:
    """How many imported records rows the store holds."""
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(records)
                                .where(_theirs(_names(conn)))).scalar_one())


def keep_for_page(engine: sa.Engine, cache: Path | None = None) -> Path | None:
    """What the page reads first of a store of many imported records, made now and kept in ``cache``
    (default: ``geo.store.indexing.default_cache()``, the app's), unless it is there already: past
    ``LARGE_ROWS`` the columnar index's file, from ``CACHE_MIN_ROWS`` the imported columns' file. So the
    app's first load after ``python -m geo import`` reads a file instead of making it. The file, or None."""
    cache = default_cache() if cache is None else cache
    if index_path(engine, cache).exists():
        return index_path(engine, cache)
    rows = imported_rows(engine)
    if rows > LARGE_ROWS:
        keep_index(engine, cache)
        return index_path(engine, cache)
    if rows >= CACHE_MIN_ROWS:
        imported_columns(engine, cache=cache)  # kept there as it is read
        return imported_path(engine, cache)
    return None


def _decided_ids(engine: sa.Engine) -> list[int]:
    """The ids of the imported rows whose sentence (and kind) a decision is about."""
    with engine.connect() as conn:
        return [row["id"] for row in decided_sentences(conn, _theirs(_names(conn)))]


def split_records(engine: sa.Engine, *, include_rejected: bool = True, index: ColumnIndex | None = None,
                  cache=None, ours: OurRecords | None = None) -> Split:
    """The store in its two parts: in memory, ours and the imported rows of decided sentences (decisions
    applied, as ``light_records`` gives them); the rest left to ``index`` (``load_index(engine,
    cache=cache)`` when None: a caller keeps it across decisions, it changes with imports only).
    ``ours``: our records as read before (``geo.store.ours``), when the caller keeps them."""
    index = load_index(engine, cache=cache) if index is None else index
    ids = _decided_ids(engine)
    raw = imported_frame(engine, imported_columns(engine, where=records.c.id.in_(ids) if ids else sa.false()))
    memory = light_records(engine, include_rejected=include_rejected, imported=raw, ours=ours)
    as_stored = decided_imported(raw, {}, True)  # unreviewed, unedited: as the index holds them
    return Split(memory, as_stored, len(index), index, ~np.isin(index.ids, as_stored.index.to_numpy()))


def quoted_rows(engine: sa.Engine, text: str) -> np.ndarray | None:
    """The ids of the imported rows in which every word of ``text`` occurs in a quote, the place or
    the actor (any case), as ``filter_frame`` searches; None when ``text`` has no word. A query the user
    types: asked of the store (``LIKE`` with a bound, escaped pattern), one scan per search."""
    words = text.lower().split()
    if not words:
        return None
    c = records.c
    with engine.connect() as conn:
        parts = [_theirs(_names(conn))]
        for word in words:
            pattern = _escaped(word)
            quoted = sa.exists().where(sources.c.record == c.id, sources.c.quote.ilike(pattern, escape="\\"))
            parts.append(sa.or_(quoted, c.place.ilike(pattern, escape="\\"), c.actor.ilike(pattern, escape="\\")))
        return np.asarray(conn.execute(sa.select(c.id).where(*parts)).scalars().all(), dtype="int64")


def queried_rows(engine: sa.Engine, split: Split, filters: dict) -> np.ndarray:
    """Which rows of ``split.index`` (of the rows it counts) ``filter_frame(..., **filters)`` keeps."""
    with engine.connect() as conn:
        names = _names(conn)
    chosen = {name: value for name, value in filters.items() if name != "text"}
    return split.queried & kept_rows(split.index, names, quoted=quoted_rows(engine, filters.get("text", "")),
                                     **chosen)


def frame_counts(frame: gpd.GeoDataFrame, step: float = CELL_DEGREES) -> Aggregates:
    """The counts of ``query_aggregates`` for records in memory."""
    counts = (pd.DataFrame({name: frame[name].astype(object).where(frame[name].notna(), None) for name in _KEYS})
              .groupby(_KEYS, dropna=False).size().rename("n").reset_index())
    located = frame[~(frame.geometry.isna() | frame.geometry.is_empty)]
    points = located.geometry.representative_point()
    cells = (pd.DataFrame({"lat": np.floor((points.y.to_numpy() + 90.0) / step) * step - 90.0,
                           "lon": np.floor((points.x.to_numpy() + 180.0) / step) * step - 180.0})
             .groupby(["lat", "lon"]).size().rename("n").reset_index())
    return Aggregates(counts.astype({"n": "int64"}), cells.astype({"n": "int64"}), step)


def _summed(parts: list[tuple[pd.DataFrame, int]], keys: list[str]) -> pd.DataFrame:
    """Counts (``n``) of several frames added up by ``keys``, each part times its sign; zeros dropped."""
    frames = [part.assign(n=part["n"] * sign) for part, sign in parts if len(part)]
    if not frames:
        return parts[0][0].iloc[0:0]
    every = pd.concat(frames, ignore_index=True)
    summed = every.groupby(keys, sort=False, dropna=False)["n"].sum().reset_index()  # None: a group too
    summed = summed[summed["n"] != 0]
    return summed.assign(**{k: summed[k].astype(object).where(summed[k].notna(), None) for k in keys}
                         ).reset_index(drop=True)


def query_aggregates(engine: sa.Engine, split: Split, filters: dict, *, step: float = CELL_DEGREES,
                     kept: np.ndarray | None = None) -> Aggregates:
    """The counts of the indexed rows that ``filters`` keep (``kept``: ``queried_rows``, when known)."""
    kept = queried_rows(engine, split, filters) if kept is None else kept
    return Aggregates(day_counts(split.index, kept), cell_counts(split.index, kept, step), step)


def view_aggregates(engine: sa.Engine, split: Split, memory_view: gpd.GeoDataFrame, filters: dict, *,
                    step: float = CELL_DEGREES, kept: np.ndarray | None = None) -> Aggregates:
    """The counts of the whole filtered view: ``memory_view`` (the in-memory part filtered) and the
    indexed rows the same ``filters`` keep (``kept``: ``queried_rows``, when known)."""
    queried = query_aggregates(engine, split, filters, step=step, kept=kept)
    mine = frame_counts(memory_view, step)
    return Aggregates(_summed([(mine.counts, 1), (queried.counts, 1)], _KEYS),
                      _summed([(mine.cells, 1), (queried.cells, 1)], ["lat", "lon"]), step)


def top_rows(engine: sa.Engine, split: Split, filters: dict, *, table_rows: int, map_rows: int,
             kept: np.ndarray | None = None) -> gpd.GeoDataFrame:
    """The indexed rows the page shows whole, as ``light_records`` gives them (their heavy cells not read):
    the ``table_rows`` most recent (the table's first rows) and the ``map_rows`` located ones the map
    draws first (the most recent, then the best corroborated), with its claims and positions first.
    Their columns come from the index; the store is asked only for those of rows that fill a rare one."""
    kept = queried_rows(engine, split, filters) if kept is None else kept
    index = split.index
    at = first_rows(index, kept, table_rows=table_rows, map_rows=map_rows)
    columns = with_rare(engine, shown_columns(index, at), index.ids[at[index.rare[at]]].tolist())
    return decided_imported(imported_frame(engine, columns), {}, True)


def bounded_view(engine: sa.Engine, split: Split, memory_view: gpd.GeoDataFrame, filters: dict, *,
                 table_rows: int, map_rows: int, kept: np.ndarray | None = None) -> gpd.GeoDataFrame:
    """The rows of the filtered view the page shows whole: ``memory_view`` and ``top_rows``."""
    shown = top_rows(engine, split, filters, table_rows=table_rows, map_rows=map_rows, kept=kept)
    return combine(memory_view, shown).reset_index(drop=True) if len(shown) else memory_view


def store_facets(engine: sa.Engine, split: Split) -> dict:
    """``geo.render.facets.facets`` of the whole store (of ``light_records(include_rejected=True)``):
    those of the in-memory part and the index's options and counts."""
    with engine.connect() as conn:
        names = _names(conn)
    theirs = facet_counts(split.index, split.queried)
    keys, n = np.unique(split.index.dataset[split.queried], return_counts=True)
    theirs["dataset"] = {names[int(key)]: int(count) for key, count in zip(keys, n)}
    theirs["status"] = {"unreviewed": int(split.queried.sum())} if split.queried.any() else {}
    found = facets(split.memory)
    counts = found["counts"]
    for facet, column in (("actors", "actor"), ("types", "event_type"), ("sub_types", "sub_event_type"),
                          ("kinds", "kind"), ("datasets", "dataset"), ("outlets", "outlet"), ("statuses", "status")):
        for value, count in theirs[column].items():
            counts[facet][value] = counts[facet].get(value, 0) + count
    bounds = [b for b in (found["dates"], theirs["dated"]) if b is not None]
    actors = set(found["actors"]) | set(counts["actors"])
    datasets = set(found["datasets"]) | set(counts["datasets"])
    return found | {
        "dates": (min(b[0] for b in bounds), max(b[1] for b in bounds)) if bounds else None,
        "actors": sorted(actors), "types": codebook_order([*found["types"], *counts["types"]]),
        "sub_types": codebook_order([*found["sub_types"], *counts["sub_types"]]),
        "kinds": [k for k in KINDS if k in counts["kinds"]], "outlets": sorted(set(counts["outlets"])),
        "statuses": [s for s in [*STATUS_ORDER, *sorted(set(counts["statuses"]) - set(STATUS_ORDER))]
                     if s in counts["statuses"] and s != "rejected"],
        "datasets": [d for d in [OUR_DATASET] if d in datasets] + sorted(datasets - {OUR_DATASET}),
        "position_actors": sorted(set(found["position_actors"]) | set(theirs["position_actors"])),
        "counts": counts}


def timeline_of(aggregates: Aggregates) -> tuple[pd.DataFrame, str | None]:
    """``geo.render.charts.timeline_counts`` of the view whose counts are ``aggregates``."""
    chosen = (aggregates.counts["kind"] == "event").to_numpy()
    events, days = aggregates.counts[chosen], aggregates.dates[chosen].dt.normalize()
    empty = pd.DataFrame({"start": pd.Series(dtype="datetime64[ns]"), "end": pd.Series(dtype="datetime64[ns]"),
                          "actor": pd.Series(dtype=object), "events": pd.Series(dtype="int64")})
    found = days.notna().to_numpy()
    if not found.any():
        return empty, None
    days, events = days[found].to_numpy(), events[found]
    unit = bin_unit(pd.Timestamp(days.min()).date(), pd.Timestamp(days.max()).date())
    # Each distinct day's bin once, then one integer per (bin, actor) summed, ordered as a groupby on both.
    day_codes, distinct = pd.factorize(days)
    bins = pd.DatetimeIndex(distinct).to_period({"day": "D", "week": "W-SUN", "month": "M"}[unit])  # a week from Monday
    bin_codes, starts = pd.factorize(bins.start_time.to_numpy()[day_codes], sort=True)
    actors = events["actor"].astype(object).where(events["actor"].notna(), UNKNOWN_ACTOR).astype(str)
    actor_codes, names = pd.factorize(actors.to_numpy(dtype=object), sort=True)
    found, at = np.unique(bin_codes * len(names) + actor_codes, return_inverse=True)
    ends = (pd.DatetimeIndex(starts).to_period(bins.freq) + 1).start_time.to_numpy()
    return pd.DataFrame({"start": starts[found // len(names)], "end": ends[found // len(names)],
                         "actor": np.asarray(names, dtype=object)[found % len(names)],
                         "events": np.bincount(at, weights=events["n"].to_numpy()).astype("int64")}), unit


def summary_of(aggregates: Aggregates, memory_view: gpd.GeoDataFrame, queried_outlets: Iterable[str]) -> Summary:
    """``geo.render.summary.summary_counts`` of the view whose counts are ``aggregates`` (``memory_view``:
    its in-memory part, for the reports, outlets, claims and reviews of ours). Each imported record is
    a report of its own; their outlets are ``queried_outlets``."""
    counts = aggregates.counts
    by_kind = counts.groupby("kind")["n"].sum()
    kinds = {k: int(by_kind[k]) for k in [*KINDS, *sorted(set(by_kind.index) - set(KINDS))] if k in by_kind}
    days = aggregates.dates.dropna()
    keys = source_keys(memory_view)
    queried = aggregates.total - len(memory_view)
    outlets = set(keys["outlet"].dropna()) | ({o for o in queried_outlets if o} if queried else set())
    claims = memory_view["kind"] == "claim"
    not_holding = int((memory_view.loc[claims, "verdict"] == NOT_HOLDING).sum()) if "verdict" in memory_view else 0
    waiting = int((memory_view["review_status"] == "unreviewed").sum()) + queried
    return Summary(kinds, days.min().date() if len(days) else None, days.max().date() if len(days) else None,
                   int(keys["report"].dropna().nunique()) + queried, len(outlets), not_holding, waiting)
