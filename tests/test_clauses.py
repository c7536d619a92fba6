"""A sentence that tells two doers' events is read as two clauses; other sentences stay whole.

Sentences of our own from several conflicts (``geo.extract.clauses``, through the records)."""

import datetime as dt

import pytest

from geo.extract.annotate import annotate
from geo.extract.clauses import split_clauses
from geo.extract.document import split_sentences
from geo.extract.events import extract_records
from geo.io.reports import report_from_text


def events(text, gazetteer, actors):
    doc = annotate(report_from_text(text, report_id="c", published=dt.date(2024, 7, 10)), gazetteer=gazetteer,
                   actors=actors)
    return [(r.actor, r.sub_event_type, r.place, r.event_date) for r in extract_records(doc) if r.kind == "event"]


def clauses(text):
    return [text[a:b] for a, b in split_clauses(text, split_sentences(text))]


def test_two_doers_two_events(gazetteer, actors):
    # Lebanon and Israel: each side's strike has its own doer, type and place, and the first clause's date.
    found = events("Hezbollah fired dozens of rockets at Kiryat Shmona on Tuesday, and Israeli jets struck targets "
                   "near Nabatieh.", gazetteer, actors)
    assert [(a, p) for a, _, p, _ in found] == [("Hezbollah", "Qiryat Shmona"), ("Israel", "Nabatîyé et Tahta")]
    assert {d for *_, d in found} == {"2024-07-09"}


@pytest.mark.parametrize("text, parts", [
    # Yemen: "; " before a new subject
    ("Houthi forces shelled homes in Hays; the coalition struck Houthi positions near Zabid.", 2),
    # Sudan: ", while"
    ("The RSF shelled El Fasher, while army drones struck RSF positions near Mellit.", 2),
    # a list of places is no clause: no word of harm after the comma
    ("Jets struck Aleppo, Idlib, and Hama on Monday.", 1),
    # the second part has no subject of its own ("killing ...")
    ("Gunmen attacked a village near Gusau, and killed five people.", 1),
    # a crowd and the police are one event told in two clauses
    ("Police fired tear gas at protesters in Khartoum, and protesters threw stones at them.", 1),
    # a quotation is left whole
    ('"They shelled us all night, and the army struck back," a resident of Sake said.', 1),
])
def test_where_a_sentence_is_cut(text, parts):
    assert len(clauses(text)) == parts
