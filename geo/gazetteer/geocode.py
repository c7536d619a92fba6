"""An optional online fallback for names the offline gazetteer lacks.

Off by default. When a user turns it on with a Nominatim or Photon server
they name (``OnlineGeocoder.from_service("nominatim", url=...)``), names that
look like places ("in Xyzville") but are not in the gazetteer are looked up
through geopy, wrapped in geopy's ``RateLimiter`` (one request a second by
default), with a timeout, and cached on disk so a name is asked once. A
timeout or service error is recorded in ``problems`` and switches the
fallback off for the rest of the run: the offline result always stands.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim, Photon

from ..errors import InputError
from .sources import Place

__all__ = ["OnlineGeocoder", "SERVICES"]

log = logging.getLogger(__name__)

SERVICES = {"nominatim": Nominatim, "photon": Photon}
USER_AGENT = "geo-news-map/0.1 (offline-first geoparser; online fallback turned on by its user)"
# OSM classes/types that tell the precision of a result.
_FEATURES = {"country": "country", "state": "province", "region": "region", "county": "district",
             "city": "town", "town": "town", "village": "town", "hamlet": "town", "suburb": "district",
             "water": "water", "waterway": "water", "natural": "region", "aeroway": "site",
             "amenity": "site", "building": "site", "military": "site"}


class OnlineGeocoder:
    """Looks names up on a geocoding service, politely, once each."""

    def __init__(self, geocode: Callable[[str], object], *, cache_path: Path | None = None, label: str = "online"):
        self._geocode = geocode
        self.cache_path = cache_path
        self.label = label
        self.problems: list[str] = []
        self.enabled = True
        self._cache: dict[str, dict | None] = {}
        if cache_path is not None and cache_path.exists():
            try:
                self._cache = json.loads(cache_path.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as err:
                self.problems.append(f"ignored the unreadable geocoding cache {cache_path}: {err}")

    @classmethod
    def from_service(cls, service: str, *, url: str, cache_dir: Path, timeout: float = 5.0,
                     min_delay_seconds: float = 1.0) -> "OnlineGeocoder":
        """A geocoder for a Nominatim or Photon server at ``url`` (e.g. https://nominatim.example.org)."""
        if service not in SERVICES:
            raise InputError(f"Expected an online service among {sorted(SERVICES)}, instead got: {service!r}.")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise InputError(f"Expected the service's URL as http(s)://host[:port], instead got: {url!r}.")
        geocoder = SERVICES[service](domain=parts.netloc + parts.path.rstrip("/"), scheme=parts.scheme,
                                     timeout=timeout, user_agent=USER_AGENT)
        limited = RateLimiter(geocoder.geocode, min_delay_seconds=min_delay_seconds, max_retries=0,
                              swallow_exceptions=False)
        key = f"{service}-{parts.netloc}".replace(":", "_").replace("/", "_")
        return cls(limited, cache_path=cache_dir / f"geocode-{key}.json", label=f"{service} at {url}")

    def lookup(self, name: str) -> Place | None:
        """The place a service gives for ``name``, from the cache when asked before."""
        if name in self._cache:
            return _place(self._cache[name], self.label)
        if not self.enabled:
            return None
        try:
            location = self._geocode(name)
        except GeopyError as err:
            self.enabled = False
            self.problems.append(f"the online geocoder ({self.label}) failed for {name!r} and was switched "
                                 f"off for this run: {type(err).__name__}: {err}")
            log.warning("%s", self.problems[-1])
            return None
        self._cache[name] = _record(location)
        self._save()
        return _place(self._cache[name], self.label)

    def _save(self) -> None:
        if self.cache_path is None:
            return
        try:
            self.cache_path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.cache_path.with_suffix(".tmp")
            tmp.write_text(json.dumps(self._cache, ensure_ascii=False, indent=0), encoding="utf-8")
            tmp.replace(self.cache_path)
        except OSError as err:
            self.problems.append(f"could not write the geocoding cache {self.cache_path}: {err}")


def _record(location) -> dict | None:
    """What we keep of a geopy Location: enough to rebuild a Place."""
    if location is None:
        return None
    raw = getattr(location, "raw", {}) or {}
    props = raw.get("properties", {}) if isinstance(raw.get("properties"), dict) else {}
    kind = raw.get("addresstype") or raw.get("type") or props.get("type") or raw.get("class") or props.get("osm_key")
    country = (raw.get("address", {}) or {}).get("country_code") or props.get("countrycode") or ""
    return {"name": location.address.split(",")[0].strip() if location.address else "",
            "lat": float(location.latitude), "lon": float(location.longitude),
            "feature": _FEATURES.get(str(kind), "town"), "country": str(country).upper()}


def _place(record: dict | None, label: str) -> Place | None:
    if record is None:
        return None
    return Place(f"online:{record['lat']:.5f},{record['lon']:.5f}", record["name"], record["lat"], record["lon"],
                 record["feature"], record["country"], 0, label)
