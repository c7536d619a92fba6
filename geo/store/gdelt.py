"""A GDELT 2.0 events export's rows as records of our schema (``gdelt_records``: the file's text in).

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
"""

from __future__ import annotations

import datetime as dt

from ..errors import InputError
from ..extract import vocabulary as v
from ..frame import Record
from .importrows import Skipped, event_record, iso_of_fips, point_of, source_of

__all__ = ["GDELT_COLUMNS", "CAMEO_TYPES", "cameo_type", "gdelt_records"]

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

_GDELT_GEO = {"1": "country", "2": "province", "3": "town", "4": "town", "5": "province"}


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
    lat, lon = point_of(lat_text, lon_text) if lat_text or lon_text else (None, None)
    seen.add(event_id)
    description, event_type, sub_event_type = kind
    actor, actor2 = get("Actor1Name") or None, get("Actor2Name") or None
    return event_record(
        event_type=event_type, sub_event_type=sub_event_type, actor=actor, actor2=actor2, event_date=day,
        date_precision="day", place=get("ActionGeo_FullName") or None,
        geo_precision=_GDELT_GEO.get(get("ActionGeo_Type")) if lat is not None else None, lat=lat, lon=lon,
        place_confidence=0.5, country=iso_of_fips(get("ActionGeo_CountryCode")),  # coded and geocoded by machine
        sources=[source_of(name, event_id, url=get("SOURCEURL"),
                           quote=" - ".join(p for p in (actor, f"{description} (CAMEO {code})", actor2) if p))])
