"""The annotated document: sentences, tokens and layers set once, found by offset range."""

import datetime as dt

import pytest

from geo.extract.claims import extract_claims
from geo.extract.annotate import annotate
from geo.extract.document import Document
from geo.extract.events import extract_records
from geo.io.reports import report_from_text

WEDNESDAY = dt.date(2015, 9, 30)


def report(text):
    return report_from_text(text, report_id="d", published=WEDNESDAY)


def test_sentences_and_tokens_are_offsets_into_the_text():
    text = "Gen. Smith flew to Kabul on Monday.\nHe left the U.S. base at Bagram. Then he returned."
    doc = Document(report(text))
    assert [text[s:e] for s, e in doc.sentences] == [
        "Gen. Smith flew to Kabul on Monday.", "He left the U.S. base at Bagram.", "Then he returned."]
    assert doc.paragraphs == (0, 1, 1)
    assert [t.text for t in doc.tokens][:4] == ["Gen", "Smith", "flew", "to"]
    assert all(text[t.start:t.end] == t.text for t in doc.tokens)


def test_a_layer_is_set_once_and_read_by_offset_range():
    doc = Document(report("Rebels shelled Daraa. Jets bombed Raqqa and Deir ez-Zor."))
    with pytest.raises(ValueError, match="'dates'.*not set"):
        doc.dates
    doc.set_layer("dates", [])
    with pytest.raises(ValueError, match="already set"):
        doc.set_layer("dates", [])
    with pytest.raises(ValueError, match="Expected a layer"):
        doc.set_layer("weather", [])


def test_every_layer_is_filled_and_each_sentence_finds_its_own(gazetteer, actors):  # Syria
    text = ("Russian jets bombed rebel-held areas of Idlib on Tuesday. "
            "The Syrian army shelled Hama on Monday, officials said.")
    doc = annotate(report(text), gazetteer=gazetteer, actors=actors)
    first, second = doc.sentences
    assert [m.name for m in doc.in_sentence("mentions", 0)] == ["Russia", "Idlib"]
    assert [m.name for m in doc.in_sentence("mentions", 1)] == ["Syria", "Ḩamāh"]
    assert [d.text for d in doc.in_sentence("dates", 1)] == ["on Monday"]
    assert [a.actor.name for a in doc.in_sentence("actors", 1)] == ["Syrian government"]
    bombed, held = doc.in_sentence("triggers", 0)  # in order of their start
    assert (text[held.start:held.end], held.holder) == ("rebel-held areas", "Syrian rebels")
    assert (text[bombed.start:bombed.end], bombed.event_type, bombed.holder) == ("bombed", "Explosions/Remote violence", None)
    assert [t.sub_event_type for t in doc.in_sentence("triggers", 1)] == ["Shelling/artillery/missile attack"]
    assert doc.between("mentions", first[1], second[1]) == doc.in_sentence("mentions", 1)
    assert doc.between("mentions", 0, 0) == ()


def test_events_and_claims_read_the_document(gazetteer, actors):  # Libya
    text = ("U.S. jets bombed targets near Misrata on Monday. Islamic State militants are entrenched in the "
            "city of Sirte. The nearest Islamic State fighters are 40 km away from the airstrikes.")
    doc = annotate(report(text), gazetteer=gazetteer, actors=actors)
    records = extract_records(doc)
    assert [(r.event_type, r.place) for r in records] == [("Explosions/Remote violence", "Misratah"), ("position", "Sirte")]
    [claim] = extract_claims(doc, records)
    assert (claim.value_km, claim.to_actor, claim.from_event) == (40.0, "Islamic State", ("d", 0))
    assert claim.quote == text[doc.sentences[2][0]:doc.sentences[2][1]]
