"""The place of an event when the village it names is in no gazetteer but its area is.

Sentences of our own from several conflicts: the preposition ties the event to the unknown
village, and the text names the village's area right after it ("near X, Y", "in X (Y, Z)").
"""

from __future__ import annotations

import datetime as dt

import pytest

from geo.analysis import geodesic_m
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


def _only_event(sentence, gazetteer, actors):
    """The document of ``sentence`` (a report of 9 May 2021) and its one event record."""
    doc = annotate(report_from_text(sentence, report_id="r", published=dt.date(2021, 5, 9)), gazetteer=gazetteer,
                   actors=actors)
    [record] = [r for r in extract_records(doc, country_place=gazetteer.country) if r.kind == "event"]
    return doc, record


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


def _event(sentence: str, gazetteer, actors):
    doc = annotate(report_from_text(sentence, report_id="r", published=dt.date(2020, 5, 9)), gazetteer=gazetteer,
                   actors=actors)
    events = [r for r in extract_records(doc, country_place=gazetteer.country) if r.kind == "event"]
    assert len(events) == 1, events
    return events[0]


def test_an_event_between_two_villages_is_at_the_first(gazetteer, actors):  # Niger
    record = _event("JNIM fighters detonated an IED between Bolsi and Bossey Bangou (Torodi, Tillabery) on Sunday.",
                    gazetteer, actors)
    assert record.place == "Bolsi" and record.country == "NE"


def test_talks_between_two_countries_place_nothing_there(gazetteer, actors):  # Syria, told from Washington
    record = _event("Until now, contacts between the United States and Russian militaries over Syria aimed at "
                    "avoiding a clash as they carry out rival bombing campaigns in Syria.", gazetteer, actors)
    assert record.country == "SY"


def test_the_village_the_text_puts_in_its_district_is_preferred(gazetteer, actors):  # Afghanistan
    # "Nawabad/Aqi Bai village of Imam Sahib district, Kunduz": Aqi Bai (in no gazetteer) lies in the
    # district the text names and is placed there (GeoNames 1142545 Imām Şāḩib, Kunduz); Nawabad's
    # reading lies 180 km away in Samangan (AF.30).
    record = _event("Police repelled a Taliban attack on a check post in Nawabad/Aqi Bai village of Imam Sahib "
                    "district, Kunduz, on Sunday.", gazetteer, actors)
    assert (record.admin1, record.place_id) == ("AF.24", "geonames:1142545")


def test_a_reading_on_another_continent_is_no_place_for_the_event(gazetteer, actors):  # Myanmar
    # "War" (of "War Tho Kho village") would be Warrap, South Sudan; the report's other places are in Karen State.
    record = _event("On 6 May 2020, near War Tho Kho village, Luthaw Township, Hpapun District, Karen State, fighting "
                    "between the Myanmar military and KNU forces forced villagers to flee.", gazetteer, actors)
    assert record.country == "MM" and record.admin1 == "MM.05"  # Kayin (Karen) State


def test_the_neighbourhood_of_a_city_places_the_event_in_the_city(gazetteer, actors):  # Somalia
    record = _event("Al-Shabaab militants threw a hand grenade at soldiers in Hilaac neighborhood of Mogadishu on "
                    "Monday.", gazetteer, actors)
    assert record.country == "SO" and record.place in ("Mogadishu", "Muqdisho")


def test_madinat_al_is_a_name_not_medina(gazetteer, actors):  # Yemen
    record = _event("Pro-Houthi forces fired machine guns at the east of Madinat al Salah in Hodeidah on Monday.",
                    gazetteer, actors)
    assert record.country == "YE"


@pytest.mark.parametrize("sentence, place", [
    # Sudan: the unknown spot "near Um Dereisaya" lies west of Shangil Tobay, not anywhere in the state.
    ("On 30 April 2021, gunmen attacked three women collecting firewood near Um Dereisaya west of Shangil Tobay "
     "(North Darfur state).", "Shingil Tobaya"),
    # Iraq: "in the desert south-west of Mosul": the event is by Mosul.
    ("On 2 May 2021, Islamic State militants ambushed a patrol in the desert south-west of Mosul.", "Mosul"),
    # Nigeria: "a resident of Miango": the victim's village is the event's place.
    ("On 3 May 2021, unidentified gunmen killed a resident of Miango (Bassa LGA, Plateau).", "Miango"),
    # Bangladesh: "in Teri Bazar of Chittagong city": the market the gazetteers lack, in Chittagong.
    ("On 29 April 2021, a shopkeeper was beaten to death by police in Teri Bazar of Chittagong city.", "Chattogram"),
    # Myanmar: "in Nyaung Pin Zay ward, Mrauk-U town": a ward of Mrauk-U.
    ("On 27 April 2021, in Nyaung Pin Zay ward, Mrauk-U town, Rakhine State, an artillery shell hit a restaurant "
     "and injured three civilians.", "Mrauk U"),
    # Myanmar: south of an unknown village of Minbya township: in Minbya, not anywhere in Rakhine State.
    ("On 2 May 2021, the army and the Arakan Army clashed 2 km south of Hpar Hpyo village, Minbya Township, "
     "Rakhine State.", "Minbya"),
])
def test_a_place_the_event_lies_towards_is_its_place(gazetteer, actors, sentence, place):
    assert _only_event(sentence, gazetteer, actors)[1].place == place


