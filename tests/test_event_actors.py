"""Who did it: the actor of a record across conflicts, and no one when the report does not say."""

import datetime as dt

import pytest

from geo.extract.annotate import annotate
from geo.extract.events import extract_records
from geo.io.reports import report_from_text


def first_record(text, gazetteer, actors):
    report = report_from_text(text, report_id="a", published=dt.date(2020, 5, 1))
    [record, *_] = extract_records(annotate(report, gazetteer=gazetteer, actors=actors))
    return record


@pytest.mark.parametrize("text, actor", [
    ("Coalition aircraft bombed Saada in Yemen.", "Saudi-led coalition"),  # Yemen: the coalition there
    ("Coalition aircraft bombed Raqqa in Syria.", "US-led coalition"),  # Syria: the coalition there
    ("Al-Shabaab fighters attacked a base in Baidoa.", "al-Shabaab"),  # Somalia
    ("RSF militiamen attacked the village of Tur in Central Darfur.", "Rapid Support Forces"),  # Sudan
])
def test_the_actor_is_the_one_of_that_war(gazetteer, actors, text, actor):
    assert first_record(text, gazetteer, actors).actor == actor


def test_an_either_or_subject_leaves_the_actor_unsaid(gazetteer, actors):  # Syria
    text = "Russian jets bombed Homs on Sunday. Syrian or Russian warplanes struck Saraqib on Monday."
    report = report_from_text(text, report_id="a", published=dt.date(2020, 5, 1))
    records = extract_records(annotate(report, gazetteer=gazetteer, actors=actors))
    assert [(r.place, r.actor) for r in records] == [("Homs", "Russia"), ("Saraqib", None)]
