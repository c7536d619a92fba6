"""Places a user adds: analysts' place lists (CSV, GeoJSON), official GeoNames dumps, the
store in data/places/user (always a tmp folder here), and ``python -m geo places``."""

import json
import os
import subprocess
import sys
import zipfile
from datetime import datetime, timezone

import pytest

from geo.errors import InputError, UnreadableFileError
from geo.gazetteer.geonames import precision, read_admin1, read_compact
from geo.gazetteer.userplaces import (GEONAMES_ADMIN1, GEONAMES_DUMP, PLACE_LIST, Upload, add_places,
                                      added_admin1_files, added_files, default_store_dir, is_user_id,
                                      list_added, place_id, read_place_list, remove_added)

from .conftest import ROOT

CSV = ("Place Name,Aliases,Latitude,LNG,Type,Country,Admin1,Pop\n"
       "Kafr Nabl,Kafranbel; Kfar Nobol|Kafr Nubl,35.61,36.56,village,SY,SY.07,\"12,000\"\n"
       "Abu al-Duhur airbase,,35.73,37.1,air base,Syria,,\n")
ALEPPO = ["170063", "Aleppo", "Aleppo", "Halab,Haleb,حلب", "36.20124", "37.16117", "P", "PPLA", "SY", "",
          "09", "", "", "", "1602264", "", "390", "Asia/Damascus", "2012-01-01"]


def csv_bytes(*rows: str, header: str = "name,lat,lon,kind") -> bytes:
    return "\n".join([header, *rows, ""]).encode("utf-8")


def feature(geometry, **properties):
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def geojson_bytes(*features) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode("utf-8")


def dump_text(*rows: list[str]) -> str:
    return "".join("\t".join(row) + "\n" for row in rows)


# --- reading place lists -----------------------------------------------------------------

def test_csv_with_synonym_headers_and_alternates_split_on_semicolons_and_bars():
    loaded = read_place_list(CSV.encode("utf-8"), name="mine.csv")
    assert loaded.warnings == []
    kafr, base = loaded.rows
    assert (kafr.name, kafr.lat, kafr.lon, kafr.country, kafr.admin1, kafr.population) == (
        "Kafr Nabl", 35.61, 36.56, "SY", "07", 12000)
    assert kafr.alternates == ("Kafranbel", "Kfar Nobol", "Kafr Nubl")
    assert precision(kafr.feature_class, kafr.feature_code) == "town"
    assert precision(base.feature_class, base.feature_code) == "site"
    assert base.country == "SY"  # looked up by name in countryinfo


def test_user_ids_are_stable_positive_and_never_geonames_ids():
    first = read_place_list(CSV.encode("utf-8"), name="a.csv").rows
    again = read_place_list(CSV.encode("utf-8"), name="renamed.csv").rows
    assert [r.geonameid for r in first] == [r.geonameid for r in again]
    assert all(r.geonameid > 0 and is_user_id(r.geonameid) for r in first)
    assert place_id(first[0].geonameid).startswith("user:") and place_id(first[0].geonameid).endswith(":2")
    assert place_id(170063) == "geonames:170063" and not is_user_id(170063)


@pytest.mark.parametrize("word, kind", [("city", "town"), ("Village", "town"), ("airport", "site"),
                                        ("military base", "site"), ("governorate", "province"),
                                        ("state", "province"), ("district", "district"), ("river", "water"),
                                        ("country", "country"), ("region", "region"), ("A.ADM2", "district"),
                                        ("", "town")])
def test_kinds_map_onto_our_precision_classes(word, kind):
    [row] = read_place_list(csv_bytes(f"X,1,2,{word}"), name="k.csv").rows
    assert precision(row.feature_class, row.feature_code) == kind


def test_unknown_kind_and_country_are_kept_with_warnings():
    loaded = read_place_list(csv_bytes("X,1,2,blob,Atlantis", header="name,lat,lon,kind,country"), name="k.csv")
    [row] = loaded.rows
    assert precision(row.feature_class, row.feature_code) == "town" and row.country == ""
    assert any("'blob'" in w and "town" in w for w in loaded.warnings)
    assert any("'Atlantis'" in w for w in loaded.warnings)


