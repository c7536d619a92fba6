import datetime as dt
import logging
import unicodedata

import pytest

import geo.pipeline
from geo.pipeline import extract
from geo.extract.places import find_mentions
from geo.io.reports import report_from_text

PUBLISHED = dt.date(2015, 9, 30)

# (sentence, the name as written there with {} where an invisible or careless character goes,
# that character, the place)
CONFLICTS = [
    ("Russian jets bombed rebel positions near {} on Tuesday.", "Deir{}ez-Zor", "\u00a0", "Deir ez-Zor"),  # Syria
    ("Russian warplanes struck targets around {} on Wednesday.", "Lata{}kia", "\u00ad", "Latakia"),  # Syria
    ("Saudi-led coalition air strikes hit targets in {} on Monday.", "Hode{}idah", "\u200b", "Al Ḩudaydah"),  # Yemen
    ("The Rapid Support Forces attacked positions in {} on Sunday.", "El {}Fasher", "\u200f", "El Fasher"),  # Sudan
    ("Russian forces shelled the outskirts of {} overnight.", "Khar{}kiv", "\u2060", "Kharkiv"),  # Ukraine
    ("Cartel gunmen attacked a police post in {} on Friday.", "Ciudad Jua{}rez", "\u0301", "Ciudad Juárez"),  # Mexico
    ("Police clashed with protesters in {} on Friday.", "Sa{}o Paulo", "\u0303", "São Paulo"),  # Brazil
]
_CLEAN = {"\u00a0": " ", "\u0301": "\u0301", "\u0303": "\u0303"}  # what the character is in clean text


def _records(text, gazetteer, actors):
    return extract([report_from_text(text, report_id="r", published=PUBLISHED)], gazetteer=gazetteer, actors=actors)


@pytest.mark.parametrize("sentence, written, char, place", CONFLICTS)
def test_a_name_with_an_invisible_character_is_the_same_place_at_the_original_offsets(
        sentence, written, char, place, gazetteer, actors):
    name = written.format(char)
    dirty = sentence.format(name)
    clean = unicodedata.normalize("NFC", sentence.format(written.format(_CLEAN.get(char, ""))))
    expected = _records(clean, gazetteer, actors)
    assert list(expected.frame["place"]) == [place]

    result = _records(dirty, gazetteer, actors)
    assert list(result.frame["place_id"]) == list(expected.frame["place_id"])
    [source] = result.frame.iloc[0]["sources"]
    assert dirty[source["start"]:source["end"]] == source["quote"] == dirty  # the quote is the original sentence
    assert dirty[source["place_start"]:source["place_end"]] == name

    [mention] = [m for m in find_mentions(dirty, gazetteer) if m.name == place]
    assert dirty[mention.start:mention.end] == mention.text == name
    assert mention.place_id == next(m for m in find_mentions(clean, gazetteer) if m.name == place).place_id
    assert [(m.start, m.end, m.text) for m in result.mentions["r"]] == [
        (m.start, m.end, m.text) for m in find_mentions(dirty, gazetteer)]


def test_claims_and_their_sources_point_into_the_original_text(gazetteer, actors):
    text = ("Russian jets bombed targets near\u00a0Ho\u00adms on Wednesday.\n"
            "The nearest Islamic\u200b State fighters are 55\u00a0kilometers away from the airstrikes.")
    result = _records(text, gazetteer, actors)
    [claim] = result.claims
    assert text[claim.start:claim.end] == claim.quote and claim.quote.startswith("The nearest Islamic\u200b")
    [row] = result.frame[result.frame["kind"] == "claim"].itertuples()
    assert row.claim_from is not None  # the claim still finds the strike it is measured from
    strike = result.frame[result.frame["record_id"] == row.claim_from].iloc[0]
    assert text[strike["sources"][0]["place_start"]:strike["sources"][0]["place_end"]] == "Ho\u00adms"


def test_one_report_that_fails_is_a_problem_and_the_others_are_extracted(gazetteer, actors, monkeypatch, caplog):
    reports = [report_from_text(text, report_id=rid, published=PUBLISHED, path=f"/srv/uploads/{rid}.txt")
               for rid, text in [("first", "Russian jets bombed targets near Aleppo on Tuesday."),
                                 ("broken", "Russian jets bombed targets near Homs on Tuesday."),
                                 ("last", "Saudi-led coalition air strikes hit targets in Sanaa on Monday.")]]
    real = geo.pipeline.extract_records

    def flaky(doc, **options):
        if doc.report.id == "broken":
            raise OverflowError("date value out of range in /srv/app/geo/text/dates.py")
        return real(doc, **options)

    monkeypatch.setattr(geo.pipeline, "extract_records", flaky)
    with caplog.at_level(logging.ERROR, logger="geo"):
        result = extract(reports, gazetteer=gazetteer, actors=actors)
    assert sorted(result.frame["place"]) == ["Aleppo", "Sanaa"]
    [problem] = result.problems
    assert problem.path == "/srv/uploads/broken.txt" and problem.skipped
    assert "'broken'" in problem.message and "OverflowError" in problem.message
    assert "/srv/app" not in problem.message and "Traceback" not in problem.message
    assert any("broken" in r.getMessage() and r.levelno == logging.ERROR for r in caplog.records)
    assert result.mentions["broken"] == [] and result.mentions["first"]


def test_a_publication_date_at_the_calendar_edge_gives_undated_records(gazetteer, actors):
    text = "Russian jets bombed targets near Aleppo on Wednesday. Yesterday they struck Homs again last week."
    for published in (dt.date.min, dt.date.max):
        result = extract([report_from_text(text, report_id="edge", published=published)],
                         gazetteer=gazetteer, actors=actors)
        assert not result.problems and "Aleppo" in set(result.frame["place"])

