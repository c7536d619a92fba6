"""Rules of the events stage, on short reports written for each rule, and the
records expected from the sample reports."""

import datetime as dt

from geo.extract.events import extract_records, split_sentences
from geo.extract.places import find_mentions
from geo.io.reports import report_from_text

WEDNESDAY = dt.date(2015, 9, 30)


def records(text, gazetteer, actors, published=WEDNESDAY):
    report = report_from_text(text, report_id="t", published=published, title="T", outlet="O")
    return extract_records(report, find_mentions(report.text, gazetteer), actors)


def test_sentences_do_not_break_at_abbreviations():
    text = "U.S. officials met Gen. Smith on Tuesday. Then they left."
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["U.S. officials met Gen. Smith on Tuesday.", "Then they left."]


def test_air_strike_with_actor_place_date_and_quote(gazetteer, actors):
    text = "The Russians launched airstrikes around Homs on Tuesday, officials said."
    [record] = records(text, gazetteer, actors)
    assert (record.kind, record.event_type, record.actor) == ("event", "air strike", "Russia")
    assert (record.place, record.geo_precision) == ("Homs", "town")
    assert (record.event_date, record.date_precision) == ("2015-09-29", "day")
    source = record.sources[0]
    assert text[source.start:source.end] == source.quote == text
    assert (source.report, source.title, source.outlet, source.published) == ("t", "T", "O", "2015-09-30")


def test_the_place_is_the_one_tied_to_the_action(gazetteer, actors):
    [record] = records("U.S. officials said Russian jets struck targets near Aleppo.", gazetteer, actors)
    assert record.place == "Aleppo"


def test_metonyms_never_become_event_sites(gazetteer, actors):
    found = records("The Pentagon said Moscow had bombed targets in Syria.", gazetteer, actors)
    assert [r.place for r in found] == ["Syria"]
    assert found[0].geo_precision == "country"


def test_undated_event_without_publication_date(gazetteer, actors):
    [record] = records("Rebels attacked government positions near Hama on Tuesday.", gazetteer, actors,
                       published=None)
    assert record.event_date is None and record.date_precision == "unknown"


def test_hypothetical_strikes_are_not_events(gazetteer, actors):
    assert records("Russia said it would strike targets in Raqqa.", gazetteer, actors) == []


def test_assets_with_count_owner_and_anaphoric_place(gazetteer, actors):
    text = ("Russia has moved at least four fighter jets to the airfield near Latakia. "
            "Russia has also sent six attack helicopters to the airfield.")
    first, second = records(text, gazetteer, actors)
    # "the airfield near Latakia" is the air base by the town, not the town itself.
    assert (first.kind, first.asset, first.count, first.actor, first.place, first.geo_precision) == (
        "asset", "fighter jets", 4, "Russia", "Hmeimim Air Base", "site")
    assert (second.kind, second.event_type, second.asset, second.place) == (
        "asset", "deployment", "attack helicopters", "Hmeimim Air Base")


def test_transit_through_a_strait(gazetteer, actors):
    [record] = records("Three Russian warships sailed through the Bosphorus on Monday.", gazetteer, actors)
    assert (record.event_type, record.place, record.geo_precision, record.count) == (
        "transit", "Bosphorus", "water", 3)


def test_transit_with_origin_and_destination_is_drawn_on_the_passage(gazetteer, actors):
    [record] = records("Two Turkish frigates passed through the Suez Canal from the Red Sea into the "
                       "Mediterranean on Friday.", gazetteer, actors)
    assert (record.event_type, record.actor) == ("transit", "Turkey")
    assert record.place == "Suez Canal"
    assert record.origin["name"] == "Red Sea" and record.destination["name"].startswith("Mediterranean")
    assert record.origin["lat"] > 10 and record.destination["lat"] > 30


def test_transit_without_a_passage_sits_at_its_destination(gazetteer, actors):
    [record] = records("Russian warships sailed from Sevastopol into the Mediterranean Sea on Tuesday.",
                       gazetteer, actors)
    assert record.place.startswith("Mediterranean") and record.origin["name"] == "Sevastopol"
    assert record.destination is None


def test_positions_for_each_listed_place_with_group_anaphora(gazetteer, actors):
    text = ("Pilots flew over Islamic State hotbeds. The group is concentrated in the cities of "
            "Raqqa and Aleppo and the eastern city of Deir ez-Zor.")
    positions = [r for r in records(text, gazetteer, actors) if r.kind == "position"]
    assert {r.actor for r in positions} == {"Islamic State"}
    assert sorted(r.place for r in positions) == ["Aleppo", "Ar Raqqah", "Deir ez-Zor"]


def test_negated_positions_are_not_positions(gazetteer, actors):
    assert records("ISIL is not in Homs.", gazetteer, actors) == []


def test_held_areas_are_positions_of_the_holder(gazetteer, actors):
    found = records("Jets targeted opposition-held areas of Homs.", gazetteer, actors)
    assert ("position", "Syrian rebels", "Homs") in {(r.kind, r.actor, r.place) for r in found}


def test_sample_records(sample):
    """What an analyst expects to see from the five sample reports."""
    frame = sample.frame
    rows = {(r.kind, r.event_type, r.actor, r.place, r.event_date) for r in frame.itertuples()}
    assert ("event", "air strike", "Russia", "Homs", "2015-09-30") in rows
    assert ("asset", "transit", "Russia", "Bosphorus", "2015-09-12") in rows
    assert ("asset", "deployment", "Russia", "Hmeimim Air Base", "2015-09-18") in rows
    positions = {(r.actor, r.place) for r in frame.itertuples() if r.kind == "position"}
    assert {("Islamic State", "Ar Raqqah"), ("Islamic State", "Aleppo"), ("Islamic State", "Deir ez-Zor"),
            ("Syrian rebels", "Homs")} <= positions
    # No record is placed at a government building or in Washington.
    assert not set(frame["place"]) & {"Pentagon", "White House", "Kremlin", "Washington"}


def test_casualty_figures_attach_to_the_strike_they_follow(gazetteer, actors):
    text = ("Russian jets bombed areas around Homs on Tuesday. Officials met later. "
            "The activist claimed 32 civilian deaths.")
    [record] = records(text, gazetteer, actors)
    assert [s.fatalities for s in record.sources] == [None, "32 civilian deaths"]


def test_the_homs_strikes_appear_once_with_every_source_and_both_figures(sample):
    homs = sample.frame[(sample.frame["place"] == "Homs") & (sample.frame["event_type"] == "air strike")
                        & (sample.frame["event_date"] == "2015-09-30")]
    assert len(homs) == 1
    row = homs.iloc[0]
    assert row["corroboration"] == 3
    assert {s["report"][:3] for s in row["sources"]} == {"000", "003", "004"}
    assert sorted(f["figure"] for f in row["fatalities"]) == ["32 civilian deaths", "more than 30 Syrian civilians"]