def test_geojson_points_and_other_geometries_at_a_point_inside():
    data = geojson_bytes(
        feature({"type": "Point", "coordinates": [37.16, 36.2]}, Name="Aleppo", alternate_names=["Halab"],
                kind="city", country="SY"),
        feature({"type": "Polygon", "coordinates": [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]]}, name="Box",
                type="governorate"),
        feature(None, name="Nowhere"))
    loaded = read_place_list(data, name="mine.geojson")
    aleppo, box = loaded.rows
    assert (aleppo.lat, aleppo.lon, aleppo.alternates) == (36.2, 37.16, ("Halab",))  # (lon, lat) in GeoJSON
    assert 0 < box.lat < 2 and 0 < box.lon < 2 and precision(box.feature_class, box.feature_code) == "province"
    assert any("feature 2" in w and "Polygon" in w for w in loaded.warnings)
    assert any("feature 3" in w and "skipped" in w for w in loaded.warnings)


def test_bad_rows_are_skipped_with_their_line_and_reason():
    data = csv_bytes("Good,1,2,town", "High,95,2,town", ",1,2,town", "Texty,1,east,town",
                     "Inf,inf,2,town", "Long" + "x" * 300 + ",1,2,town", "Be\x07ll\u202e,3,4,town")
    loaded = read_place_list(data, name="bad.csv")
    assert [r.name for r in loaded.rows] == ["Good", "Bell"]  # control characters stripped
    text = "\n".join(loaded.warnings)
    for expected in ("line 3: skipped: latitude 95 is outside -90..90", "line 4: skipped: no name",
                     "line 5: skipped: longitude 'east' is not a number", "line 6: skipped: latitude 'inf'",
                     "line 7: skipped: the name is longer than 200"):
        assert expected in text


def test_cells_are_text_never_formulas_or_templates():
    hostile = ["<script>alert(1)</script>", "{{7*7}}", "../../etc/passwd", "=HYPERLINK(\"x\")", "@SUM(A1)"]
    data = csv_bytes(*(f'"{name.replace(chr(34), chr(34) * 2)}",1,2,town' for name in hostile))
    assert [r.name for r in read_place_list(data, name="h.csv").rows] == hostile


