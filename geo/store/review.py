"""An analyst's decisions about records, and the audit trail of every change.

``review_record`` checks every value first (nothing is written when one is wrong), finds the
record as ``records`` shows it (merged across reports: a decision about it is a decision about
each stored row it is made of, ``geo.store.merging``), then in one transaction reads each row's
current values (extracted, with earlier edits applied) and writes one audit row per field that
changes (who, when, record, field, old and new value as JSON, note) and the row's decision, keyed
by its source sentence (``geo.store.schema``, ``geo.store.anchors``).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass
from typing import Any, Callable

import sqlalchemy as sa

from ..extract.vocabulary import ASSET_TYPES, CLAIM_TYPE, EVENT_TYPES, POSITION_TYPE, SUB_EVENT_TYPES, TYPE_OF
from ..gazetteer import FEATURES, Gazetteer, Place
from .engine import StoreError, in_transaction
from .anchors import decision_key, match_decisions
from .ours import members_of
from .schema import ANCHOR, audit, decisions, records

__all__ = ["STATUSES", "EDITABLE", "PRECISIONS", "TYPES", "Change", "review_record", "find_place", "place_candidates",
           "edit_values", "FORM_FIELDS", "decide", "describe"]

STATUSES = ("unreviewed", "confirmed", "edited", "rejected")
PRECISIONS = (*FEATURES, "offset", "between", "border")
# The fields an analyst may change, as the records table names them.
EDITABLE = ("lat", "lon", "place", "place_id", "country", "geo_precision", "actor", "actor2", "event_type",
            "sub_event_type", "event_date", "date_precision")
_TYPES = (*EVENT_TYPES, *SUB_EVENT_TYPES, *ASSET_TYPES, POSITION_TYPE, CLAIM_TYPE)
TYPES = (*EVENT_TYPES, *SUB_EVENT_TYPES, *ASSET_TYPES, POSITION_TYPE)  # the types an analyst may choose
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Change:
    field: str
    old: Any
    new: Any


def find_place(gazetteer: Gazetteer, name: str, *, country: str | None = None) -> Place:
    """The gazetteer's place called ``name``: in ``country`` when it has one there, else the most
    populous. Raises ``StoreError`` when none is called so."""
    found = gazetteer.lookup(name) or [place for place, _ in sorted(gazetteer.lookup_loose(name),
                                                                      key=lambda pair: -pair[1])[:1]]
    if not found:
        raise StoreError(f"--place: expected a place the gazetteer knows, instead got {name!r} (no such place)")
    return max(found, key=lambda p: (p.country == country, p.population))


def place_candidates(gazetteer: Gazetteer, name: str, *, country: str | None = None, limit: int = 8) -> list[dict]:
    """The gazetteer's places called ``name`` (else spelled like it), the one ``find_place`` takes
    first: ``name``, ``feature``, ``country``, ``population``, ``lat``, ``lon``."""
    name = (name or "").strip()
    if not name:
        return []
    exact = sorted(gazetteer.lookup(name), key=lambda p: (p.country != country, -p.population))
    loose = [place for place, _ in sorted(gazetteer.lookup_loose(name), key=lambda pair: -pair[1])]
    found = list({place.id: place for place in (exact or loose)}.values())[:limit]
    return [{"name": p.name, "feature": p.feature, "country": p.country, "population": p.population,
             "lat": round(p.lat, 4), "lon": round(p.lon, 4)} for p in found]


def describe(changes: list[Change]) -> str:
    """The changes of a decision on one line: ``field: old -> new; ...`` (each field once)."""
    seen: dict[str, Change] = {}
    for change in changes:
        seen.setdefault(change.field, change)
    return "; ".join(f"{c.field}: {'' if c.old is None else c.old} -> {'' if c.new is None else c.new}"
                     for c in seen.values()) or "nothing changed"


def _coordinate(text: str, name: str) -> float | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError as err:
        raise StoreError(f"{name}: expected a number, instead got {text!r}") from err


def edit_values(gazetteer: Gazetteer | None, *, place: str = "", lat: str = "", lon: str = "", actor: str = "",
                actor2: str = "", event_type: str = "", date: dt.date | None = None, precision: str = "",
                country: str | None = None) -> dict[str, Any]:
    """The keyword arguments of ``review_record`` for what a form holds (text as typed; an empty
    field changes nothing): a place name looked up in ``gazetteer`` (in ``country`` first), or
    lat/lon as text. Raises ``StoreError`` for a number that is none or an unknown place."""
    values: dict[str, Any] = {}
    if (place or "").strip():
        if gazetteer is None:
            raise StoreError("Expected a gazetteer to look the place up in, instead got none.")
        values["place"] = find_place(gazetteer, place.strip(), country=country)
    values.update(lat=_coordinate(lat, "latitude"), lon=_coordinate(lon, "longitude"))
    for name, value in (("actor", actor), ("actor2", actor2), ("event_type", event_type), ("precision", precision)):
        if (value or "").strip():
            values[name] = value.strip()
    if date is not None:
        values["date"] = date.isoformat()
    return {name: value for name, value in values.items() if value is not None}


# What a review form holds: edit_values' fields as text (``date`` a date), and the note.
FORM_FIELDS = ("place", "lat", "lon", "actor", "actor2", "event_type", "date", "precision", "note")


def decide(engine: sa.Engine, record_id: str, action: str, form: dict[str, Any], *, by: str,
           gazetteer: Gazetteer | None, country: str | None = None) -> list[Change]:
    """One decision from a review form: ``action`` "confirmed" or "rejected" (the form's note
    kept, its edits not), or "edit" (the form's fields, ``FORM_FIELDS``, through ``edit_values``)."""
    if action == "edit":
        fields = {name: form.get(name) or ("" if name != "date" else None) for name in FORM_FIELDS[:-1]}
        values = edit_values(gazetteer, **fields, country=country)
    elif action in ("confirmed", "rejected"):
        values = {"status": action}
    else:
        raise StoreError(f"Expected a review action (confirmed, rejected or edit), instead got {action!r}")
    return review_record(engine, record_id, by=by, note=form.get("note") or "", **values)


def _edits(*, lat, lon, place: Place | None, actor, actor2, event_type, date, precision) -> dict[str, Any]:
    """The fields to set, checked: raises ``StoreError`` saying what was expected and what arrived."""
    edits: dict[str, Any] = {}
    if (lat is None) != (lon is None):
        raise StoreError("Expected --lat and --lon together, instead got only one of them.")
    if lat is not None:
        if place is not None:
            raise StoreError("Expected either --lat/--lon or --place, instead got both.")
        if not (math.isfinite(lat) and -90 <= lat <= 90):
            raise StoreError(f"--lat: expected a latitude from -90 to 90, instead got {lat!r}")
        if not (math.isfinite(lon) and -180 <= lon <= 180):
            raise StoreError(f"--lon: expected a longitude from -180 to 180, instead got {lon!r}")
        edits.update(lat=float(lat), lon=float(lon), place_id=None, geo_precision="site")
    if place is not None:
        edits.update(lat=place.lat, lon=place.lon, place=place.name, place_id=place.id, country=place.country,
                     geo_precision=place.feature)
    if precision is not None:
        if precision not in PRECISIONS:
            raise StoreError(f"--precision: expected one of {', '.join(PRECISIONS)}, instead got {precision!r}")
        edits["geo_precision"] = precision
    for name, value in (("actor", actor), ("actor2", actor2)):
        if value is not None:
            edits[name] = value.strip() or None
    if event_type is not None:
        if event_type not in _TYPES:
            raise StoreError(f"--type: expected an ACLED event or sub-event type, or one of "
                             f"{', '.join((*ASSET_TYPES, POSITION_TYPE))}, instead got {event_type!r}")
        sub = event_type if event_type in SUB_EVENT_TYPES else None
        edits.update(event_type=TYPE_OF.get(event_type, event_type), sub_event_type=sub)
    if date is not None:
        try:
            if not _ISO_DATE.fullmatch(date):
                raise ValueError(date)
            day = dt.date.fromisoformat(date)
        except ValueError as err:
            raise StoreError(f"--date: expected a date YYYY-MM-DD, instead got {date!r}") from err
        edits.update(event_date=day.isoformat(), date_precision="day")
    return edits


def review_record(engine: sa.Engine, record_id: str, *, by: str, status: str | None = None,
                  lat: float | None = None, lon: float | None = None, place: Place | None = None,
                  actor: str | None = None, actor2: str | None = None, event_type: str | None = None,
                  date: str | None = None, precision: str | None = None, note: str = "",
                  now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.timezone.utc)) -> list[Change]:
    """Record one decision about ``record_id`` (see the module's docstring); the changes made.

    ``status`` is "confirmed" or "rejected"; an edit without one makes the record "edited" (a
    rejected record stays rejected). Raises ``StoreError`` for an unknown record, a wrong value,
    or a review that asks for nothing.
    """
    by = (by or "").strip()
    if not by:
        raise StoreError("--by: expected the reviewer's name, instead got nothing")
    if status is not None and status not in ("confirmed", "rejected"):
        raise StoreError(f"--status: expected confirmed or rejected, instead got {status!r}")
    edits = _edits(lat=lat, lon=lon, place=place, actor=actor, actor2=actor2, event_type=event_type, date=date,
                   precision=precision)
    note = (note or "").strip()
    if status is None and not edits and not note:
        raise StoreError("Expected a decision (--status, an edit or --note), instead got none.")
    members = members_of(engine, record_id)
    if not members:
        raise StoreError(f"Expected the id of a record in the store, instead got {record_id!r} (no such record)")
    when = now()

    def decide(conn: sa.Connection) -> list[Change]:
        changes = [change for member in members
                   for change in _decide(conn, member, record_id, by, status, edits, note, when)]
        if not changes and not _exists(conn, members):
            raise StoreError(f"{record_id}: the record was replaced meanwhile (its report changed); look it up again")
        return changes

    return in_transaction(engine, decide)


