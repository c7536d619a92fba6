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


def test_mentions_jsonl_skips_each_bad_line_with_its_number_and_keeps_the_rest(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_bytes(b'{"id": "a", "text": "Fighting near Aleppo."}\n'
                       b'{"id": "b", "text": null}\n'
                       b'{"id": "c", "text": 42}\n'
                       b'{"id": "d", "text": "Homs \xff"}\n'  # one invalid UTF-8 byte
                       b'not json\n'
                       b'[1, 2]\n'
                       b'{"text": "no id"}\n'
                       b'\n'
                       b'{"id": "e", "text": "Shelling in Homs."}\n')
    out = tmp_path / "out.jsonl"
    done = cli("mentions", "--jsonl", source, "-o", out)
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["a", "e"]
    for number, words in ((2, "got null"), (3, "got a number"), (4, "UTF-8"), (5, "invalid JSON"),
                          (6, "got a list"), (7, "'id'")):
        assert f"in.jsonl:{number}: " in done.stderr and words in done.stderr
    assert "in.jsonl:8" not in done.stderr and "Traceback" not in done.stderr


def test_a_run_that_reads_nothing_leaves_the_previous_output_as_it_was(tmp_path):
    previous = tmp_path / "prev.jsonl"
    previous.write_text('{"id": "kept", "mentions": []}\n')
    done = cli("mentions", tmp_path / "mistyped.txt", "-o", previous)
    assert done.returncode == 2 and "mistyped.txt" in done.stderr
    assert previous.read_text() == '{"id": "kept", "mentions": []}\n'
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1, "text": null}\n')
    done = cli("mentions", "--jsonl", bad, "-o", previous)
    assert done.returncode == 2 and previous.read_text() == '{"id": "kept", "mentions": []}\n'
    events = tmp_path / "events.geojson"
    events.write_text("old")
    done = cli("events", tmp_path / "mistyped.txt", "-o", events)
    assert done.returncode == 2 and events.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_an_output_that_is_also_an_input_is_refused_before_anything_is_written(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "text": "Fighting near Aleppo."}\n')
    reports = tmp_path / "reports"
    reports.mkdir()
    report = reports / "r.txt"
    report.write_text("Fighting near Homs.")
    link = tmp_path / "link.txt"
    link.symlink_to(report)
    positions = tmp_path / "p.csv"
    positions.write_text("lat,lon\n34.95,37.2\n")
    for args, target in ((["mentions", "--jsonl", source, "-o", source], source),
                         (["mentions", reports, "-o", report], report),
                         (["events", report, "-o", link], report),
                         (["events", reports, "-o", reports / "new.txt"], reports / "new.txt"),
                         (["events", report, "--positions", positions, "--positions-actor", "X",
                           "-o", positions], positions)):
        before = target.read_bytes() if target.exists() else None
        done = cli(*args)
        assert done.returncode == 2, args
        assert "refusing to write an output" in done.stderr and len(done.stderr.strip().splitlines()) == 1
        assert (target.read_bytes() if target.exists() else None) == before


def test_output_is_written_whole_or_not_at_all(tmp_path):
    out = tmp_path / "events.geojson"
    done = cli("events", SAMPLE, "-o", tmp_path / "missing-folder" / "e.geojson")
    assert done.returncode == 2 and "does not exist" in done.stderr
    done = cli("events", SAMPLE, "-o", tmp_path)
    assert done.returncode == 2 and "got a folder" in done.stderr
    out.write_text("old")
    done = cli("events", SAMPLE, "-o", out)
    assert done.returncode == 0 and json.loads(out.read_text())["type"] == "FeatureCollection"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.geojson"]


def test_an_output_that_is_a_device_is_written_in_place():
    done = cli("-q", "mentions", SAMPLE, "-o", "/dev/stdout")
    assert done.returncode == 0 and len(done.stdout.splitlines()) == 5


def test_positions_warnings_are_logged_and_the_good_rows_used(tmp_path):
    positions = tmp_path / "is.csv"
    positions.write_text("lat,lon\n34.95,37.2\n999,37.2\n", encoding="utf-8")
    done = cli("claims", SAMPLE, "--json", "--positions", positions, "--positions-actor", "Islamic State")
    assert done.returncode == 0, done.stderr
    assert "1 of 2 rows dropped: latitude outside -90..90 (rows 3)" in done.stderr
    [claim] = json.loads(done.stdout)
    assert claim["verdict"] == "consistent"


def test_a_write_that_fails_halfway_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    import pytest

    from geo.errors import OutputError
    from geo.fileio import atomic_writer, write_atomic

    out = tmp_path / "out.geojson"
    write_atomic(out, b"good")
    with pytest.raises(RuntimeError):
        with atomic_writer(out) as handle:
            handle.write(b"half")
            raise RuntimeError("disk full")
    assert out.read_bytes() == b"good" and sorted(p.name for p in tmp_path.iterdir()) == ["out.geojson"]
    with pytest.raises(OutputError, match=r"^.*folder.*: cannot write the file") as caught:
        write_atomic(tmp_path / "folder" / "x.json", b"")
    assert ".partial" not in str(caught.value)
    (tmp_path / "folder").mkdir()
    with pytest.raises(OutputError):
        write_atomic(tmp_path / "folder", b"x")  # a folder cannot be replaced by a file
    assert (tmp_path / "folder").is_dir() and sorted(p.name for p in tmp_path.iterdir()) == ["folder", "out.geojson"]