@pytest.mark.parametrize("data, message", [
    (b"", "empty"), (b"  \n\n", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
    ("name,lat,lon\nK\xf6ln,1,2\n".encode("latin-1"), "expected UTF-8"),
    (b"title,y_coord,x_coord\nA,1,2\n", "expected columns for name"),
    (b"name,lat,lon\n,95,2\n", "at least one usable place"),
    (b'{"type": "FeatureCollection", "features": [', "invalid JSON"),
    (b"[" * 100000, "expected"),
])
def test_unusable_files_raise_a_clear_error(data, message):
    with pytest.raises(InputError, match=message):
        read_place_list(data, name="x.csv" if not data.startswith((b"{", b"[")) else "x.geojson")


def test_a_list_over_50_mb_is_refused_before_it_is_read(tmp_path):
    with pytest.raises(InputError, match="at most 50,000,000 bytes"):
        read_place_list(b"name,lat,lon\n" + b"a,1,2\n" * 8_400_000, name="big.csv")
    big = tmp_path / "big.csv"
    with open(big, "wb") as handle:
        handle.truncate(50_000_001)
    with pytest.raises(UnreadableFileError, match="at most"):
        add_places(big, store_dir=tmp_path / "store")
    assert list_added(tmp_path / "store") == []


def test_utf8_bom_and_semicolon_delimiters_from_spreadsheets():
    data = "\ufeffName;Lat;Lon\nKöln;50,94;6,96\n".encode("utf-8")
    [row] = read_place_list(data, name="excel.csv").rows
    assert (row.name, row.lat, row.lon) == ("Köln", 50.94, 6.96)


# --- the store ---------------------------------------------------------------------------

def test_add_list_and_read_back_as_compact_files(tmp_path):
    store = tmp_path / "store"
    when = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
    result = add_places(Upload("mine.csv", CSV.encode("utf-8")), store_dir=store, clock=lambda: when)
    [entry] = result.added
    assert (entry.kind, entry.rows, entry.name, entry.added) == (PLACE_LIST, 2, "mine.csv", "2024-05-01T12:00:00+00:00")
    assert list_added(store) == [entry] and added_files(store) == [entry.file]
    assert entry.file.name == f"{entry.digest}.tsv.gz"
    rows = list(read_compact(entry.file))
    assert [r.name for r in rows] == ["Kafr Nabl", "Abu al-Duhur airbase"]
    assert rows == read_place_list(CSV.encode("utf-8"), name="x.csv").rows


def test_adding_the_same_bytes_twice_adds_nothing(tmp_path):
    store = tmp_path / "store"
    first = add_places(Upload("a.csv", CSV.encode("utf-8")), store_dir=store)
    files = sorted(os.listdir(store))
    again = add_places(Upload("other-name.csv", CSV.encode("utf-8")), Upload("a.csv", CSV.encode("utf-8")),
                       store_dir=store)
    assert again.added == [] and [e.digest for e in again.already] == [first.added[0].digest] * 2
    assert sorted(os.listdir(store)) == files and len(list_added(store)) == 1


def test_remove_by_digest_or_prefix(tmp_path):
    store = tmp_path / "store"
    [a] = add_places(Upload("a.csv", CSV.encode("utf-8")), store_dir=store).added
    [b] = add_places(Upload("b.csv", csv_bytes("B,1,2,town")), store_dir=store).added
    assert remove_added(a.digest[:10], store) == a
    assert list_added(store) == [b] and not a.file.exists()
    with pytest.raises(InputError, match="got none"):
        remove_added(a.digest, store)
    for bad in ("../../etc/passwd", "abc", ""):
        with pytest.raises(InputError, match="hex digits"):
            remove_added(bad, store)
    assert list_added(store) == [b]


def test_hostile_file_names_are_text_never_paths(tmp_path):
    store = tmp_path / "store"
    names = ["../../etc/passwd", "..\\..\\boot.ini", "<script>x</script>.csv", "{{7*7}}.csv"]
    data = [csv_bytes(f"P{i},1,2,town") for i in range(len(names))]
    result = add_places(*(Upload(n, d) for n, d in zip(names, data)), store_dir=store)
    assert [e.name for e in result.added] == names
    assert all(p.parent == store for p in store.rglob("*"))
    assert {p.name.split(".")[0] for p in store.iterdir()} == {e.digest for e in result.added}
    assert not (tmp_path / "etc").exists()


def test_one_bad_source_adds_nothing(tmp_path):
    store = tmp_path / "store"
    add_places(Upload("old.csv", csv_bytes("Old,1,2,town")), store_dir=store)
    before = sorted(os.listdir(store))
    with pytest.raises(InputError):
        add_places(Upload("good.csv", CSV.encode("utf-8")), Upload("bad.csv", b"\xff\xfe\xfd"), store_dir=store)
    with pytest.raises(UnreadableFileError, match="not found"):
        add_places(Upload("good.csv", CSV.encode("utf-8")), tmp_path / "missing.txt", store_dir=store)
    assert sorted(os.listdir(store)) == before


def test_a_damaged_manifest_or_missing_data_file_is_skipped(tmp_path):
    store = tmp_path / "store"
    [a] = add_places(Upload("a.csv", CSV.encode("utf-8")), store_dir=store).added
    [b] = add_places(Upload("b.csv", csv_bytes("B,1,2,town")), store_dir=store).added
    (store / f"{a.digest}.json").write_text("{not json", encoding="utf-8")
    (store / ("0" * 64 + ".json")).write_text(json.dumps({"digest": "0" * 64, "kind": PLACE_LIST, "rows": 1,
                                                          "name": "x", "added": "x"}), encoding="utf-8")
    assert list_added(store) == [b]


def test_official_dumps_and_admin1_codes(tmp_path):
    store = tmp_path / "store"
    (tmp_path / "SY.txt").write_text(dump_text(ALEPPO), encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "LB.zip", "w") as archive:
        archive.writestr("readme.txt", "about")
        archive.writestr("LB.txt", dump_text(["276781", "Beirut", "Beirut", "Bayrut", "33.89", "35.49", "P",
                                              "PPLC", "LB", "", "04", "", "", "", "1916100", "", "0", "", ""]))
    (tmp_path / "admin1CodesASCII.txt").write_text("SY.09\tAleppo\tAleppo\t170062\n", encoding="utf-8")
    result = add_places(tmp_path / "SY.txt", tmp_path / "LB.zip", tmp_path / "admin1CodesASCII.txt", store_dir=store)
    assert [(e.kind, e.rows) for e in result.added] == [(GEONAMES_DUMP, 1), (GEONAMES_DUMP, 1), (GEONAMES_ADMIN1, 1)]
    by_name = {row.name: row for path in added_files(store) for row in read_compact(path)}
    aleppo, beirut = by_name["Aleppo"], by_name["Beirut"]
    assert aleppo.alternates == ("Halab", "Haleb") and aleppo.geonameid == 170063  # Latin only, as in data/places
    assert beirut.name == "Beirut" and not is_user_id(beirut.geonameid)
    [admin1] = added_admin1_files(store)
    assert read_admin1(admin1)["SY.09"].name == "Aleppo"


def test_a_file_that_is_no_dump_is_refused(tmp_path):
    (tmp_path / "XX.zip").write_bytes(b"not a zip")
    with pytest.raises(InputError, match="zip"):
        add_places(tmp_path / "XX.zip", store_dir=tmp_path / "store")
    assert list_added(tmp_path / "store") == []


def test_the_store_folder_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("GEO_PLACES_DIR", str(tmp_path))
    assert default_store_dir() == tmp_path
    monkeypatch.delenv("GEO_PLACES_DIR")
    assert default_store_dir() == ROOT / "data" / "places" / "user"


# --- the command line --------------------------------------------------------------------

def places(*args, store):
    env = {**os.environ, "GEO_PLACES_DIR": str(store)}
    return subprocess.run([sys.executable, "-m", "geo", "places", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env=env)


def test_cli_add_list_remove(tmp_path):
    store = tmp_path / "store"
    (tmp_path / "mine.csv").write_text(CSV, encoding="utf-8")
    (tmp_path / "SY.txt").write_text(dump_text(ALEPPO), encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "SY.zip", "w") as archive:
        archive.writestr("SY.txt", dump_text(ALEPPO, ["170064", *ALEPPO[1:]]))
    (tmp_path / "admin1CodesASCII.txt").write_text("SY.09\tAleppo\tAleppo\t170062\n", encoding="utf-8")
    done = places("add", tmp_path / "mine.csv", tmp_path / "SY.txt", tmp_path / "SY.zip",
                  tmp_path / "admin1CodesASCII.txt", store=store)
    assert done.returncode == 0, done.stderr
    assert "rebuilt on its next load" in done.stderr and "added mine.csv: 2 rows" in done.stderr
    listed = places("list", store=store)
    assert listed.returncode == 0
    lines = listed.stdout.splitlines()
    assert len(lines) == 4 and {"mine.csv", "SY.txt", "SY.zip", "admin1CodesASCII.txt"} == {
        line.split()[-1] for line in lines}
    again = places("add", tmp_path / "mine.csv", store=store)
    assert again.returncode == 0 and "already added" in again.stderr
    digest = next(line.split()[0] for line in lines if line.endswith("mine.csv"))
    removed = places("remove", digest[:12], store=store)
    assert removed.returncode == 0 and "rebuilt on its next load" in removed.stderr
    assert len(places("list", store=store).stdout.splitlines()) == 3


def test_cli_store_dir_option_and_bad_input_exit_2_with_the_store_untouched(tmp_path):
    store = tmp_path / "store"
    (tmp_path / "good.csv").write_text(CSV, encoding="utf-8")
    (tmp_path / "bad.csv").write_bytes(b"\x00\x01binary")
    assert places("add", "--store-dir", store, tmp_path / "good.csv", store=tmp_path / "elsewhere").returncode == 0
    before = sorted(os.listdir(store))
    done = places("add", "--store-dir", store, tmp_path / "good.csv", tmp_path / "bad.csv", tmp_path / "x.csv",
                  store=tmp_path / "elsewhere")
    assert done.returncode == 2 and "binary" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert sorted(os.listdir(store)) == before and not (tmp_path / "elsewhere").exists()
    done = places("remove", "--store-dir", store, "feedface", store=tmp_path / "elsewhere")
    assert done.returncode == 2 and "expected one added import" in done.stderr
    assert places("add", "--store-dir", store, tmp_path / "missing.csv", store=store).returncode == 2


def test_a_folder_or_fifo_is_refused_without_blocking(tmp_path):
    (tmp_path / "dir.csv").mkdir()
    os.mkfifo(tmp_path / "pipe.txt")
    for path in (tmp_path / "dir.csv", tmp_path / "pipe.txt"):
        with pytest.raises(UnreadableFileError):
            add_places(path, store_dir=tmp_path / "store")
    assert list_added(tmp_path / "store") == []
