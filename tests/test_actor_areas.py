"""Where a region-bound actor fights, a village name it shares with others is read first.

"DPR forces shelled Vodyane" names one of some thirty Vodianes of Ukraine; the one of
Donetsk oblast is meant. The dictionary's ``areas`` column (data/actors.csv) gives the
first-level divisions of such actors. Sentences are ours; expected points are the GeoNames rows
cited (geonames.org, CC BY 4.0); distances are geodesic, in km.
"""

from __future__ import annotations

import pytest

from geo.extract.actors import load_actors
from geo.extract.annotate import actor_areas

from .readings import km as _km, placed as _placed


@pytest.fixture(scope="module")
def actors():
    return load_actors()


@pytest.mark.parametrize("sentence, name, truth", [
    # Ethiopia: Abdula of Amhara (GeoNames 345804), not Ābdula of the Somali region, 650 km east
    ("On 4 August 2023, Fano militiamen attacked a police station in Abdula village.", "Abdula", (12.98333, 36.36667)),
    # Nigeria: Wasada of Borno (GeoNames 2319125), not the Wasada of Sokoto State
    ("On 2 June 2019, ISWAP fighters stormed Wasada village, killing three herders.", "Wasada", (10.83374, 13.14615)),
    # Syria: Tuwaym of al-Hasakah (GeoNames 383765), not the Tuwaym near Aleppo
    ("On 9 October 2019, SDF fighters clashed with Turkish-backed factions near Tuwaym village.", "Tuwaym",
     (36.74327, 41.11898)),
])
def test_a_shared_village_name_is_read_where_the_actor_fights(gazetteer, actors, sentence, name, truth):
    mention = next(m for m in _placed(sentence, gazetteer, actors) if m.text == name)
    assert _km(mention, *truth) < 5


def test_a_village_the_main_index_holds_elsewhere_is_sought_in_the_actor_s_region(gazetteer, actors):
    # Ukraine: the main index holds a Vodiane of Zaporizhzhia oblast (47.49 N, 34.50 E); beside DPR forces
    # the Vodyane is one of Donetsk oblast's (GeoNames 689197 and three more), within 150 km of Donetsk city
    # (GeoNames 709717)
    mention = next(m for m in _placed("On 5 May 2021, DPR forces shelled Vodyane, the Ukrainian army said.",
                                      gazetteer, actors) if m.text == "Vodyane")
    assert mention.admin1 == "UA.05"
    assert _km(mention, 48.023, 37.80224) < 150


def test_a_place_with_no_reading_in_the_region_keeps_its_own(gazetteer, actors):
    # Iraq and the United States: Peshmerga fight in Kurdistan, but Washington is no village of Erbil
    mentions = _placed("Peshmerga commanders met officials in Washington on Monday.", gazetteer, actors)
    washington = next(m for m in mentions if m.text == "Washington")
    assert washington.country == "US" and _km(washington, 38.89511, -77.03637) < 5  # GeoNames 4140963


def test_only_the_actors_named_give_areas(actors):
    assert actor_areas("Luhansk People's Republic militants fired on the checkpoint.", actors) == {"UA.14"}
    assert actor_areas("Unidentified gunmen fired on the checkpoint.", actors) == frozenset()
