"""The five sample reports (data/reports/) against their golden answers.

The sample's answers live in one file, ``tests/golden/sample.json``, and only this
module reads it: every record the sample gives (kind, type, actors, date, place and
its point, sources, figures, the distance claim and its verdict) and every place
mention in its text. Rule tests elsewhere use sentences of their own, so a rule is
never tuned to these five reports; a change that moves the sample shows up here, as
a diff to read and explain.

To accept a change deliberately, after reading what it does to the sample::

    .venv/bin/python -m tests.test_sample_golden --update
    git diff tests/golden/sample.json   # explain every changed line in the commit

(``GEO_UPDATE_GOLDEN=1 pytest tests/test_sample_golden.py`` does the same.)
"""

from __future__ import annotations

import json
import math
import os
import sys
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden" / "sample.json"
_RECORD_FIELDS = ("kind", "event_type", "sub_event_type", "actor", "actor2", "event_date", "date_precision", "place", "place_id",
                  "geo_precision", "country", "asset", "count", "corroboration")
_CLAIM_FIELDS = ("claim_km", "claim_text", "claim_to", "computed_km", "verdict", "nearest_place")


def _plain(value):
    """JSON-ready: NaN and missing values are None, NumPy numbers are Python numbers."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def summarise(result) -> dict:
    """What an analyst sees of a run: its records by id and its place mentions by report."""
    records = {}
    for row in result.frame.to_dict("records"):
        entry = {name: _plain(row[name]) for name in _RECORD_FIELDS}
        point = row["geometry"]
        entry["lat_lon"] = None if point is None or point.is_empty else [round(point.y, 4), round(point.x, 4)]
        entry["sources"] = sorted(f"{s['report']}:{s['start']}" for s in row["sources"])
        entry["figures"] = sorted(s["fatalities"] for s in row["sources"] if s.get("fatalities"))
        if row["kind"] == "claim":
            entry |= {name: _plain(row[name]) for name in _CLAIM_FIELDS}
        records[row["record_id"]] = entry
    mentions = {report: [{"at": m.start, "text": m.text, "name": m.name, "feature": m.feature,
                          "lat_lon": None if m.lat is None else [round(m.lat, 4), round(m.lon, 4)],
                          "demonym": m.demonym, "metonymic": m.metonymic,
                          "facility": m.facility.name if m.facility is not None else None}
                         for m in found]
                for report, found in sorted(result.mentions.items())}
    return {"records": dict(sorted(records.items())), "mentions": mentions}


def _golden() -> dict:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


def _write(summary: dict) -> None:
    """One line per record and per mention, so that a change reads as a short diff."""
    def block(items: dict) -> str:
        return "{\n" + ",\n".join(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}"
                                   for key, value in items.items()) + "\n }"

    mentions = {report: "[\n" + ",\n".join(f"   {json.dumps(m, ensure_ascii=False)}" for m in found) + "\n  ]"
                for report, found in summary["mentions"].items()}
    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    GOLDEN.write_text('{\n "records": ' + block(summary["records"]) + ',\n "mentions": {\n'
                      + ",\n".join(f"  {json.dumps(r)}: {text}" for r, text in mentions.items())
                      + "\n }\n}\n", encoding="utf-8")


def test_the_sample_gives_its_golden_records(sample):
    got = summarise(sample)
    if os.environ.get("GEO_UPDATE_GOLDEN"):
        _write(got)
    expected = _golden()["records"]
    missing = {rid: expected[rid] for rid in expected.keys() - got["records"].keys()}
    extra = {rid: got["records"][rid] for rid in got["records"].keys() - expected.keys()}
    assert not missing and not extra, f"records missing: {missing}\nrecords not in the golden file: {extra}"
    for record_id, entry in expected.items():
        assert got["records"][record_id] == entry, record_id


def test_the_sample_gives_its_golden_place_mentions(sample):
    got, expected = summarise(sample)["mentions"], _golden()["mentions"]
    assert got.keys() == expected.keys()
    for report in expected:
        assert got[report] == expected[report], report


def _update() -> None:
    """Run the sample and write its answers as the new golden file."""
    from geo.extract.actors import load_actors
    from geo.gazetteer import load_gazetteer
    from geo.pipeline import run

    from .conftest import SAMPLE

    _write(summarise(run([SAMPLE], gazetteer=load_gazetteer(), actors=load_actors())))


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit(f"usage: python -m tests.test_sample_golden --update (got {sys.argv[1:]!r})")
    _update()
