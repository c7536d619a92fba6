"""An event a report tells twice: once coarsely ("struck targets in Yemen"), once at its place.

The coarse telling becomes a source of the record at the place, so the map shows one event with
both sentences, unless the two cannot be the same event (another actor, days apart). Sentences of
our own from several conflicts.
"""

from __future__ import annotations

import datetime as dt

import pytest

from .readings import events


def _events(text: str, gazetteer, actors):
    return events(text, gazetteer, actors, dt.date(2021, 5, 10))


@pytest.mark.parametrize("text, place", [
    # Yemen: the lead says the country, the next sentence the town
    ("Saudi-led coalition jets struck targets in Yemen on Monday, residents said. The coalition's jets struck a "
     "market in Saada on Monday, killing ten.", "Sa'dah"),
    # Afghanistan: the first sentence has no actor, the second the place
    ("A roadside bomb killed a soldier in Afghanistan on Monday. The bomb exploded near Lashkar Gah on Monday, "
     "officials said.", "Lashkar Gāh"),
])
def test_a_coarse_telling_is_a_source_of_the_event_at_its_place(gazetteer, actors, text, place):
    [record] = _events(text, gazetteer, actors)
    assert record.place == place and len(record.sources) == 2


@pytest.mark.parametrize("text", [
    "Russian jets struck targets in Syria on Monday. Coalition jets struck Raqqa on Monday.",  # Syria: two actors
    "Israeli aircraft struck Lebanon on 3 May 2021. On 9 May 2021, Israeli aircraft struck Nabatieh.",  # days apart
])
def test_events_that_cannot_be_the_same_stay_apart(gazetteer, actors, text):
    assert len(_events(text, gazetteer, actors)) == 2
