"""The place of an event when the village it names is in no gazetteer but its area is.

Sentences of our own from several conflicts: the preposition ties the event to the unknown
village, and the text names the village's area right after it ("near X, Y", "in X (Y, Z)").
"""

from __future__ import annotations

import datetime as dt

import pytest

from geo.extract.annotate import annotate
from geo.extract.events import extract_records
from geo.io.reports import report_from_text

CASES = [
    # Azerbaijan (Nagorno-Karabakh): the village is unknown, Fuzuli is its district's town.
    ("Artsakh forces fired on Azerbaijani positions near Khanbulaghli, Fizuli, on Friday.", "AZ"),
    # Ghana: "in Dodowa (Gangme, Greater Accra)": the region the text names.
    ("Gunmen attacked a land developer at his property in Dodowaa (Gangmee, Greater Accra) on Friday.", "GH"),
    # Syria: an unknown hamlet of Idlib province.
    ("Regime artillery shelled farms near Khirbet Zzyx, Idlib, on Friday.", "SY"),
]


@pytest.mark.parametrize("sentence, country", CASES, ids=[c[1] for c in CASES])
def test_an_unknown_village_s_area_is_the_event_s_place(gazetteer, actors, sentence, country):
    doc = annotate(report_from_text(sentence, report_id="r", published=dt.date(2020, 5, 9)), gazetteer=gazetteer,
                   actors=actors)
    [record] = [r for r in extract_records(doc, country_place=gazetteer.country) if r.kind == "event"]
    assert record.country == country and record.geo_precision in ("town", "district", "province")


def test_a_place_named_before_its_area_is_not_moved_to_it(gazetteer, actors):  # Syria
    doc = annotate(report_from_text("Regime jets struck Saraqib, Idlib, on Friday.", report_id="r",
                                    published=dt.date(2020, 5, 9)), gazetteer=gazetteer, actors=actors)
    [record] = [r for r in extract_records(doc) if r.kind == "event"]
    assert record.place == "Saraqib"
