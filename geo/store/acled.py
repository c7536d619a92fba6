"""An ACLED CSV export's rows as records of our schema (``acled_records``: the file's text in).

ACLED (ACLED Codebook, acleddata.com, 2019 and later), read by header name: ``event_id_cnty``,
``event_date`` ("09 May 2020", "2020-05-09" or "9-May-20"), ``time_precision``, ``event_type``,
``sub_event_type``, ``actor1``, ``actor2``, ``location``, ``latitude``, ``longitude``,
``geo_precision``, ``source``, ``notes``, ``fatalities``; the others (``year``, ``inter1``,
``assoc_actor_1``, ``admin1``..., ``source_scale``) may be there or not. Required:
``event_date``, ``event_type``, ``latitude``, ``longitude``. Kept: event and sub-event type as
they are; ``notes`` is the quote, ``source`` the outlet, ``fatalities`` the figure.
``time_precision`` 1 day, 2 week, 3 month. ``geo_precision`` 1 -> town (the place itself), 2 ->
district (near it, or part of a region), 3 -> province (only the larger region is known).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io

from ..errors import InputError
from ..frame import Record
from .importrows import Skipped, event_record, iso_of_name, point_of, source_of

__all__ = ["acled_records"]

_ACLED_REQUIRED = ("event_date", "event_type", "latitude", "longitude")
_ACLED_DATES = ("%d %B %Y", "%Y-%m-%d", "%d-%b-%y", "%d %b %Y", "%d-%B-%Y")
_ACLED_TIME = {"1": "day", "2": "week", "3": "month"}
_ACLED_GEO = {"1": "town", "2": "district", "3": "province"}


def _acled_date(text: str) -> str:
    for pattern in _ACLED_DATES:
        try:
            return dt.datetime.strptime(text.strip(), pattern).date().isoformat()
        except ValueError:
            continue
    raise ValueError(f"expected a date such as '09 May 2020', '2020-05-09' or '9-May-20', instead got {text!r}")



def acled_records(text: str, *, name: str = "acled", where: str = "the file") -> tuple[list[Record], list[Skipped]]:
    """The records of an ACLED CSV export's text, and the rows left out (see the module's docstring)."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [column for column in _ACLED_REQUIRED if column not in header]
    if missing:
        raise InputError(f"{where}: expected an ACLED CSV export with the columns {', '.join(_ACLED_REQUIRED)}, "
                         f"instead got a header without {', '.join(missing)}")
    reader.fieldnames = header
    found, skipped, seen = [], [], set()
    for row in reader:
        line = reader.line_num
        if not any(val.strip() for val in row.values() if isinstance(val, str)):
            continue  # a blank line
        cell = {k: (val or "").strip() for k, val in row.items() if k is not None}
        try:
            if None in row or any(row.get(k) is None for k in _ACLED_REQUIRED):
                raise ValueError(f"expected {len(header)} cells, instead got a row of another length")
            empty = [k for k in _ACLED_REQUIRED if not cell[k]]
            if empty:
                raise ValueError(f"missing {', '.join(empty)}")
            date, (lat, lon) = _acled_date(cell["event_date"]), point_of(cell["latitude"], cell["longitude"])
        except ValueError as err:
            skipped.append(Skipped(line, str(err)))
            continue
        event_id = cell.get("event_id_cnty") or hashlib.sha1("|".join(cell.values()).encode()).hexdigest()[:12]
        if event_id in seen:
            skipped.append(Skipped(line, f"event {event_id} is in the file twice"))
            continue
        seen.add(event_id)
        found.append(event_record(
            event_type=cell["event_type"], sub_event_type=cell.get("sub_event_type") or None,
            actor=cell.get("actor1") or None, actor2=cell.get("actor2") or None, event_date=date,
            date_precision=_ACLED_TIME.get(cell.get("time_precision", ""), "day"),
            place=cell.get("location") or None, geo_precision=_ACLED_GEO.get(cell.get("geo_precision", ""), "town"),
            lat=lat, lon=lon, place_confidence=1.0, country=iso_of_name(cell.get("country", "")),  # coded by people
            sources=[source_of(name, event_id, outlet=cell.get("source", ""), quote=cell.get("notes", ""),
                               fatalities=cell.get("fatalities") or None)]))
    return found, skipped
