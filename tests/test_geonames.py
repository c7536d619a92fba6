"""geo.gazetteer.geonames (the GeoNames readers) and scripts/build_places.py (the compact
files in data/places/), on small dumps written here, and the committed data itself."""

from __future__ import annotations

import gzip
import logging
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from geo.errors import InputError, UnreadableFileError
from geo.gazetteer.geonames import (GeoNamesRow, compact_line, is_latin, latin_alternates, precision,
                                    read_admin1, read_compact, read_dump)

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "build_places.py"
COMMITTED = ROOT / "data" / "places" / "geonames.tsv.gz"


def dump_line(geonameid: int, name: str, asciiname: str, alternates: str, lat: str, lon: str,
              feature: str = "P.PPL", country: str = "SY", admin1: str = "09", population: str = "0") -> str:
    """One line of the official 19-column dump."""
    feature_class, _, feature_code = feature.partition(".")
    return "\t".join([str(geonameid), name, asciiname, alternates, lat, lon, feature_class, feature_code,
                      country, "", admin1, "", "", "", population, "", "300", "Asia/Damascus", "2014-07-08"])


LINES = [
    dump_line(170644, "Dīwān Fawqānī", "Diwan Fawqani", "ديوان فوقاني,Dîouâne Faouqâni,Diouane Foukani",
              "36.342581", "36.699624"),
    dump_line(168503, "Kawkab", "Kawkab", "كوكب,Kaukab,KAWKAB,Кавкаб,Keukeb", "35.29973", "36.8029",
              admin1="10"),
    dump_line(170063, "Aleppo", "Aleppo", "Halab,ALP,OSAP,http://en.wikipedia.org/wiki/Aleppo,4001,Alep",
              "36.20124", "37.16117", "P.PPLA", population="1602264"),
    dump_line(170062, "Aleppo Governorate", "Aleppo Governorate", "Muhafazat Halab", "36.25", "37.5",
              "A.ADM1", population="4867991"),
]
ROWS = [
    GeoNamesRow(170644, "Dīwān Fawqānī", "Diwan Fawqani", ("ديوان فوقاني", "Dîouâne Faouqâni", "Diouane Foukani"),
                36.342581, 36.699624, "P", "PPL", "SY", "09", 0),
    GeoNamesRow(168503, "Kawkab", "Kawkab", ("كوكب", "Kaukab", "KAWKAB", "Кавкаб", "Keukeb"), 35.29973, 36.8029,
                "P", "PPL", "SY", "10", 0),
    GeoNamesRow(170063, "Aleppo", "Aleppo", ("Halab", "ALP", "OSAP", "http://en.wikipedia.org/wiki/Aleppo", "4001",
                                             "Alep"), 36.20124, 37.16117, "P", "PPLA", "SY", "09", 1602264),
    GeoNamesRow(170062, "Aleppo Governorate", "Aleppo Governorate", ("Muhafazat Halab",), 36.25, 37.5,
                "A", "ADM1", "SY", "09", 4867991),
]
ADMIN1 = "SY.09\tAleppo\tAleppo\t170062\nSY.10\tHama\tHama\t170015\nUA.14\tDonetsk\tDonetsk\t709716\n"


def text(lines: list[str]) -> str:
    return "".join(f"{line}\n" for line in lines)


def write_txt(path: Path, lines: list[str]) -> Path:
    path.write_text(text(lines), encoding="utf-8")
    return path


