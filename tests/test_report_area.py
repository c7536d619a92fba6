"""Events whose sentence names no place: put at the report's area, marked as such.

Sentences of our own from several conflicts. The report's area is the country where the
report's other events happened (``geo.extract.events.report_area``).
"""

from __future__ import annotations

import datetime as dt

from geo.extract.annotate import annotate
from geo.extract.events import extract_records
from geo.io.reports import report_from_text

MONDAY = dt.date(2024, 5, 6)


def _events(text: str, gazetteer, actors) -> list:
    doc = annotate(report_from_text(text, report_id="r", published=MONDAY), gazetteer=gazetteer, actors=actors)
    return [r for r in extract_records(doc, country_place=gazetteer.country) if r.kind == "event"]


def test_an_event_with_actor_and_date_but_no_place_is_put_at_the_report_s_country(gazetteer, actors):  # Ukraine
    records = _events("Russian forces shelled Kharkiv on Sunday. Ukraine's air defence shot down a Russian drone "
                      "on Monday.", gazetteer, actors)
    unplaced = [r for r in records if r.geo_precision == "report"]
    assert len(unplaced) == 1
    [record] = unplaced
    assert record.country == "UA" and record.place_id.startswith("report:")
    assert record.event_date == "2024-05-06"
    assert "shot down" in record.sources[0].quote


def test_the_area_is_where_the_other_events_happened(gazetteer, actors):  # Yemen
    records = _events("Saudi officials met in Riyadh on Saturday. Houthi forces fired missiles at Marib on Sunday. "
                      "Saudi-led coalition jets bombed Houthi positions on Monday.", gazetteer, actors)
    [record] = [r for r in records if r.geo_precision == "report"]
    assert record.country == "YE"


def test_no_date_no_record(gazetteer, actors):  # Syria
    records = _events("Regime forces shelled Saraqib on Sunday. The fight against Islamic State goes on.",
                      gazetteer, actors)
    assert [r for r in records if r.geo_precision == "report"] == []


def test_a_placed_event_is_never_moved_to_the_report_s_area(gazetteer, actors):  # Somalia
    records = _events("Al-Shabaab fighters attacked an army base in Jowhar on Sunday.", gazetteer, actors)
    assert [r.geo_precision for r in records] == ["town"]


def test_a_reading_alone_on_another_continent_is_the_last_choice_for_an_event(gazetteer, actors):  # Lebanon
    # The village the sentence names lies in Lebanon, and so do Aley and the other place of the
    # report (Aley was once read as Aléy in Niger): the protest is put at the village.
    records = _events("Protesters blocked roads in Beirut on Saturday. On Sunday, a demonstration took place in the "
                      "Aley town of Ain er Roummaneh against the detention of 3 protesters.", gazetteer, actors)
    [record] = [r for r in records if "Aley" in r.sources[0].quote]
    assert record.country == "LB"
