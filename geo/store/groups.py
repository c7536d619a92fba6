"""How our records merge across reports, kept in the store (table ``merges``) as reports come in.

``geo.extract.merge`` joins every pair of records that tell the same event, and a record the user
sees is a group so joined (A with B and B with C make one record of three reports). Pairing every
record with every other was most of what reading our records cost, and grows with the store; so
the groups are kept, and a read merges each group on its own (``geo.store.merging``).

- ``keep_groups(conn, added, left)`` runs in the transaction that writes a report's records: the
  rows ``added`` (as just written, not read back) and the rows of the groups ``left`` (a replaced
  report's rows were in them: they may fall apart) are merged again with the stored rows that could
  tell the same event (the same kind, type, sub-event type and actor; the same place id or a point
  near theirs; a date whose period may overlap theirs, ``_when``: no other pair merges), and every
  group they reach is written again. Merging is joining pairs, and the stored groups are those of a
  merge of the stored rows, so this gives the groups a merge of every row would give.
- ``fill_groups(conn)``: the rows of ours without a group (a store of schema version 6, or rows
  written by other means) grouped so, the others kept; the migration to version 7 runs it.
- ``stored_groups(conn)``: row id -> group, for a read.

A group is of records as extracted: decisions never move a row (a rejected row is set apart when
read, an edit applies after the merge). A group is named by its lowest row id.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Iterable, Mapping

import sqlalchemy as sa

from ..extract.merge import MERGE_KM, period
from ..text.dates import add_days
from .merging import group_ids, record_of
from .migrations import OUR_DATASET
from .rows import SOURCE_FIELDS
from .schema import datasets, merges, records, sources

__all__ = ["keep_groups", "fill_groups", "stored_groups", "groups_of"]

_BUCKET = ("kind", "event_type", "sub_event_type", "actor")  # what two rows share when they may merge
_CHUNK = 900  # ids per IN (...): under SQLite's oldest limit of bound parameters (999)
_ASKED = 200  # rows merged again past which their neighbours are read by bucket, not asked for one by one
# How many days before its own first day a stored date's period may end, by its precision (``date_period``:
# a week is seven days, a month at most 31, a year at most 366); any other precision is the day itself.
_REACH_DAYS = {"week": 6, "month": 30, "year": 365}
_ISO_DAY = "____-__-__"  # the shape of a date as ISO text (YYYY-MM-DD), which sorts as it reads
_ASKING: dict[tuple, sa.Select] = {}  # the query of a row's neighbours by the shape of its values (``_asking``)


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    ids = sorted(set(ids))
    for first in range(0, len(ids), _CHUNK):
        yield ids[first:first + _CHUNK]


def _ours():
    """The condition of a records row of ours that merges (claims never do)."""
    mine = sa.select(datasets.c.id).where(datasets.c.name == OUR_DATASET).scalar_subquery()
    return sa.and_(records.c.dataset_id == mine, records.c.kind != "claim")


def stored_groups(conn: sa.Connection) -> dict[int, int]:
    """Row id -> its group, for every row of ours that has one."""
    return dict(conn.execute(sa.select(merges.c.record, merges.c.grp)).all())


def groups_of(conn: sa.Connection, ids: Iterable[int]) -> set[int]:
    """The groups of the rows ``ids``."""
    found: set[int] = set()
    for chunk in _chunks(ids):
        found.update(conn.execute(sa.select(merges.c.grp).where(merges.c.record.in_(chunk))).scalars())
    return found


def _grouped(where) -> sa.Select:
    """The query of each row of ours that meets ``where`` and its stored group (None when it has none)."""
    joined = records.outerjoin(merges, merges.c.record == records.c.id)
    return sa.select(records, merges.c.grp).select_from(joined).where(_ours(), where)


def _grouped_rows(conn: sa.Connection, query: sa.Select, values: dict | None = None) -> list[tuple[dict, int | None]]:
    """(records row, its stored group or None) of each row ``query`` (``_grouped``) gives."""
    out = []
    for row in conn.execute(query, values or {}):
        found = dict(row._mapping)
        out.append((found, found.pop("grp")))
    return out


def _take(pairs: list[tuple[dict, int | None]], rows: dict[int, dict], groups: dict[int, int],
          skip: set[int] = frozenset()) -> None:
    """Each (row, its stored group) of ``pairs`` but those of ids ``skip`` into ``rows`` and ``groups``."""
    for row, group in pairs:
        if row["id"] not in skip:
            rows[row["id"]] = row
            if group is not None:
                groups[row["id"]] = group


def _sources(conn: sa.Connection, ids: Iterable[int]) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = {}
    for chunk in _chunks(ids):
        query = sa.select(sources).where(sources.c.record.in_(chunk)).order_by(sources.c.record, sources.c.position)
        for row in conn.execute(query):
            found.setdefault(row.record, []).append({name: getattr(row, name) for name in SOURCE_FIELDS})
    return found


def _in_bucket(bucket: tuple):
    """The condition of a row of ``bucket`` (kind, type, sub-event type, actor; None matches NULL)."""
    return sa.and_(*(records.c[name].is_(None) if value is None else records.c[name] == value
                     for name, value in zip(_BUCKET, bucket)))


def _asking(row: dict, own_sources: list[dict]) -> tuple[sa.Select, dict]:
    """The query of the stored rows that may merge with ``row`` and its values: of its bucket; at its place
    as ``geo.extract.merge`` reads places (the same place id, or a point in a box round its own that holds
    every point within ``MERGE_KM``: a degree of latitude is 110.6 km at the least, the box half as wide
    again); of a date that may be compatible with its own (``_when``). Rows of one shape are asked by one
    statement, built once, their values bound."""
    values = {f"is_{name}": row[name] for name in _BUCKET if row[name] is not None}
    if row["place_id"] is not None:
        values["place_id"] = row["place_id"]
    if row["lat"] is not None and row["lon"] is not None:
        reach = 1.5 * MERGE_KM / 110.6
        values.update(lat_low=row["lat"] - reach, lat_high=row["lat"] + reach)
        widest = min(89.0, abs(row["lat"]) + reach)
        across = reach / math.cos(math.radians(widest))
        if abs(row["lon"]) + across < 180:  # a box across the antimeridian: any longitude
            values.update(lon_low=row["lon"] - across, lon_high=row["lon"] + across)
    anytime = row["kind"] == "position"  # positions merge at any time
    span = None if anytime else period(record_of(row, own_sources))
    if span is not None:
        first, last = span
        values.update(first=first.isoformat(), last=last.isoformat(),
                      told_last=(add_days(last, 6) or dt.date.max).isoformat(),
                      **{f"from_{precision}": (add_days(first, -days) or dt.date.min).isoformat()
                         for precision, days in _REACH_DAYS.items()})
    shape = (tuple(sorted(values)), anytime)
    if shape not in _ASKING:
        _ASKING[shape] = _grouped(sa.and_(_asked_bucket(values), _asked_place(values), _when(values, anytime)))
    return _ASKING[shape], values


def _asked_bucket(values: dict):
    return sa.and_(*(records.c[name] == sa.bindparam(f"is_{name}") if f"is_{name}" in values
                     else records.c[name].is_(None) for name in _BUCKET))


def _asked_place(values: dict):
    found = [records.c.place_id == sa.bindparam("place_id")] if "place_id" in values else []
    if "lat_low" in values:
        box = [records.c.lat.between(sa.bindparam("lat_low"), sa.bindparam("lat_high"))]
        if "lon_low" in values:
            box.append(records.c.lon.between(sa.bindparam("lon_low"), sa.bindparam("lon_high")))
        found.append(sa.and_(*box))
    return sa.or_(*found) if found else sa.false()


def _when(values: dict, anytime: bool):
    """The condition of a row whose date may be compatible with a row's as ``geo.extract.merge`` reads
    dates (``period``): positions (``anytime``) merge at any time; a period overlaps the row's (``first``
    to ``last``), by its own first day and the reach of its precision, or, undated, by its first source's
    publication (the week up to it); an undated row of an undated report only with another such. Rows
    whose date is not ISO text are always asked for (they do not sort as they read)."""
    if anytime:
        return sa.true()
    day = records.c.event_date
    if "first" not in values:
        return day.is_(None)
    last = sa.bindparam("last")
    dated = [day.between(sa.bindparam("first"), last)]
    for precision in _REACH_DAYS:
        dated.append(sa.and_(records.c.date_precision == precision,
                             day.between(sa.bindparam(f"from_{precision}"), last)))
    published = sources.c.published
    told = sa.exists().where(sources.c.record == records.c.id, sources.c.position == 0,
                             sa.or_(published.between(sa.bindparam("first"), sa.bindparam("told_last")),
                                    published.not_like(_ISO_DAY)))
    return sa.or_(sa.and_(day.is_not(None), sa.or_(*dated, day.not_like(_ISO_DAY))),
                  sa.and_(day.is_(None), told))


def _neighbours(conn: sa.Connection, again: list[dict], own_sources: dict[int, list[dict]]
                ) -> tuple[list[dict], dict[int, int]]:
    """The stored rows not in ``again`` that may merge with one of them (of the same bucket, near it and
    of a date that may be compatible; each row asked for apart, past ``_ASKED`` rows every row of their
    buckets), and the other rows of their groups; with the stored group of each."""
    mine = {row["id"] for row in again}
    buckets: dict[tuple, list[dict]] = {}
    for row in again:
        buckets.setdefault(tuple(row[name] for name in _BUCKET), []).append(row)
    found: dict[int, dict] = {}
    before: dict[int, int] = {}
    for bucket, rows in buckets.items():
        asked = [(_grouped(_in_bucket(bucket)), None)] if len(again) > _ASKED else [
            _asking(row, own_sources.get(row["id"], [])) for row in rows]
        for query, values in asked:
            _take(_grouped_rows(conn, query, values), found, before, mine)
    for chunk in _chunks(set(before.values())):  # and the rest of their groups, which are renamed with them
        _take(_grouped_rows(conn, _grouped(merges.c.grp.in_(chunk))), found, before, mine)
    return list(found.values()), before


def keep_groups(conn: sa.Connection, added: Iterable[int] | Mapping[int, tuple[dict, list[dict]]],
                left: Iterable[int] = ()) -> None:
    """The groups of the rows ``added`` and of the rows of groups ``left`` merged again and written
    (see the module's docstring), in ``conn``'s transaction. ``added``: the row ids, or the rows as just
    written (row id -> (records row, its sources rows)), which are then not read back."""
    again: dict[int, dict] = {}
    own_sources: dict[int, list[dict]] = {}
    before: dict[int, int] = {}
    if isinstance(added, Mapping):
        for key, (row, its_sources) in added.items():
            if row["kind"] != "claim":
                again[key] = row
                own_sources[key] = [{name: source[name] for name in SOURCE_FIELDS} for source in its_sources]
    else:
        for chunk in _chunks(added):
            _take(_grouped_rows(conn, _grouped(records.c.id.in_(chunk))), again, before)
    for chunk in _chunks(left):
        _take(_grouped_rows(conn, _grouped(merges.c.grp.in_(chunk))), again, before)
    if not again:
        return
    own_sources.update(_sources(conn, [key for key in again if key not in own_sources]))
    again = list(again.values())
    near, stored = _neighbours(conn, again, own_sources)
    before.update(stored)
    every = again + near
    ids = [row["id"] for row in every]
    own_sources.update(_sources(conn, [row["id"] for row in near]))
    links = list(group_ids(sorted(every, key=lambda row: row["id"]), own_sources).items())
    first_of: dict[int, int] = {}
    for row in near:  # the groups the stored rows were in hold still
        if row["id"] in before:
            links.append((first_of.setdefault(before[row["id"]], row["id"]), row["id"]))
    label = _lowest_linked(ids, links)
    changed = {key: label[key] for key in ids if before.get(key) != label[key]}
    for chunk in _chunks(changed):
        conn.execute(sa.delete(merges).where(merges.c.record.in_(chunk)))
    if changed:
        conn.execute(sa.insert(merges), [{"record": key, "grp": group} for key, group in sorted(changed.items())])


def _lowest_linked(ids: list[int], links: list[tuple[int, int]]) -> dict[int, int]:
    """Each of ``ids`` -> the lowest id linked to it through ``links`` (pairs of ids), passed along the
    links until none lowers (a few passes: groups are a few rows)."""
    label = {key: key for key in ids}
    lowered = True
    while lowered:
        lowered = False
        for a, b in links:
            low = min(label[a], label[b])
            if label[a] != low or label[b] != low:
                label[a] = label[b] = low
                lowered = True
    return label


def fill_groups(conn: sa.Connection) -> None:
    """The rows of ours that have no group grouped (see the module's docstring), in ``conn``'s transaction."""
    lacking = conn.execute(sa.select(records.c.id).where(_ours(), records.c.id.notin_(sa.select(merges.c.record)))
                           ).scalars().all()
    if lacking:
        keep_groups(conn, lacking)
