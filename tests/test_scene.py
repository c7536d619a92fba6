"""An event told in the sentence after the one that sets its scene.

Reports often name the place in one sentence and tell what happened there in the next: "On 3 May,
in Zaria, police went to a hideout. A gunfight broke out ...". Sentences of our own from several
conflicts; coordinates checked against GeoNames within the stated tolerance.
"""

from __future__ import annotations

import datetime as dt

import pytest

from geo.analysis import geodesic_m

from .readings import events


def _events(text: str, gazetteer, actors):
    return events(text, gazetteer, actors, dt.date(2021, 6, 20))


@pytest.mark.parametrize("text, sub, lon, lat", [
    # Nigeria: Zaria, Kaduna State (GeoNames 2319133: 7.72 E, 11.11 N)
    ("On 3 May 2021, in Zaria, Kaduna state, police went to a hideout of kidnappers. A gunfight broke out and two "
     "suspects were killed.", "Armed clash", 7.72, 11.11),
    # Somalia: Afgooye, Lower Shabelle (2.14 N, 45.12 E)
    ("On 12 June 2021, in Afgooye, Lower Shabelle, traders were travelling to the market by bus. Al-Shabaab fighters "
     "stopped the bus and seized the phones of the passengers.", "Looting/property destruction", 45.12, 2.14),
    # Mexico: Ciudad Juárez, Chihuahua (31.72 N, 106.46 W)
    ("On 2 June 2021, a family was driving home through a neighbourhood of Ciudad Juarez, Chihuahua. Armed men "
     "intercepted their car and kidnapped the father.", "Abduction/forced disappearance", -106.46, 31.72),
])
def test_an_event_takes_the_place_the_sentence_before_set(gazetteer, actors, text, sub, lon, lat):
    [record] = _events(text, gazetteer, actors)
    assert record.sub_event_type == sub
    assert geodesic_m(lon, lat, record.lon, record.lat) < 25_000
    assert record.sources[0].quote.startswith(text.split(". ")[1][:20])  # the sentence that tells it


def test_no_scene_is_carried_into_another_paragraph(gazetteer, actors):  # Myanmar
    text = "Villagers gathered for a funeral in Kyaukse, Mandalay Region, on Sunday.\n\nSoldiers opened fire, killing five."
    assert [r.place for r in _events(text, gazetteer, actors) if r.sources[0].quote.startswith("Soldiers")] == []


def test_a_sentence_with_its_own_event_sets_no_second_one(gazetteer, actors):  # Nigeria
    text = "Gunmen stormed a village in Zamfara state on Sunday. Eleven people were abducted."
    assert len(_events(text, gazetteer, actors)) == 1


@pytest.mark.parametrize("text", [
    # Azerbaijan: a wish, not an arrest
    "The supreme court in Baku reversed a journalist's conviction on Monday. Granted, he should never have been "
    "arrested.",
    # Somalia: a negated attack
    "On Tuesday, an aid convoy arrived in Kismayo. Al-Shabaab fighters did not attack it.",
])
def test_a_negated_or_modal_event_after_a_scene_gives_no_record(gazetteer, actors, text):
    assert _events(text, gazetteer, actors) == []
