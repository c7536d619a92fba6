"""The dashboard's reads of a large store: what the page shows, asked of the database.

Past ``LARGE_ROWS`` imported rows the page does not read every record. The store is read in two parts:

- **in memory** (``split_records``): our records and the imported rows a decision may concern (those
  of a decided sentence), as ``geo.store.view.light_records`` reads them: a few thousand rows, filtered
  by ``geo.analysis.filter_frame`` as on a small store;
- **queried**: every other imported row. None has a decision (each is unreviewed, as imported), so a
  filter is a WHERE clause (``imported_filter``) and the page asks only for what it shows: counts by
  day, actor and kind (the summary line and the timeline), by grid cell (the map's counted cells), by
  filter option (the facets), and a bounded number of whole rows (``top_rows``: the table's first rows
  and the map's markers).

The queries run over every imported row; the decided sentences' rows as stored (``Split.decided``,
a few) are counted in memory and subtracted, and their decided versions (in ``Split.memory``)
counted with ours. So the counts are those ``filter_frame`` gives over ``light_records``. Known
differences: on SQLite a quote search folds the case of ASCII letters only (``LIKE``); the outlets
of the summary line are the imported rows' outlets of the whole dataset (or the chosen ones), not
of the filtered rows; imported claims and positions (no import gives any) rank by date on the map.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
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
from .output import ours_id
from .schema import ANCHOR, decisions, records, sources
from .view import _names, _theirs, decided_imported, filter_view, imported_columns, imported_frame, light_records

__all__ = ["LARGE_ROWS", "CELL_DEGREES", "Split", "Aggregates", "imported_rows", "split_records",
           "imported_filter", "frame_counts", "query_aggregates", "view_aggregates", "top_rows",
           "bounded_view", "store_facets", "timeline_of", "summary_of"]

LARGE_ROWS = 100_000  # imported rows past which the page reads by queries (fewer: every record, as before)
CELL_DEGREES = 0.5  # the side of the map's counted cells
_KEYS = ["event_date", "actor", "kind"]  # what the day counts are counted by
_FACET_KEYS = ["actor", "actor2", "event_type", "sub_event_type", "kind", "dataset"]
_DATED = "____-__-__%"  # an ISO day, as the store writes event dates (anything else is undated)


@dataclass(frozen=True)
class Split:
    """A large store read in two parts (see the module's docstring)."""
    memory: gpd.GeoDataFrame  # ours and the decided sentences' imported rows, decisions applied
    decided: gpd.GeoDataFrame  # the decided sentences' imported rows as stored: subtracted from the queries
    rows: int  # imported rows in the store


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


def imported_rows(engine: sa.Engine) -> int:
    """How many imported records rows the store holds."""
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(records)
                                .where(_theirs(_names(conn)))).scalar_one())


def _decided_sentences():
    """The condition of a records row whose sentence (and kind) a decision is about."""
    sentence = sa.select(records.c.id).join(decisions, sa.and_(*(records.c[n] == decisions.c[n] for n in ANCHOR[:4])))
    return records.c.id.in_(sentence.scalar_subquery())


def split_records(engine: sa.Engine, *, include_rejected: bool = True) -> Split:
    """The store in its two parts: in memory, ours and the imported rows of decided sentences (decisions
    applied, as ``light_records`` gives them); the rest left to the queries."""
    raw = imported_frame(engine, imported_columns(engine, where=_decided_sentences()))
    memory = light_records(engine, include_rejected=include_rejected, imported=raw)
    as_stored = decided_imported(raw, {}, True)  # unreviewed, unedited: as the queries see them
    return Split(memory, as_stored, imported_rows(engine))


