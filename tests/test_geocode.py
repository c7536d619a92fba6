"""The online fallback, against fakes and a stand-in Nominatim on 127.0.0.1 (no internet)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from geopy.exc import GeocoderServiceError, GeocoderTimedOut
from geopy.location import Location

from geo.errors import InputError
from geo.gazetteer.geocode import OnlineGeocoder
from geo.extract.places import find_mentions

TEXT = "Shelling was reported in Xyzville and near Aleppo on Tuesday."


def fake(answers: dict, calls: list):
    def geocode(name):
        calls.append(name)
        if isinstance(answers.get(name), Exception):
            raise answers[name]
        lat, lon = answers.get(name, (None, None))
        if lat is None:
            return None
        return Location(f"{name}, Somewhere", (lat, lon),
                        {"addresstype": "village", "address": {"country_code": "sy"}})
    return geocode


def test_off_by_default_and_offline_mentions_unchanged(gazetteer):
    assert [m.text for m in find_mentions(TEXT, gazetteer)] == ["Aleppo"]


def test_unknown_names_are_looked_up_once_and_cached_on_disk(gazetteer, tmp_path):
    calls = []
    online = OnlineGeocoder(fake({"Xyzville": (36.0, 37.0)}, calls), cache_path=tmp_path / "cache.json")
    found = {m.text: m for m in find_mentions(TEXT, gazetteer, online=online)}
    assert set(found) == {"Xyzville", "Aleppo"}
    assert (found["Xyzville"].lat, found["Xyzville"].lon, found["Xyzville"].country) == (36.0, 37.0, "SY")
    assert found["Xyzville"].feature == "town" and found["Xyzville"].confidence < found["Aleppo"].confidence
    again = OnlineGeocoder(fake({}, calls), cache_path=tmp_path / "cache.json")
    assert "Xyzville" in {m.text for m in find_mentions(TEXT, gazetteer, online=again)}
    assert calls == ["Xyzville"]  # the second run read the cache


@pytest.mark.parametrize("error", [GeocoderTimedOut("too slow"), GeocoderServiceError("HTTP 503")])
def test_service_failures_are_reported_and_never_block(gazetteer, error):
    calls = []
    online = OnlineGeocoder(fake({"Xyzville": error}, calls))
    found = find_mentions(TEXT + " Later, fighting in Abcdtown.", gazetteer, online=online)
    assert [m.text for m in found] == ["Aleppo"]
    assert calls == ["Xyzville"]  # switched off after the first failure
    assert "switched off" in online.problems[0] and type(error).__name__ in online.problems[0]


def test_bad_settings_are_clear(tmp_path):
    with pytest.raises(InputError, match="Expected an online service"):
        OnlineGeocoder.from_service("google", url="https://x.org", cache_dir=tmp_path)
    with pytest.raises(InputError, match="http"):
        OnlineGeocoder.from_service("nominatim", url="nominatim.example.org", cache_dir=tmp_path)


class _Nominatim(BaseHTTPRequestHandler):
    delay = 0.0
    queries: list = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        query = parse_qs(urlsplit(self.path).query).get("q", [""])[0]
        type(self).queries.append((time.monotonic(), query))
        time.sleep(type(self).delay)
        body = []
        if query == "Xyzville":
            body = [{"lat": "36.5", "lon": "37.5", "display_name": "Xyzville, Aleppo, Syria",
                     "addresstype": "town", "address": {"country_code": "sy"}}]
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # the client gave up after its timeout: expected in the timeout test


@pytest.fixture()
def nominatim():
    _Nominatim.queries = []
    _Nominatim.delay = 0.0
    server = _Server(("127.0.0.1", 0), _Nominatim)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_real_geopy_nominatim_with_rate_limit(gazetteer, nominatim, tmp_path):
    online = OnlineGeocoder.from_service("nominatim", url=nominatim, cache_dir=tmp_path, min_delay_seconds=0.3)
    text = "Clashes in Xyzville. Protests in Qwertyburg."
    found = {m.text: m for m in find_mentions(text, gazetteer, online=online)}
    assert (found["Xyzville"].lat, found["Xyzville"].lon, found["Xyzville"].country) == (36.5, 37.5, "SY")
    assert "Qwertyburg" not in found
    times = [t for t, _ in _Nominatim.queries]
    assert [q for _, q in _Nominatim.queries] == ["Xyzville", "Qwertyburg"]
    assert times[1] - times[0] >= 0.25  # geopy's RateLimiter spaced them (0.3 s, less timer jitter)
    assert online.problems == []


def test_real_geopy_timeout_is_a_problem_not_a_crash(gazetteer, nominatim, tmp_path):
    _Nominatim.delay = 1.5
    online = OnlineGeocoder.from_service("nominatim", url=nominatim, cache_dir=tmp_path, timeout=0.3)
    assert [m.text for m in find_mentions("Fighting in Xyzville and Aleppo.", gazetteer, online=online)] == ["Aleppo"]
    assert "timed out" in online.problems[0].lower() and "switched off" in online.problems[0]