def _exists(conn: sa.Connection, members: list[int]) -> bool:
    return conn.execute(sa.select(records.c.id).where(records.c.id.in_(members))).first() is not None


def _decide(conn: sa.Connection, member: int, record_id: str, by: str, status: str | None, edits: dict, note: str,
            when: dt.datetime) -> list[Change]:
    """One stored row's decision; its changes ([] when the row is gone or nothing changes)."""
    row = conn.execute(sa.select(records).where(records.c.id == member)).first()
    if row is None:
        return []
    key = decision_key(row)
    siblings = [dict(r._mapping) for r in conn.execute(sa.select(records).where(_of_sentence(records, key)))]
    before = match_decisions(siblings, conn.execute(sa.select(decisions).where(_of_sentence(decisions, key))).all()
                             ).get(row.id)
    where = sa.and_(*(decisions.c[name] == value for name, value in zip(ANCHOR, decision_key(before or row))))
    old_edits = json.loads(before.edits) if before else {}
    old_status = before.review_status if before else "unreviewed"
    current = {name: old_edits.get(name, getattr(row, name)) for name in EDITABLE}
    changes = [Change(name, current[name], value) for name, value in edits.items() if current[name] != value]
    new_status = status or ("rejected" if old_status == "rejected" else "edited" if changes or old_edits
                            else old_status)
    if new_status == "confirmed" and (changes or old_edits):
        new_status = "edited"  # confirmed with corrections
    if new_status != old_status:
        changes.append(Change("review_status", old_status, new_status))
    if not changes and note:
        changes.append(Change("note", before.note if before else "", note))
    at = when.astimezone(dt.timezone.utc).isoformat()
    anchor = dict(zip(ANCHOR, key))
    for change in changes:
        conn.execute(sa.insert(audit).values(at=at, by=by, record_id=record_id, field=change.field,
                                             old_value=json.dumps(change.old), new_value=json.dumps(change.new),
                                             note=note, **anchor))
    if changes:
        values = {"review_status": new_status, "reviewed_by": by, "reviewed_at": at, "note": note,
                  "edits": json.dumps(old_edits | {c.field: c.new for c in changes if c.field in EDITABLE})}
        if before is None:
            conn.execute(sa.insert(decisions).values(**anchor, **values))
        else:  # a decision found by its sentence alone moves to the record's own anchor
            conn.execute(sa.update(decisions).where(where).values(**values, place_start=anchor["place_start"]))
    return changes


def _of_sentence(table: sa.Table, key: tuple) -> sa.ColumnElement[bool]:
    """Rows of ``table`` of the sentence and kind of anchor ``key`` (whatever their place)."""
    return sa.and_(*(table.c[name] == value for name, value in zip(ANCHOR[:4], key[:4])))