def imported_filter(conn: sa.Connection, *, start: dt.date | None = None, end: dt.date | None = None,
                    actors: Iterable[str] | None = None, kinds: Iterable[str] | None = None,
                    event_types: Iterable[str] | None = None, sub_event_types: Iterable[str] | None = None,
                    outlets: Iterable[str] | None = None, text: str = "", include_undated: bool = True,
                    review_statuses: Iterable[str] | None = None, datasets: Iterable[str] | None = None,
                    include_rejected: bool = True):
    """The condition on ``records`` of the imported rows that ``filter_frame(..., **filters)`` keeps
    of an unreviewed imported record (its arguments, the same meaning)."""
    c, names = records.c, _names(conn)
    ours = ours_id(names)  # the others by their ids: the index by dataset and date serves (``records_dashboard``)
    parts = [c.dataset_id.in_(sorted(key for key in names if key != ours))]
    undated = sa.or_(c.event_date.is_(None), c.event_date.not_like(_DATED))
    if start is not None:
        parts.append(sa.or_(undated, c.event_date >= start.isoformat()))
    if end is not None:
        parts.append(sa.or_(undated, c.event_date <= end.isoformat()))
    if not include_undated:
        parts.append(c.event_date.like(_DATED))
    if actors is not None:
        wanted = sorted(set(actors))
        parts.append(sa.or_(c.actor.in_(wanted), c.actor2.in_(wanted)))
    for column, chosen in ((c.kind, kinds), (c.event_type, event_types)):
        if chosen is not None:
            parts.append(column.in_(sorted(set(chosen))))
    if sub_event_types is not None:  # records with none pass
        parts.append(sa.or_(c.sub_event_type.is_(None), c.sub_event_type.in_(sorted(set(sub_event_types)))))
    if outlets is not None:  # the first source's outlet ('' for none), as the light frame holds it
        first = (sa.select(sources.c.outlet).where(sources.c.record == c.id, sources.c.position == 0)
                 .scalar_subquery())
        parts.append(sa.func.coalesce(first, "").in_(sorted(set(outlets))))
    for word in text.lower().split():
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        quoted = sa.exists().where(sources.c.record == c.id, sources.c.quote.ilike(pattern, escape="\\"))
        parts.append(sa.or_(quoted, c.place.ilike(pattern, escape="\\"), c.actor.ilike(pattern, escape="\\")))
    if review_statuses is not None and "unreviewed" not in set(review_statuses):
        parts.append(sa.false())
    if datasets is not None:
        parts.append(c.dataset_id.in_(sorted(key for key, name in names.items() if name in set(datasets))))
    return sa.and_(*parts)


def _cell(column, offset: float, step: float, dialect: str):
    """The cell number of ``column`` (a latitude or longitude; + ``offset`` makes it positive):
    floor((value + offset) / step), in SQL of either dialect (PostgreSQL rounds a cast to integer)."""
    value = (column + offset) / step
    return sa.func.floor(value) if dialect == "postgresql" else sa.cast(value, sa.Integer)


def _query_counts(engine: sa.Engine, filters: dict) -> pd.DataFrame:
    with engine.connect() as conn:
        keys = [records.c[name] for name in _KEYS]
        rows = conn.execute(sa.select(*keys, sa.func.count()).where(imported_filter(conn, **filters))
                            .group_by(*keys)).all()
    return pd.DataFrame(rows, columns=[*_KEYS, "n"]).astype({"n": "int64"})


def _query_cells(engine: sa.Engine, filters: dict, step: float) -> pd.DataFrame:
    with engine.connect() as conn:
        lat, lon = (_cell(records.c.lat, 90.0, step, engine.dialect.name),
                    _cell(records.c.lon, 180.0, step, engine.dialect.name))
        rows = conn.execute(sa.select(lat, lon, sa.func.count())
                            .where(imported_filter(conn, **filters), records.c.lat.isnot(None),
                                   records.c.lon.isnot(None)).group_by(lat, lon)).all()
    cells = pd.DataFrame(rows, columns=["lat", "lon", "n"])
    return pd.DataFrame({"lat": cells["lat"].astype(float) * step - 90.0, "lon": cells["lon"].astype(float) * step
                         - 180.0, "n": cells["n"].astype("int64")})


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


