import pytest
from pyproj import Geod
from shapely.geometry import LineString, Point

from geo.extract.annotate import annotate
from geo.extract.events import extract_records
from geo.extract.places import find_mentions
from geo.io.reports import report_from_text

GEOD = Geod(ellps="WGS84")

# GeoNames coordinates (geonames.org, feature pages of each city), lat, lon.
GEONAMES = {
    "Homs": (34.72682, 36.72339),
    "Hama": (35.13179, 36.75783),
    "Latakia": (35.53168, 35.79011),
    "Aleppo": (36.20124, 37.16117),
    "Raqqa": (35.95283, 39.00788),
    "Ruqqa": (35.95283, 39.00788),
    "Deir al-Zour": (35.33588, 40.14084),
    "Deir ez-Zor": (35.33588, 40.14084),
    "Baghdad": (33.34058, 44.40088),
}


def km(lat1, lon1, lat2, lon2):
    return GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000


def only(text, gazetteer):
    found = [m for m in find_mentions(text, gazetteer) if not m.demonym]
    assert len(found) == 1, [(m.text, m.name) for m in found]
    return found[0]


@pytest.mark.parametrize("name", sorted(GEONAMES))
def test_the_users_places_resolve_within_10_km(name, gazetteer):
    mention = only(f"Fighting was reported in {name} on Tuesday.", gazetteer)
    assert mention.text == name
    assert km(mention.lat, mention.lon, *GEONAMES[name]) < 10


def test_the_bosphorus_is_on_the_strait(gazetteer):
    mention = only("Three ships crossed through the Bosphorus on Monday.", gazetteer)
    assert mention.feature == "water"
    # The strait's axis, from the Golden Horn mouth to the Black Sea (read off a chart).
    axis = LineString([(28.985, 41.005), (29.035, 41.045), (29.06, 41.085), (29.06, 41.12),
                       (29.075, 41.17), (29.125, 41.225)])
    # About 2 km in degrees of latitude: the strait is 0.7-3.7 km wide.
    assert axis.distance(Point(mention.lon, mention.lat)) < 0.02


@pytest.mark.parametrize("variant, expected", [
    ("Dayr az-Zawr", "Deir ez-Zor"), ("Ladhiqiyah", "Latakia"), ("Hims", "Homs"), ("Ruqqa", "Raqqa"),
])
def test_transliterations_resolve(variant, expected, gazetteer):
    mention = only(f"Government forces advanced in {variant} and beyond.", gazetteer)
    assert km(mention.lat, mention.lon, *GEONAMES[expected]) < 10


def test_places_inside_organisation_names(gazetteer):
    found = find_mentions("A Russian general walked to the U.S. Embassy in Baghdad.", gazetteer)
    assert [m.name for m in found if not m.demonym] == ["United States", "Baghdad"]
    assert [m.text for m in find_mentions("according to Institute for the Study of War research", gazetteer)] == []


def test_people_are_not_places(gazetteer):
    mentions = find_mentions("Defense Secretary Ash Carter said Kerry and Earnest met.", gazetteer)
    assert mentions == []


def test_metonyms_are_flagged(gazetteer):
    mentions = find_mentions("The Pentagon said Moscow denied it, as the White House noted.", gazetteer)
    assert [(m.text, m.metonymic) for m in mentions] == [("Pentagon", True), ("Moscow", True), ("White House", True)]
    literal = only("He lives in Moscow with his family.", gazetteer)
    assert literal.name == "Moscow" and not literal.metonymic


def test_demonyms_refer_to_their_country(gazetteer):
    mention = find_mentions("Syrian civilians fled.", gazetteer)[0]
    assert (mention.text, mention.demonym, mention.country) == ("Syrian", True, "SY")


def test_acronyms_need_their_case(gazetteer):
    assert [m.name for m in find_mentions("Let us see what the U.S. does.", gazetteer)] == ["United States"]


def test_mentions_carry_alternatives_and_confidence(gazetteer):
    mention = only("Clashes erupted in Tripoli overnight.", gazetteer)
    assert 0 < mention.confidence <= 1
    assert len(mention.alternatives) >= 2
    assert mention.alternatives[0]["name"] == mention.name


