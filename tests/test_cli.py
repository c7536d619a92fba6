import json
import subprocess
import sys

from .conftest import ROOT, SAMPLE


def cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "geo", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, input=stdin, timeout=300)


def test_events_writes_geojson(tmp_path):
    out = tmp_path / "events.geojson"
    done = cli("events", SAMPLE, "-o", out)
    assert done.returncode == 0, done.stderr
    collection = json.loads(out.read_text())
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) > 10


def test_events_skips_bad_files_and_fails_only_when_nothing_is_read(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00\x01")
    good = tmp_path / "good.txt"
    good.write_text("Russian jets bombed targets near Aleppo on Tuesday.")
    done = cli("events", tmp_path / "bad.txt", good)
    assert done.returncode == 0
    assert "bad.txt" in done.stderr and json.loads(done.stdout)["features"]
    done = cli("events", tmp_path / "bad.txt")
    assert done.returncode == 2 and "bad.txt" in done.stderr


def test_mentions_jsonl_contract(tmp_path):
    lines = [{"id": "a", "text": "Fighting near Aleppo."}, {"id": 7, "text": "Nothing here."}]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    done = cli("mentions", "--jsonl", source)
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", 7]
    [aleppo] = out[0]["mentions"]
    assert {"start", "end", "text", "name", "lat", "lon", "feature", "country"} <= set(aleppo)
    assert lines[0]["text"][aleppo["start"]:aleppo["end"]] == "Aleppo"
    assert out[1]["mentions"] == []


def test_mentions_of_report_files_one_line_per_file():
    done = cli("mentions", SAMPLE)
    assert done.returncode == 0
    assert len(done.stdout.splitlines()) == 5


def test_help():
    for command in ("events", "mentions"):
        done = cli(command, "--help")
        assert done.returncode == 0 and "usage" in done.stdout


def test_claims_table_and_json(tmp_path):
    done = cli("claims", SAMPLE)
    assert done.returncode == 0, done.stderr
    assert "not consistent" in done.stdout and "Reported 55 km" in done.stdout
    positions = tmp_path / "is.csv"
    positions.write_text("lat,lon\n34.95,37.2\n", encoding="utf-8")
    done = cli("claims", SAMPLE, "--json", "--positions", positions, "--positions-actor", "Islamic State")
    [claim] = json.loads(done.stdout)
    assert claim["verdict"] == "consistent" and claim["claim_km"] == 55.0


def test_events_with_a_bad_positions_file_exits_2(tmp_path):
    bad = tmp_path / "p.csv"
    bad.write_text("x\n1\n", encoding="utf-8")
    done = cli("events", SAMPLE, "--positions", bad, "--positions-actor", "X")
    assert done.returncode == 2 and "'lat' and 'lon'" in done.stderr