@pytest.mark.parametrize("sentence, place", [
    # Somalia: the checkpoint at the entrance of the town is where the attack was.
    ("On 29 April 2021, al-Shabaab militants attacked soldiers based at the entrance checkpoint of Afgooye town.",
     "Afgooye"),
    # Iraq: the central prison of a city.
    ("On 2 May 2021, guards opened fire on inmates trying to escape from the central prison of Nasiriyah.",
     "Nasiriyah"),
    # Ukraine: the main market of a town.
    ("On 3 May 2021, a shell hit a crowd queuing at the main market of Avdiivka.", "Avdiyivka"),
])
def test_a_site_of_a_town_places_the_event_in_the_town(gazetteer, actors, sentence, place):
    assert _only_event(sentence, gazetteer, actors)[1].place == place


@pytest.mark.parametrize("sentence, place", [
    # Ethiopia: "Fano fighters" are a militia (Fano is also a town in Italy); the town they took is the place.
    ("Fano fighters took control of Lalibela on Monday, residents said.", "Lalibela"),
    # Libya: "Zintan militias" name a group, not where the fight was.
    ("Zintan militias seized control of Gharyan on Monday.", "Gharyan"),
    # Mali: "control over" ties the town too.
    ("JNIM militants took control over Boni on Monday.", "Boni"),
])
def test_the_town_taken_under_control_is_the_place(gazetteer, actors, sentence, place):
    doc, record = _only_event(sentence, gazetteer, actors)
    assert [m.text for m in doc.mentions if m.text in ("Fano", "Zintan")] == []
    assert record.place == place


@pytest.mark.parametrize("sentence, lon, lat", [
    # Cyprus: Limassol (34.68 N, 33.04 E): the court of the town
    ("Relatives of the victim rallied outside the regional court of Limassol on Monday.", 33.04, 34.68),
    # Nigeria: Okpanam, Delta (6.24 N, 6.65 E): the youths of a town act in it
    ("Youths of Okpanam (Oshimili North LGA, Delta) blocked a highway to protest on Monday.", 6.65, 6.24),
    # Ethiopia: Addis Ababa (9.02 N, 38.75 E): a market the gazetteers lack, in areas named in brackets
    ("Police fought with vendors at the Jan Meda market grounds (Yeka subcity, Addis Ababa city) on Monday.",
     38.75, 9.02),
    # Myanmar: Kayin (Karen) State (17.40 N, 97.65 E): a chain of areas after an unknown village
    ("Fighting broke out near Naw Taw Kho village, Luthaw Township, Mutraw (Hpapun) District, Karen State, "
     "on Monday.", 97.65, 17.40),
])
def test_a_place_tied_to_the_event_through_a_site_people_or_areas(gazetteer, actors, sentence, lon, lat):
    record = _event(sentence, gazetteer, actors)
    assert geodesic_m(lon, lat, record.lon, record.lat) < 25_000


def test_joining_is_in_a_town_is_no_position_of_islamic_state(gazetteer, actors):  # Syria
    record = _event("The SDF arrested four men on charges of joining IS in Raqqa city on Monday.", gazetteer, actors)
    assert record.actor == "Syrian Democratic Forces" and record.place == "Ar Raqqah"


def test_where_someone_lives_is_not_where_the_event_happened(gazetteer, actors):  # Syria
    record = _event("A teacher who lived in Aleppo and was visiting relatives in Idlib was killed in an air strike on "
                    "Monday.", gazetteer, actors)
    assert record.place == "Idlib"


@pytest.mark.parametrize("sentence, lon, lat", [
    # Syria: a patrol names its places after the road (An Nayrab, 35.79 N 36.77 E)
    ("A joint patrol by Turkish and Russian forces took place on the M4 highway on Tuesday, starting from the town "
     "of Turnabah to Nayrab in Idlib countryside.", 36.77, 35.79),
    # Mexico: "on the road that connects Iguala to Huitzuco" (Iguala, 18.35 N 99.54 W)
    ("On Tuesday, on the road that connects Iguala to Huitzuco, Guerrero, gunmen attacked a police officer.",
     -99.54, 18.35),
])
def test_a_patrol_or_a_road_gives_the_event_its_place(gazetteer, actors, sentence, lon, lat):
    record = _event(sentence, gazetteer, actors)
    assert geodesic_m(lon, lat, record.lon, record.lat) < 25_000