def query_aggregates(engine: sa.Engine, split: Split, filters: dict, *, step: float = CELL_DEGREES) -> Aggregates:
    """The counts of the queried part's rows that ``filters`` keep (the two queries run side by side)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        counts = pool.submit(_query_counts, engine, filters)
        cells = pool.submit(_query_cells, engine, filters, step)
        counts, cells = counts.result(), cells.result()
    decided = frame_counts(filter_view(engine, split.decided, **filters), step)
    return Aggregates(_summed([(counts, 1), (decided.counts, -1)], _KEYS),
                      _summed([(cells, 1), (decided.cells, -1)], ["lat", "lon"]), step)


def view_aggregates(engine: sa.Engine, split: Split, memory_view: gpd.GeoDataFrame, filters: dict, *,
                    step: float = CELL_DEGREES) -> Aggregates:
    """The counts of the whole filtered view: ``memory_view`` (the in-memory part filtered) and the
    queried rows the same ``filters`` keep."""
    queried, mine = query_aggregates(engine, split, filters, step=step), frame_counts(memory_view, step)
    return Aggregates(_summed([(mine.counts, 1), (queried.counts, 1)], _KEYS),
                      _summed([(mine.cells, 1), (queried.cells, 1)], ["lat", "lon"]), step)


def top_rows(engine: sa.Engine, split: Split, filters: dict, *, table_rows: int, map_rows: int
             ) -> gpd.GeoDataFrame:
    """The queried rows the page shows whole, as ``light_records`` gives them: the ``table_rows`` most
    recent (the table's first rows) and the ``map_rows`` located ones the map draws first (the most
    recent, then the best corroborated), with every queried claim and position among the first."""
    c, skip = records.c, set(split.decided.index)
    with engine.connect() as conn:
        kept = imported_filter(conn, **filters)
        recent = (c.event_date.desc().nulls_last(), c.id)
        located = sa.and_(kept, c.lat.isnot(None), c.lon.isnot(None))
        ids: dict[int, None] = {}
        for query, limit in ((sa.select(c.id).where(kept).order_by(*recent), table_rows),
                             (sa.select(c.id).where(located, c.kind.in_(["claim", "position"])).order_by(*recent),
                              map_rows),
                             (sa.select(c.id).where(located).order_by(c.event_date.desc().nulls_last(),
                                                                      c.corroboration.desc().nulls_last(), c.id),
                              map_rows)):
            found = [key for key in conn.execute(query.limit(limit + len(skip))).scalars() if key not in skip]
            ids.update(dict.fromkeys(found[:limit]))
    chosen = sorted(ids)
    columns = imported_columns(engine, where=c.id.in_(chosen)) if chosen else imported_columns(engine, where=sa.false())
    return decided_imported(imported_frame(engine, columns), {}, True)


def bounded_view(engine: sa.Engine, split: Split, memory_view: gpd.GeoDataFrame, filters: dict, *,
                 table_rows: int, map_rows: int) -> gpd.GeoDataFrame:
    """The rows of the filtered view the page shows whole: ``memory_view`` and ``top_rows``."""
    shown = top_rows(engine, split, filters, table_rows=table_rows, map_rows=map_rows)
    return combine(memory_view, shown).reset_index(drop=True) if len(shown) else memory_view


def _facet_rows(engine: sa.Engine) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(every imported row counted by ``_FACET_KEYS`` with the first and last of their dated event
    days; counted by their first source's outlet)."""
    c = records.c
    with engine.connect() as conn:
        names, theirs = _names(conn), _theirs(_names(conn))
        keys = [c[name] for name in _FACET_KEYS[:-1]] + [c.dataset_id]
        dated = sa.case((c.event_date.like(_DATED), c.event_date))
        combos = conn.execute(sa.select(*keys, sa.func.count(), sa.func.min(dated), sa.func.max(dated))
                              .where(theirs).group_by(*keys)).all()
        first = sa.and_(sources.c.record == c.id, sources.c.position == 0)
        outlet = sa.func.coalesce(sources.c.outlet, "")
        outlets = conn.execute(sa.select(outlet, sa.func.count()).select_from(records).outerjoin(sources, first)
                               .where(theirs).group_by(outlet)).all()
    combos = pd.DataFrame(combos, columns=[*_FACET_KEYS, "n", "first", "last"])
    combos["dataset"] = combos["dataset"].map(names)
    return combos, pd.DataFrame(outlets, columns=["outlet", "n"])