def write_zip(path: Path, member: str, lines: list[str]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("readme.txt", "GeoNames readme\n")
        archive.writestr(member, text(lines))
    return path


def write_gz(path: Path, lines: list[str]) -> Path:
    path.write_bytes(gzip.compress(text(lines).encode("utf-8")))
    return path


# --- the three kinds of dump -----------------------------------------------------------------

def test_reads_a_plain_dump(tmp_path):
    assert list(read_dump(write_txt(tmp_path / "SY.txt", LINES))) == ROWS


def test_reads_a_zipped_download_past_its_readme(tmp_path):
    assert list(read_dump(write_zip(tmp_path / "SY.zip", "SY.txt", LINES))) == ROWS
    assert list(read_dump(write_zip(tmp_path / "cities500.zip", "cities500.txt", LINES[:2]))) == ROWS[:2]


def test_reads_a_gzipped_dump(tmp_path):
    assert list(read_dump(write_gz(tmp_path / "SY.tsv.gz", LINES))) == ROWS


def test_an_empty_file_gives_no_rows(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    assert list(read_dump(tmp_path / "empty.txt")) == []
    assert list(read_dump(write_gz(tmp_path / "empty.tsv.gz", []))) == []


# --- bad input -------------------------------------------------------------------------------

def test_skips_malformed_lines_and_says_how_many(tmp_path, caplog):
    bad = [
        "170644\tDīwān Fawqānī\tDiwan Fawqani",  # too few columns
        dump_line(1, "Nowhere", "Nowhere", "", "north", "36.1"),  # latitude not a number
        dump_line(2, "Farther", "Farther", "", "95.0", "36.1"),  # latitude out of range
        dump_line(3, "Someplace", "Someplace", "", "35.0", "36.1", population="many"),
    ]
    path = tmp_path / "SY.txt"
    path.write_bytes(text([LINES[0], *bad, LINES[1]]).encode("utf-8") + b"\x00\xff\xfe\x89PNG\r\n\x1a\n\x00\x00\n")
    with caplog.at_level(logging.WARNING, logger="geo.gazetteer.geonames"):
        rows = list(read_dump(path))
    assert rows == ROWS[:2]
    assert "skipped 7 malformed line(s)" in caplog.text  # the four above, and three lines of garbage


def test_bytes_that_are_not_utf8_are_replaced_not_fatal(tmp_path, caplog):
    path = tmp_path / "SY.txt"
    latin1 = LINES[0].encode("utf-8").replace("Fawqānī".encode("utf-8"), "Fawqânî".encode("latin-1"))
    path.write_bytes(latin1 + b"\n" + LINES[1].encode("utf-8") + b"\n")
    with caplog.at_level(logging.WARNING, logger="geo.gazetteer.geonames"):
        rows = list(read_dump(path))
    assert [row.geonameid for row in rows] == [170644, 168503]
    assert "\ufffd" in rows[0].name and rows[0].asciiname == "Diwan Fawqani"
    assert "not valid UTF-8" in caplog.text
    # a name with a replaced byte is not kept as a Latin alternate
    assert latin_alternates("X", "X", (rows[0].name,)) == ()


def test_a_missing_file_a_folder_and_a_damaged_archive_raise_clear_errors(tmp_path):
    with pytest.raises(UnreadableFileError, match="not found"):
        list(read_dump(tmp_path / "allCountries.zip"))
    with pytest.raises(UnreadableFileError, match="expected a regular file, got a folder"):
        list(read_dump(tmp_path))
    (tmp_path / "SY.zip").write_bytes(b"not a zip at all")
    with pytest.raises(UnreadableFileError, match="expected a zip archive"):
        list(read_dump(tmp_path / "SY.zip"))
    packed = gzip.compress(text(LINES * 50).encode("utf-8"))
    (tmp_path / "cut.tsv.gz").write_bytes(packed[: len(packed) // 2])
    with pytest.raises(UnreadableFileError, match="damaged or cut short"):
        list(read_dump(tmp_path / "cut.tsv.gz"))


# --- names and features ----------------------------------------------------------------------

def test_keeps_latin_alternates_once_and_drops_other_scripts_codes_and_links():
    assert latin_alternates("Kawkab", "Kawkab", ROWS[1].alternates) == ("Kaukab", "Keukeb")
    assert latin_alternates("Aleppo", "Aleppo", ROWS[2].alternates) == ("Halab", "Alep")
    names = ("Ma‘arrat an Nu‘mān", "ma‘arrat an nu‘mān", "Maʿarrat al-Nuʿman", "Мааррат", "معرة النعمان",
             "Ma'arrat  an Numan", "x" * 61, "SY-07")
    assert latin_alternates("Ma‘arrat an Nu‘mān", "Ma`arrat an Nu`man", names[1:]) == (
        "Maʿarrat al-Nuʿman", "Ma'arrat an Numan")


def test_latin_script_test():
    assert is_latin("Dîouâne Faouqâni") and is_latin("Maʿarrat") and is_latin("Kyiv")
    assert not is_latin("Київ") and not is_latin("حلب") and not is_latin("123") and not is_latin("Siria - سورية")


@pytest.mark.parametrize("feature, expected", [
    ("P.PPL", "town"), ("P.PPLQ", "town"), ("P.", "town"), ("A.ADM1", "province"), ("A.ADM2", "district"),
    ("A.PCLI", "country"), ("H.STM", "water"), ("S.AIRB", "site"), ("T.HLL", "site"), ("T.DSRT", "region"),
    ("L.OAS", "region"), ("X.ABC", None), (".", None),
])
def test_feature_classes_map_to_our_precision_classes(feature, expected):
    from geo.gazetteer.index import FEATURES

    feature_class, _, feature_code = feature.partition(".")
    assert precision(feature_class, feature_code) == expected
    assert expected is None or expected in FEATURES


def test_reads_admin1_with_or_without_a_header(tmp_path, caplog):
    plain = tmp_path / "admin1CodesASCII.txt"
    plain.write_text(ADMIN1 + "broken line\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="geo.gazetteer.geonames"):
        names = read_admin1(plain)
    assert list(names) == ["SY.09", "SY.10", "UA.14"]
    assert names["SY.10"].name == "Hama" and names["SY.10"].geonameid == 170015
    assert "skipped 1 malformed" in caplog.text
    headed = tmp_path / "admin1.tsv"
    headed.write_text("code\tname\tasciiname\tgeonameid\n" + ADMIN1, encoding="utf-8")
    assert read_admin1(headed) == names


# --- the compact file and the build ----------------------------------------------------------

def compacted(row: GeoNamesRow) -> GeoNamesRow:
    return GeoNamesRow(row.geonameid, row.name, row.asciiname,
                       latin_alternates(row.name, row.asciiname, row.alternates),
                       round(row.lat, 5), round(row.lon, 5), row.feature_class, row.feature_code, row.country,
                       row.admin1, row.population)


def build(out: Path, *sources: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), "--out", str(out), *map(str, sources)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


@pytest.fixture
def sources(tmp_path) -> Path:
    folder = tmp_path / "geonames"
    folder.mkdir()
    write_gz(folder / "SY.tsv.gz", [LINES[1], LINES[0], LINES[3]])
    write_txt(folder / "UA.txt", [dump_line(709717, "Donetsk", "Donetsk", "Donezk,Донецьк", "48.023", "37.80224",
                                            "P.PPLA", "UA", "14", "988000"),
                                  dump_line(700000, "Selo", "Selo", "", "48.0", "37.0", "P", "UA", "14")])
    write_zip(folder / "cities500.zip", "cities500.txt", [LINES[2], LINES[0].replace("36.342581", "1.0")])
    (folder / "admin1CodesASCII.txt").write_text(ADMIN1 + "IQ.01\tAnbar\tAnbar\t99131\n", encoding="utf-8")
    (folder / "README.md").write_text("not a dump\n", encoding="utf-8")
    return folder


def test_build_writes_a_compact_file_that_reads_back(tmp_path, sources):
    out = tmp_path / "places"
    result = build(out, sources)
    assert result.returncode == 0, result.stderr
    rows = list(read_compact(out / "geonames.tsv.gz"))
    # SY.tsv.gz comes before cities500.zip by name: its 170644 is kept, the copy at latitude 1.0 dropped
    expected = {row.geonameid: compacted(row) for row in read_dump(sources / "UA.txt")}
    expected |= {row.geonameid: compacted(row) for row in ROWS}
    assert rows == [expected[key] for key in sorted(expected)]
    assert [row.geonameid for row in rows] == sorted(row.geonameid for row in rows)
    assert {compact_line(row) for row in rows} == set(
        gzip.decompress((out / "geonames.tsv.gz").read_bytes()).decode("utf-8").splitlines()[1:])
    admin1 = (out / "admin1.tsv").read_text(encoding="utf-8").splitlines()
    assert admin1 == ["code\tname\tasciiname\tgeonameid", "SY.09\tAleppo\tAleppo\t170062",
                      "SY.10\tHama\tHama\t170015", "UA.14\tDonetsk\tDonetsk\t709716"]
    assert read_admin1(out / "admin1.tsv")["UA.14"].geonameid == 709716
    sources_md = (out / "SOURCES.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in sources_md and '"GeoNames, geonames.org"' in sources_md
    assert "| SY | 4 |" in sources_md and "| UA | 2 |" in sources_md and "first kept: 1" in sources_md


def test_build_is_byte_identical_from_run_to_run(tmp_path, sources):
    first, second = tmp_path / "first", tmp_path / "second"
    assert build(first, sources).returncode == 0
    assert build(second, sources).returncode == 0
    for name in ("geonames.tsv.gz", "admin1.tsv"):
        assert (first / name).read_bytes() == (second / name).read_bytes()
    before = {p.name: p.read_bytes() for p in first.iterdir()}
    assert build(first, sources).returncode == 0
    assert {p.name: p.read_bytes() for p in first.iterdir()} == before


def test_build_says_in_one_line_when_there_is_nothing_to_read(tmp_path):
    result = build(tmp_path / "out", tmp_path / "missing.zip")
    assert result.returncode == 2
    assert "missing.zip: cannot read the file: not found" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out" / "geonames.tsv.gz").exists()


def test_compact_file_needs_its_header(tmp_path):
    path = write_gz(tmp_path / "geonames.tsv.gz", [compact_line(ROWS[0])])
    with pytest.raises(InputError, match="expected the header line"):
        list(read_compact(path))


# --- the committed data ----------------------------------------------------------------------

SYRIA = (32.3, 37.4, 35.6, 42.4)  # south, north, west, east


@pytest.fixture(scope="module")
def committed() -> dict[int, GeoNamesRow]:
    return {row.geonameid: row for row in read_compact(COMMITTED)}


def test_committed_places_hold_syrian_villages(committed):
    assert len(committed) > 600_000
    for geonameid, name, admin1 in ((170644, "Dīwān Fawqānī", "09"), (168503, "Kawkab", "10")):
        village = committed[geonameid]
        assert (village.name, village.country, village.admin1, village.population) == (name, "SY", admin1, 0)
        assert precision(village.feature_class, village.feature_code) == "town"
        south, north, west, east = SYRIA
        assert south <= village.lat <= north and west <= village.lon <= east
    assert "Kaukab" in committed[168503].alternates
    assert all(is_latin(name) for row in committed.values() for name in row.alternates)