def test_a_town_named_with_an_air_base_is_the_airfield_by_it(gazetteer):  # Iraq
    [mention] = [m for m in find_mentions("Rockets hit the air base near Erbil.", gazetteer) if not m.demonym]
    assert mention.name == "Erbil" and mention.facility.name == "Erbil International Airport"


@pytest.mark.parametrize("text, town, airfield", [
    ("Russian warplanes took off from the air base near the Syrian port of Latakia.", "Latakia", "Hmeimim Air Base"),
    ("Drones were shot down over the airstrip near Latakia overnight.", "Latakia", "Hmeimim Air Base"),
    ("Flights resumed at Latakia airport on Monday.", "Latakia", "Bassel Al-Assad International Airport"),
    ("Flights resumed at Erbil airport after the drone attack.", "Erbil", "Erbil International Airport"),
])
def test_the_word_of_the_report_picks_the_airfield(text, town, airfield, gazetteer):
    """A civil airport and an air base on one runway: 'airport' is the airport; 'air base',
    'airfield' and 'airstrip' (military far more often in conflict reports) the base."""
    [mention] = [m for m in find_mentions(text, gazetteer) if m.name == town]
    assert mention.facility is not None and mention.facility.name == airfield


@pytest.mark.parametrize("spot, kind, name", [
    # One airfield listed twice, civil and military: the word of the report picks the name.
    ("airport:EBBR", "air base", "Melsbroek Air Base"),
    ("airport:EBBR", "airport", "Brussels Airport"),
    ("airport:OSLK", "air base", "Hmeimim Air Base"),
    ("airport:OSLK", "airport", "Bassel Al-Assad International Airport"),
    # Without the word, or when no entry's name says so, the nearest: the first listed on a tie.
    ("airport:OSLK", None, "Bassel Al-Assad International Airport"),
    ("airport:ORER", "air base", "Erbil International Airport"),
])
def test_the_nearest_airfield_is_named_by_the_kind_asked_for(spot, kind, name, gazetteer):
    place = next(p for p in gazetteer.places if p.id == spot)
    assert gazetteer.nearest_site(place.lat, place.lon, kind=kind).name == name


def test_no_airfield_beyond_the_distance_asked(gazetteer):
    assert gazetteer.nearest_site(0.0, -140.0) is None  # the middle of the Pacific


def test_a_long_text_read_in_blocks_of_words_gives_the_same_mentions(gazetteer, monkeypatch):
    from geo.extract import places
    from geo.extract.tokens import Tokens, tokenise
    from .conftest import SAMPLE
    from geo.io.reports import load_reports

    text = "\n\n".join(r.text for r in load_reports([SAMPLE]).reports) * 3  # about 10,000 words
    as_list = [places.mention_to_dict(m) for m in find_mentions(text, gazetteer)]
    monkeypatch.setattr(places, "EAGER_TOKENS", 100)  # blocks of 4,096 words, four kept
    assert isinstance(tokenise(text, eager=100), Tokens)
    assert [places.mention_to_dict(m) for m in find_mentions(text, gazetteer)] == as_list
    assert len(as_list) > 300


def test_a_long_text_read_in_blocks_reads_names_with_articles_the_same(gazetteer, actors, monkeypatch):
    """A report long enough to be read in blocks of words (over 300 KB) once failed whole on a
    village name with an article ("the village of Tall al Hawa"): slices of the blocks now read
    as a list's do."""
    from geo.extract import places
    from geo.extract.tokens import Tokens, tokenise

    text = " ".join(f"On day {n}, shelling hit the village of Tall al Hawa near Raqqa and Kafr el Dis near Idlib."
                    for n in range(60))
    as_list = [places.mention_to_dict(m) for m in find_mentions(text, gazetteer)]
    words = tokenise(text, eager=100)
    assert isinstance(words, Tokens) and words[3:9] == tokenise(text)[3:9]
    monkeypatch.setattr(places, "EAGER_TOKENS", 100)
    assert [places.mention_to_dict(m) for m in find_mentions(text, gazetteer)] == as_list
    doc = annotate(report_from_text(text, report_id="long"), gazetteer=gazetteer, actors=actors)
    assert extract_records(doc)  # the whole report is read, not skipped