def store_facets(engine: sa.Engine, split: Split) -> dict:
    """``geo.render.facets.facets`` of the whole store (of ``light_records(include_rejected=True)``):
    those of the in-memory part and the queried part's options and counts, from two queries."""
    combos, outlets = _facet_rows(engine)
    decided = split.decided
    mine = pd.DataFrame({name: decided[name].astype(object).where(decided[name].notna(), None)
                         for name in _FACET_KEYS}).assign(n=1)
    queried = _summed([(combos[[*_FACET_KEYS, "n"]], 1), (mine, -1)], _FACET_KEYS)
    theirs_outlets = _summed([(outlets, 1), (pd.DataFrame({"outlet": [s[0].get("outlet") or "" for s in
                                                                     decided["sources"]], "n": 1}), -1)], ["outlet"])
    found = facets(split.memory)
    counts = found["counts"]

    def add(name: str, values: pd.Series, weights: pd.Series) -> None:
        for value, n in pd.Series(weights.to_numpy(), index=values.to_numpy()).groupby(level=0).sum().items():
            if value is not None and n:
                counts[name][str(value)] = counts[name].get(str(value), 0) + int(n)

    second = queried["actor2"].where(queried["actor2"] != queried["actor"])  # named twice: counted once
    add("actors", pd.concat([queried["actor"], second]), pd.concat([queried["n"], queried["n"]]))
    for facet, column in (("types", "event_type"), ("sub_types", "sub_event_type"), ("kinds", "kind"),
                          ("datasets", "dataset")):
        add(facet, queried[column], queried["n"])
    add("outlets", theirs_outlets["outlet"], theirs_outlets["n"])
    add("statuses", pd.Series(["unreviewed"]), pd.Series([int(queried["n"].sum())]))
    days = [d for d in (*combos["first"], *combos["last"]) if isinstance(d, str)]
    bounds = [b for b in (found["dates"], (dt.date.fromisoformat(min(days)[:10]), dt.date.fromisoformat(
        max(days)[:10])) if days else None) if b is not None]
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
        "position_actors": sorted(set(found["position_actors"]) | set(
            queried.loc[queried["kind"] == "position", "actor"].dropna().astype(str))),
        "counts": counts}


def timeline_of(aggregates: Aggregates) -> tuple[pd.DataFrame, str | None]:
    """``geo.render.charts.timeline_counts`` of the view whose counts are ``aggregates``."""
    events = aggregates.counts[aggregates.counts["kind"] == "event"]
    days = pd.to_datetime(events["event_date"], errors="coerce", format="ISO8601").dt.normalize()
    empty = pd.DataFrame({"start": pd.Series(dtype="datetime64[ns]"), "end": pd.Series(dtype="datetime64[ns]"),
                          "actor": pd.Series(dtype=object), "events": pd.Series(dtype="int64")})
    found = days.notna().to_numpy()
    if not found.any():
        return empty, None
    days, events = days[found], events[found]
    unit = bin_unit(days.min().date(), days.max().date())
    bins = days.dt.to_period({"day": "D", "week": "W-SUN", "month": "M"}[unit])  # a week from Monday
    actors = events["actor"].astype(object).where(events["actor"].notna(), UNKNOWN_ACTOR).astype(str)
    counts = (pd.DataFrame({"start": bins.dt.start_time.to_numpy(), "end": (bins + 1).dt.start_time.to_numpy(),
                            "actor": actors.to_numpy(), "events": events["n"].to_numpy()})
              .groupby(["start", "end", "actor"])["events"].sum().reset_index())
    return counts.astype({"events": "int64"}), unit


def summary_of(aggregates: Aggregates, memory_view: gpd.GeoDataFrame, queried_outlets: Iterable[str]) -> Summary:
    """``geo.render.summary.summary_counts`` of the view whose counts are ``aggregates`` (``memory_view``:
    its in-memory part, for the reports, outlets, claims and reviews of ours). Each imported record is
    a report of its own; their outlets are ``queried_outlets``."""
    counts = aggregates.counts
    by_kind = counts.groupby("kind")["n"].sum()
    kinds = {k: int(by_kind[k]) for k in [*KINDS, *sorted(set(by_kind.index) - set(KINDS))] if k in by_kind}
    days = pd.to_datetime(counts["event_date"], errors="coerce", format="ISO8601").dropna()
    keys = source_keys(memory_view)
    queried = aggregates.total - len(memory_view)
    outlets = set(keys["outlet"].dropna()) | ({o for o in queried_outlets if o} if queried else set())
    claims = memory_view["kind"] == "claim"
    not_holding = int((memory_view.loc[claims, "verdict"] == NOT_HOLDING).sum()) if "verdict" in memory_view else 0
    waiting = int((memory_view["review_status"] == "unreviewed").sum()) + queried
    return Summary(kinds, days.min().date() if len(days) else None, days.max().date() if len(days) else None,
                   int(keys["report"].dropna().nunique()) + queried, len(outlets), not_holding, waiting)
