"""Triggers by lemma: what happened, in any word form, with the words around it."""

import datetime as dt

import pytest

from geo.extract.annotate import annotate
from geo.extract.events import extract_records
from geo.extract.triggers import lemma_trigger, lemmas
from geo.io.reports import report_from_text


def records(text, gazetteer, actors):
    report = report_from_text(text, report_id="t", published=dt.date(2020, 5, 1))
    return [(r.event_type, r.place) for r in extract_records(annotate(report, gazetteer=gazetteer, actors=actors))]


def test_word_forms_come_from_the_lemmatiser():
    assert "strike" in lemmas("struck") and "shell" in lemmas("shelled") and "detonate" in lemmas("detonated")
    assert "clash" in lemmas("Clashes")


@pytest.mark.parametrize("text, kind, place", [
    ("Russian jets struck Homs on Tuesday.", "air strike", "Homs"),  # Syria: aircraft and a strike verb
    ("Drones attacked an oil facility near Marib.", "air strike", "Ma'rib"),  # Yemen: "drones attacked"
    ("A car bomb exploded in Mogadishu, killing five.", "attack/shelling", "Mogadishu"),  # Somalia: a ground bomb
    ("An IED detonated near a patrol in Kandahar.", "attack/shelling", "Kandahār"),  # Afghanistan
    ("Gunmen opened fire on worshippers in Kaduna.", "attack/shelling", "Kaduna"),  # Nigeria: light verb
    ("Soldiers came under fire near Kidal.", "attack/shelling", "Kidal"),  # Mali: "came under fire"
    ("Militants assassinated a judge in Peshawar.", "attack/shelling", "Peshawar"),  # Pakistan
    ("Houthi fighters fired mortars at Marib.", "attack/shelling", "Ma'rib"),  # Yemen: "fired ... at"
    ("Regime artillery bombarded Kafr Nabl in Idlib.", "attack/shelling", "Kafranbel"),  # Syria: the object place
    ("Israeli aircraft carried out strikes on Khan Younis.", "air strike", "Khān Yūnis"),  # Gaza: light verb
    ("Russian forces shelled the town of Kupiansk.", "attack/shelling", "Kupyansk"),  # Ukraine: "the town of"
])
def test_a_trigger_in_any_form_gives_the_record(gazetteer, actors, text, kind, place):
    found = records(text, gazetteer, actors)
    assert found and found[0][0] == kind and found[0][1] == place, found


@pytest.mark.parametrize("text", [
    "Dock workers held strikes in Lagos.",  # Nigeria: a labour strike
    "The minister said the army would strike Aleppo if talks failed.",  # Syria: modality
    "Fire broke out at a market in Khartoum.",  # Sudan: fire is no attack
])
def test_words_that_are_not_violence_give_no_event(gazetteer, actors, text):
    assert [kind for kind, _ in records(text, gazetteer, actors) if kind in ("air strike", "attack/shelling")] == []


def test_a_bombing_is_in_the_air_unless_the_sentence_puts_it_on_the_ground():
    assert lemma_trigger("Warplanes bombed the town.", "Warplanes bombed the town.")[0] == "air strike"
    assert lemma_trigger("A suicide bombing hit the church.", "A suicide bombing hit the church.")[0] == "attack/shelling"


@pytest.mark.parametrize("text", [
    "The army did not strike Aleppo on Monday.",  # Syria
    "No casualties were reported in Kismayo.",  # Somalia
    "Officials said jets never bombed Sanaa.",  # Yemen
])
def test_a_negated_event_gives_no_record(gazetteer, actors, text):
    assert [kind for kind, _ in records(text, gazetteer, actors) if kind != "position"] == []