@pytest.mark.parametrize("sentence, truth", [
    # Syria: the market of Kafr Nabl (GeoNames 168661 Kafranbel), not the district town 5 km away
    ("On 4 May 2019, regime aircraft struck the hills around Kafr Nabl market, in Maarat al-Numan district (Idlib).",
     (35.61376, 36.56449)),
    # Afghanistan: Marjah (GeoNames 1133809), not Nad Ali's district centre 20 km north-east
    ("On 9 March 2011, Taliban fighters ambushed a patrol near Marjah canal, in Nad Ali district (Helmand).",
     (31.52112, 64.1176)),
    # Nigeria: Buratai (GeoNames 2346376), 35 km from Biu, the LGA's town
    ("On 3 June 2021, troops clashed with bandits around Buratai hills, in Biu LGA (Borno).", (10.90484, 12.08863)),
])
def test_a_place_inside_the_district_named_is_the_event_s_not_the_district(gazetteer, actors, sentence, truth):
    _, record = _only_event(sentence, gazetteer, actors)
    assert float(geodesic_m(truth[1], truth[0], record.lon, record.lat)) / 1000.0 < 5


@pytest.mark.parametrize("sentence, truth", [
    # Libya: two places no gazetteer holds, then their city in brackets (GeoNames 2210247 Tripoli)
    ("On 2 May 2020, LNA forces shelled GNA positions in Wadi Zzyx and Qasr Zzyx Road (Tripoli).", (32.88743, 13.18733)),
    # Sudan: the same, in Khartoum (GeoNames 379252)
    ("On 4 June 2023, RSF fighters clashed with the army in Hay Zzyxa and Zzyxa Bridge Road (Khartoum).",
     (15.55177, 32.53241)),
])
def test_two_unknown_places_and_their_city_place_the_event_in_the_city(gazetteer, actors, sentence, truth):
    _, record = _only_event(sentence, gazetteer, actors)
    assert float(geodesic_m(truth[1], truth[0], record.lon, record.lat)) / 1000.0 < 10


# Where someone is going is no event's place; the event is where the text puts it.
@pytest.mark.parametrize("text, not_at", [
    # Somalia: the convoy was attacked on the road, not in Baidoa.
    ("Al-Shabaab militants attacked a convoy on its way to Baidoa on Friday.", "Baidoa"),
    # Nigeria: the bus was ambushed on the road to Maiduguri.
    ("Gunmen ambushed a bus heading to the northern city of Maiduguri on Friday.", "Maiduguri"),
    # Burkina Faso: the looting was on the road out of Namssiguia; the truck was sent back towards the capital.
    ("On 29 April 2020, militants stopped a truck between Namssiguia (Bourzanga, Bam) and Djibo. The militants "
     "seized the phones of the passengers, and forced the truck to return in the direction of Ouagadougou.", "Ouagadougou"),
])
def test_a_destination_is_no_event_s_place(gazetteer, actors, text, not_at):
    doc = annotate(report_from_text(text, report_id="r", published=dt.date(2020, 5, 9)), gazetteer=gazetteer, actors=actors)
    events = [r for r in extract_records(doc, country_place=gazetteer.country) if r.kind == "event"]
    assert all(not_at not in (r.place or "") for r in events)


def test_an_event_between_a_village_with_its_address_and_a_town(gazetteer, actors):  # Burkina Faso
    text = ("On 29 April 2020, militants stopped a truck between Namssiguia (Bourzanga, Bam) and Djibo. The militants "
            "seized the phones of the passengers, and forced the truck to return in the direction of Ouagadougou.")
    doc = annotate(report_from_text(text, report_id="r", published=dt.date(2020, 5, 9)), gazetteer=gazetteer, actors=actors)
    [record] = [r for r in extract_records(doc, country_place=gazetteer.country) if r.kind == "event"]
    # Namssiguia, Bam province: GeoNames 13.83 N, 1.61 W
    assert geodesic_m(-1.608, 13.832, record.lon, record.lat) / 1000 < 5


def test_a_transit_still_ends_where_it_is_heading(gazetteer, actors):  # Syria
    doc = annotate(report_from_text("A Turkish military convoy of 30 armoured vehicles crossed into Idlib heading to Saraqib.",
                                    report_id="r", published=dt.date(2020, 5, 9)), gazetteer=gazetteer, actors=actors)
    records = extract_records(doc, country_place=gazetteer.country)
    assert [r for r in records if r.kind == "asset"]


# A sea's name before "port", "city", "town" is the town's epithet: the event is in the town, not at sea.
@pytest.mark.parametrize("text, town", [
    ("Coalition jets struck Hodeidah, the Red Sea port city, on Sunday.", "YE"),  # Yemen
    ("Russian missiles struck the Black Sea port of Odesa on Sunday.", "UA"),  # Ukraine
])
def test_a_sea_as_a_town_s_epithet_is_no_event_s_place(gazetteer, actors, text, town):
    record = _event(text, gazetteer, actors)
    assert record.geo_precision == "town" and record.country == town


def test_an_event_at_sea_stays_at_sea(gazetteer, actors):  # Yemen, the Red Sea
    assert _event("A Houthi drone hit a tanker in the Red Sea on Sunday.", gazetteer, actors).geo_precision == "water"
