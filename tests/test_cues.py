"""The links and cues layers: the phrases the event and claim rules read, found once."""

import datetime as dt

from geo.extract.annotate import annotate
from geo.io.reports import report_from_text


def doc_of(text, gazetteer, actors):
    report = report_from_text(text, report_id="c", published=dt.date(2021, 3, 4))
    return annotate(report, gazetteer=gazetteer, actors=actors)


def cues(doc, kind):
    return [c for c in doc.cues if c.kind == kind]


def roles(doc, name):
    return {m.name: link.roles for m in doc.mentions for link in doc.links if link.start == m.start}.get(name)


def test_prepositions_tie_places_and_name_a_route(gazetteer, actors):  # Sudan, Yemen, the Red Sea
    doc = doc_of("Two frigates sailed from Port Sudan through the Bab-el-Mandeb to Aden. "
                 "Aden officials said nothing.", gazetteer, actors)
    assert {"link", "from"} <= roles(doc, "Port Sudan")
    assert "via" in roles(doc, "Bab-el-Mandeb") and "from" not in roles(doc, "Bab-el-Mandeb")
    assert "to" in roles(doc, "Aden")
    second = doc.sentences[1][0]
    assert [link for link in doc.links if link.start >= second] == []  # "Aden officials": no preposition


def test_a_figure_a_toll_and_a_definite_attack(gazetteer, actors):  # Nigeria
    doc = doc_of("Boko Haram fighters attacked Dikwa on Monday. The attacks killed at least 30 civilians. "
                 "More than 35,000 people have been killed since 2009 in Borno.", gazetteer, actors)
    assert [c.text for c in cues(doc, "figure")] == ["at least 30 civilians", "More than 35,000 people"]
    assert [c.text for c in cues(doc, "definite")] == ["The attacks"]
    assert [c.text for c in cues(doc, "cumulative")] == ["since"]


def test_modal_words_bear_on_the_next_words_up_to_a_stop(gazetteer, actors):  # Ukraine
    text = "Russia could strike Kharkiv again; Ukrainian forces shelled Belgorod."
    doc = doc_of(text, gazetteer, actors)
    [could] = cues(doc, "modal")
    strike, shelled = text.index("strike"), text.index("shelled")
    assert could.end <= strike <= could.reach  # "could strike": not something that happened
    assert not could.end <= shelled <= could.reach  # the ";" ends its bearing
    assert could.reach == text.index(";")


def test_a_negated_subject_and_an_aside_are_marked(gazetteer, actors):  # Syria, Somalia
    text = "ISIL is not present in Raqqa. Turkey, a member of NATO, has sent drones to Mogadishu."
    doc = doc_of(text, gazetteer, actors)
    assert [c.text.strip() for c in cues(doc, "negated")] == ["is not"]
    assert [c.text for c in cues(doc, "appositive")] == [", a member of NATO,"]


def test_distances_and_assets_carry_their_values(gazetteer, actors):  # Libya, Mali
    doc = doc_of("Wagner fighters are 40 km, or about 25 miles, from the front line near Sirte. "
                 "France moved four Tiger attack helicopters to Gao.", gazetteer, actors)
    [distance] = cues(doc, "distance")
    assert (distance.value, distance.unit, distance.text) == ("40", "km", "40 km, or about 25 miles")
    assert [c.value for c in cues(doc, "measured")] == ["front line"]
    [asset] = cues(doc, "asset")
    assert asset.value == "attack helicopters" and asset.text.endswith("four Tiger attack helicopters")


def test_cues_beyond_the_everywhere_kinds_are_read_only_where_a_record_could_be(gazetteer, actors):
    doc = doc_of("Officials would not say more. Militants could attack Kunduz.", gazetteer, actors)
    modal = cues(doc, "modal")
    assert [c.text for c in modal] == ["could"]  # the first sentence names no place
