"""Names of several words, places named in lists, and the countries a report's actors fight in.

Sentences of our own from several conflicts. Every expected point is the GeoNames row named
beside it (geonames.org, CC BY 4.0); distances are geodesic, in km.
"""

from __future__ import annotations

import pytest

from geo.extract.annotate import annotate, place_mentions
from geo.extract.actors import load_actors
from geo.io.reports import report_from_text

from .readings import km as _km, placed as _placed


@pytest.fixture(scope="module")
def actors():
    return load_actors()



def _named(mentions, text: str):
    found = [m for m in mentions if m.text == text]
    assert found, f"{text!r} not among {[m.text for m in mentions]}"
    return found[0]


@pytest.mark.parametrize("sentence, head", [
    # Libya: "Bir" alone is Beed, India in the main index; "Bir at Tutah" is a well south of Tripoli.
    ("Shells fell on Bir at Tutah near Tripoli on Monday.", "Bir"),
    # Yemen: "Bab" alone is Al-Bab in Syria; "Bab Ghaliq" is a place in Al Bayda.
    ("Clashes between the two sides were reported in Bab Ghaliq.", "Bab"),
    # Syria: "Kafr" alone is a hamlet; "Kafr Lusin" a border crossing in Idlib.
    ("Two convoys entered Idlib through the Kafr Lusin crossing.", "Kafr"),
])
def test_a_generic_head_is_never_the_place_of_that_name(gazetteer, actors, sentence, head):
    names = [m.text for m in _placed(sentence, gazetteer, actors)]
    assert head not in names


def test_a_name_through_an_arabic_article_is_one_name(gazetteer, actors):
    # Yemen: neither Mafraq (Jordan) nor a village "Ruwayk" is "Mafraq ar Ruwayk" in Marib.
    mentions = _placed("An IED detonated at Mafraq ar Ruwayk in Marib governorate.", gazetteer, actors)
    assert [m.country for m in mentions if m.text in ("Mafraq", "Ruwayk")] == []
    assert all(m.country == "YE" for m in mentions)


def test_an_english_at_is_no_article(gazetteer, actors):
    # "University at San Marcos", "the A120 at Coggeshall": "at" here is the English preposition.
    mentions = _placed("A lorry and a cyclist collided on the A120 at Coggeshall in Essex.", gazetteer, actors)
    coggeshall = _named(mentions, "Coggeshall")
    assert _km(coggeshall, 51.87216, 0.69216) < 5  # GeoNames 2652696 Coggeshall


def test_a_longer_name_found_as_a_village(gazetteer, actors):
    # Lebanon: "Ain" alone is the Ain department of France.
    mentions = _placed("Protesters gathered in the town of Ain er Roummaneh.", gazetteer, actors)
    town = _named(mentions, "Ain er Roummaneh")
    assert town.country == "LB"
    assert _km(town, 33.86778, 35.5225) < 15  # GeoNames 6274956 Aïn er Roummané


def test_a_village_when_nothing_else_says_the_country(gazetteer, actors):
    # Ukraine (Luhansk): the note names no other place; the village's name is found in one country.
    mentions = _placed("Monitors recorded 11 explosions near Kalynove-Borshchuvate.", gazetteer, actors)
    village = _named(mentions, "Kalynove-Borshchuvate")
    assert _km(village, 48.62, 38.492) < 2  # GeoNames 811076


def test_a_village_called_an_area(gazetteer, actors):
    # Iraq: "the Yusufiyah area" is Al Yusufiyah, south of Baghdad.
    mentions = _placed("An IED exploded near the Yusufiyah area on Tuesday, wounding a policeman.", gazetteer, actors)
    town = _named(mentions, "Yusufiyah")
    assert _km(town, 33.084, 44.257) < 5  # GeoNames 98926 Al Yūsufīyah


def test_an_unknown_village_with_its_district_and_region(gazetteer, actors):
    # Somalia: Warmahan is in no gazetteer; it lies by Afgooye, Lower Shabelle (Shabeellaha Hoose).
    mentions = _placed("A roadside bomb hit a convoy near Warmahan village (Afgooye, Lower Shabelle).", gazetteer, actors)
    village = _named(mentions, "Warmahan")
    assert _km(village, 2.13810, 45.12120) < 5  # GeoNames 65785 Afgooye
    region = _named(mentions, "Lower Shabelle")
    assert (region.feature, region.admin1) == ("province", "SO.14")


def test_people_in_a_list_are_no_villages(gazetteer, actors):
    # Gaza / West Bank: names of people listed with commas are no places.
    mentions = _placed("Ibrahim Hamed, Abdullah Barghouti and Abbas al-Sayed were sentenced in Ramallah.",
                       gazetteer, actors)
    assert [m.text for m in mentions] == ["Ramallah"]


@pytest.mark.parametrize("sentence, name, lat, lon, countries", [
    # Yemen: with the Houthis named, Hays is Hays in Al Hudaydah, not Hays, Kansas (GeoNames 74906).
    ("Houthi forces shelled Hays.", "Hays", 13.932, 43.483, {"YE"}),
    # Sahel: with JNIM named, Boni is a village of the Sahel, not Bonn.
    ("JNIM militants attacked an army post in Boni.", "Boni", None, None, {"ML", "BF", "NE"}),
])
def test_the_actors_say_which_countries(gazetteer, actors, sentence, name, lat, lon, countries):
    place = _named(_placed(sentence, gazetteer, actors), name)
    assert place.country in countries
    if lat is not None:
        assert _km(place, lat, lon) < 5


def test_a_notable_place_outweighs_the_actors(gazetteer, actors):
    # Taliban envoys in Doha: a capital named by its own name keeps its country.
    place = _named(_placed("Taliban envoys met US officials in Doha.", gazetteer, actors), "Doha")
    assert place.country == "QA"


def test_the_first_words_of_a_district_are_not_a_town(gazetteer, actors):
    # Afghanistan: "Shah Wali" is a village 60 km from Shah Wali Kot district; the district is in
    # no gazetteer, so the mention is placed at the province the text names (Kandahar).
    mentions = _placed("Security forces killed 8 militants in Shah Wali Kot district, Kandahar.", gazetteer, actors)
    district = _named(mentions, "Shah Wali Kot")
    assert (district.feature, district.admin1) == ("province", "AF.23")
    assert "Shah Wali" not in [m.text for m in mentions]


def test_a_head_and_an_article_keep_their_last_word(gazetteer, actors):
    # Libya: "Tutah" alone would be Tete, Mozambique (a spelling variant): it is part of "Bir at Tutah".
    mentions = _placed("Shells fell in Bir at Tutah (Aljfara) on Sunday.", gazetteer, actors)
    assert [m for m in mentions if m.country == "MZ"] == []


def test_the_area_town_of_a_village(gazetteer, actors):
    # Syria: "the Idlib village of Kafr Nabl": Kafr Nabl in Idlib governorate (GeoNames 168661 Kafranbel).
    mentions = _placed("Troops shelled the Idlib village of Kafr Nabl.", gazetteer, actors)
    village = _named(mentions, "Kafr Nabl")
    assert village.admin1 == "SY.12"
    assert _km(village, 35.61376, 36.56449) < 5


def test_a_village_of_a_local_government_area(gazetteer, actors):
    # Nigeria: "X village of Kauru LGA, Kaduna": not Kukawa in Borno, 600 km away; placed in Kauru.
    mentions = _placed("Gunmen killed two farmers in Kukawa village of Kauru LGA, Kaduna.", gazetteer, actors)
    village = _named(mentions, "Kukawa")
    assert village.admin1 == "NG.23"  # Kaduna State
    kauru = _named(mentions, "Kauru")
    assert _km(village, kauru.lat, kauru.lon) < 30


def test_a_town_read_abroad_does_not_pull_its_village_there(gazetteer, actors):
    # Lebanon: the village of "the Aley town of ..." stays in Lebanon (Aley was once read as Aléy, Niger,
    # and the rule that keeps the village holds for any town read abroad).
    mentions = _placed("A demonstration took place in the Aley town of Ain er Roummaneh.", gazetteer, actors)
    assert _named(mentions, "Ain er Roummaneh").country == "LB"


def test_one_sense_per_report(gazetteer, actors):
    # Burkina Faso: "Banh" bare is Baneh, Iran in the main index; the text places it in Loroum once,
    # and every "Banh" of the report is then Banh, Loroum (GeoNames 2362557, in BF.10).
    mentions = _placed("An army vehicle struck an IED between Banh and Koumbri (Banh, Loroum), injuring soldiers.",
                       gazetteer, actors)
    assert [(m.country, m.admin1) for m in mentions if m.text == "Banh"] == [("BF", "BF.10")] * 2


def test_a_town_reached_through_an_alias_does_not_set_the_country(gazetteer, actors):
    # Pakistan: "Jang" (a newspaper group) is an alternate name of Yanggu, China; it must not make
    # China one of the report's countries, and so stays out of China.
    mentions = _placed("Journalists protested in Multan, Punjab, against the arrest of the Jang group's editor.",
                       gazetteer, actors)
    assert [m for m in mentions if m.country == "CN"] == []
    assert _named(mentions, "Multan").country == "PK"


def test_a_road_makes_a_name_a_place(gazetteer, actors):
    # Lebanon: "the Halba highway", in a report naming no other place: Halba, Akkar (GeoNames 274723).
    place = _named(_placed("Rioters blocked the Halba highway with burning tyres.", gazetteer, actors), "Halba")
    assert _km(place, 34.54278, 36.07972) < 3


def test_a_container_read_in_its_own_container(gazetteer, actors):
    # Yemen: in "Bayt Maghari (Hays, Al Hudaydah)" Hays is Hays of Al Hudaydah, so Bayt Maghari is
    # sought there (GeoNames 76914 Bayt Maghārī), not in Hays, Kansas.
    mentions = _placed("Pro-government forces attacked Houthi positions in Bayt Maghari (Hays, Al Hudaydah).",
                       gazetteer, actors)
    village = _named(mentions, "Bayt Maghari")
    assert _km(village, 13.93625, 43.45547) < 2


def test_an_article_opens_a_name(gazetteer, actors):
    # Yemen: "Ash Shubaji Battalion" is no village called Ash.
    mentions = _placed("Fighters from the Ash Shubaji Battalion repelled an attack in Qaatabah.", gazetteer, actors)
    assert "Ash" not in [m.text for m in mentions]


@pytest.mark.parametrize("sentence, name, admin1", [
    # Nigeria: "LGA" is Nigeria's word for its local government areas; "Plateau" alone is also a
    # department of Benin, "Delta" a city of Canada.
    ("Gunmen killed a farmer in Miango (Bassa LGA, Plateau) on Sunday.", "Plateau", "NG.49"),
    ("Youths of Okpanam in Oshimili North LGA, Delta, blocked the highway.", "Delta", "NG.36"),
])
def test_a_country_s_own_division_word_says_the_country(gazetteer, actors, sentence, name, admin1):
    assert _named(_placed(sentence, gazetteer, actors), name).admin1 == admin1


def test_the_village_of_a_nigerian_lga(gazetteer, actors):
    # Nigeria: Miango, Plateau State (GeoNames 2330163), not Maianga in Angola.
    village = _named(_placed("Gunmen killed a farmer in Miango (Bassa LGA, Plateau) on Sunday.", gazetteer, actors),
                     "Miango")
    assert _km(village, 9.85089, 8.68454) < 2


def test_actors_fighting_abroad_do_not_move_two_agreeing_places(gazetteer, actors):
    # Mali: "Burkinabe forces" fight in Mali here; Ansongo and Gao agree on Mali (Gao is also a town
    # of Burkina Faso).
    mentions = _placed("Burkinabe forces killed a suspected ISGS commander in the village of Ersam (Ansongo, Gao).",
                       gazetteer, actors)
    assert _named(mentions, "Gao").country == "ML"
    assert _named(mentions, "Ansongo").country == "ML"


def test_a_neighbour_named_does_not_hide_the_village(gazetteer, actors):
    # Syria: a country named ("the border with Turkey") is often a neighbour's; Tal Abyad stays in
    # Syria (GeoNames 163750 Tall Abyaḑ).
    mentions = _placed("Clashes erupted in Tal Abyad near the border with Turkey.", gazetteer, actors)
    town = _named(mentions, "Tal Abyad")
    assert town.country == "SY"
    assert _km(town, 36.69648, 38.95382) < 3


def test_a_bearing_marks_its_anchor_as_a_place(gazetteer, actors):
    # Syria: "12 km south-east of Dabiq", in a report naming no other place: a point 12 km from
    # Dabiq (GeoNames 171011 Dābiq), never Dabiq itself.
    point = place_mentions("A drone struck a car 12 km south-east of Dabiq.", gazetteer)[0]
    assert point.feature == "offset"
    assert 11.0 < _km(point, 36.53714, 37.268) < 13.0
    assert point.lat < 36.53714 and point.lon > 37.268


@pytest.mark.parametrize("url, expected", [
    ("https://www.kyivpost.com.ua/post/1", {"UA": 1.0}),
    ("https://www.bbc.co.uk/news/world", {"GB": 1.0}),
    ("https://sana.sy/en/?p=1", {"SY": 1.0}),
    ("https://bit.ly/3xYz", {}),  # a generic use of Libya's domain
    ("https://example.com/a", {}),
    ("http://[::1", {}),  # malformed: nothing, no error
    (None, {}),
])
def test_the_outlet_s_country_domain(url, expected):
    from geo.extract.annotate import outlet_countries
    assert dict(outlet_countries(url)) == expected


def test_the_outlet_says_the_country_when_the_places_do_not(gazetteer, actors):
    # Pakistan: "Jang" alone is an alias of Yanggu, China, and a few villages of Pakistan and Nigeria;
    # a report from a .pk outlet is about Pakistan.
    report = report_from_text("Journalists protested outside the offices of Jang.", report_id="t",
                              url="https://www.dawn.com.pk/news/1")
    doc = annotate(report, gazetteer=gazetteer, actors=actors)
    assert [m.country for m in doc.mentions if m.text == "Jang"] == ["PK"]


@pytest.mark.parametrize("sentence, name, lat, lon, geonameid", [
    # Lebanon: "Tripoli, north of Beirut" is Tripoli, Lebanon, not the capital of Libya.
    ("Protesters gathered in Tripoli, north of Beirut, on Monday.", "Tripoli", 34.43352, 35.84415, 266826),
    # Yemen: "Hays, south of Hodeidah" is Hays of Al Hudaydah, not Hays, Kansas.
    ("Gunmen attacked a checkpoint in Hays, south of Hodeidah.", "Hays", 13.9317, 43.4831, 74906),
    # Ukraine: "Marinka, west of Donetsk" is Mar'inka of Donetsk oblast, not the Marinka near Lviv.
    ("Shelling hit Marinka, west of Donetsk, overnight.", "Marinka", 47.94527, 37.50544, 701845),
])
def test_a_bearing_from_a_neighbour_chooses_the_reading(gazetteer, actors, sentence, name, lat, lon, geonameid):
    place = _named(_placed(sentence, gazetteer, actors), name)
    assert _km(place, lat, lon) < 10  # the GeoNames row ``geonameid``


def test_portuguese_connectors_keep_a_name_whole(gazetteer, actors):
    # Brazil: "Mato Grosso do Sul" is a state, not Suhl in Germany; "Jardim do Trevo neighborhood" is
    # no town called Jardim (there is one 1,280 km away).
    mentions = _placed("Police seized drugs in Paranaiba, Mato Grosso do Sul, and a man was shot in Jardim do Trevo "
                       "neighborhood of Governador Valadares.", gazetteer, actors)
    names = [m.text for m in mentions]
    assert "Mato Grosso do Sul" in names and "Sul" not in names and "Jardim" not in names
    assert all(m.country == "BR" for m in mentions)


@pytest.mark.parametrize("sentence, word", [
    ("Fighters of the Badr Organization killed 4 IS militants east of Samarra.", "Badr"),  # Iraq: Badr, Egypt
    ("Cleaners working for the Papa Group protested in Erbil.", "Papa"),  # Iraq: Pápa, Hungary
])
def test_a_body_named_after_a_word_is_no_town(gazetteer, actors, sentence, word):
    assert word not in [m.text for m in _placed(sentence, gazetteer, actors)]


@pytest.mark.parametrize("sentence, head, country", [
    # Mexico: "Colonia Las Aves" is a quarter of Celaya, not Colonia, a department of Uruguay.
    ("A man was found dead in Colonia Las Aves in Celaya, Guanajuato.", "Colonia", "MX"),
    # Brazil: "Vila Kennedy" is a quarter of Rio de Janeiro, not Vila in Andorra.
    ("Shoot-outs took place in Vila Kennedy and Bangu neighborhoods of Rio de Janeiro.", "Vila", "BR"),
])
def test_a_word_for_a_quarter_opens_a_name(gazetteer, actors, sentence, head, country):
    mentions = _placed(sentence, gazetteer, actors)
    assert head not in [m.text for m in mentions]
    assert {m.country for m in mentions} == {country}


@pytest.mark.parametrize("sentence, name, lat, lon", [
    # West Bank: "al Khadir" is Al Khaḑir (GeoNames), south-west of Bethlehem; "Khadir" alone is nothing.
    ("Settlers uprooted vines in the village of al Khadir, south of Bethlehem.", "al Khadir", 31.69405, 35.16685),
    # Yemen: "al Fajir" is Al Fājir in Ad Dali (GeoNames), a village of the local tier.
    ("Houthi forces shelled homes in al Fajir and Qaatabah in Ad Dali governorate.", "al Fajir", 13.86667, 44.6),
])
def test_an_article_in_lower_case_opens_a_name(gazetteer, actors, sentence, name, lat, lon):
    found = _named(_placed(sentence, gazetteer, actors), name)
    assert _km(found, lat, lon) < 5


def test_an_english_word_opening_a_sentence_is_no_place_by_another_name(gazetteer, actors):
    # Venezuela: "Drug" is an old name of Durg, India; at the head of a sentence it is the noun.
    mentions = _placed("Drug traffickers shot dead two men in Caracas on Friday.", gazetteer, actors)
    assert [m.text for m in mentions] == ["Caracas"]


@pytest.mark.parametrize("sentence, name, country", [
    # Nigeria: "(Oshimili North, Delta)": Delta State, not the city of Delta in Canada.
    ("Youths of Okpanam (Oshimili North, Delta) blocked a highway on Thursday.", "Delta", "NG"),
    # Mali: "(Ansongo, Gao)": the region of Gao closes the brackets.
    ("Gunmen killed a trader near Bara (Ansongo, Gao) on Monday.", "Gao", "ML"),
])
def test_the_last_place_in_brackets_is_a_division(gazetteer, actors, sentence, name, country):
    found = _named(_placed(sentence, gazetteer, actors), name)
    assert (found.feature, found.country) == ("province", country)


def test_the_division_that_holds_a_named_district_is_a_division(gazetteer, actors):
    # Iraq: "Akre district of Ninewa": the governorate of Nineveh, not Karbala (whose other names
    # come close to "Ninewa"), 450 km south.
    found = _named(_placed("Turkish jets struck PKK targets in Akre district of Ninewa, Northern Iraq.", gazetteer,
                           actors), "Ninewa")
    assert (found.feature, found.country, found.admin1) == ("province", "IQ", "IQ.15")


@pytest.mark.parametrize("sentence, kept", [
    # Guatemala: "the Pacific road" is a road, not the ocean; Turkey: nor is "the Black Sea highway" a sea.
    ("Residents demonstrated on the Pacific road in Villa Nueva, demanding food.", ["Villa Nueva"]),
    ("Protesters blocked the Black Sea highway near Trabzon.", ["Trabzon"]),
])
def test_a_road_named_after_water_is_no_water(gazetteer, actors, sentence, kept):
    assert [m.text for m in _placed(sentence, gazetteer, actors)] == kept


def test_a_name_written_without_its_article_is_found(gazetteer, actors):
    # Syria: "Qamishli" is GeoNames' Al Qāmishlī (173377); the report names Turkey, not Syria.
    found = _named(_placed("A spokesman said Turkey shelled Qamishli overnight.", gazetteer, actors), "Qamishli")
    assert found.country == "SY" and _km(found, 37.05215, 41.23142) < 5


def test_a_name_in_brackets_after_a_name_is_a_place(gazetteer, actors):
    # Iraq: "the Zap (Amadiya) region of Dahuk": Amadiya (GeoNames Al ‘Amādīyah, population 0) is the
    # area's town, and Dahuk, the division the region lies in, the governorate.
    mentions = _placed("Turkish jets struck PKK targets in the Zap (Amadiya) region of Dahuk.", gazetteer, actors)
    assert _km(_named(mentions, "Amadiya"), 37.0918, 43.48777) < 5
    assert _named(mentions, "Dahuk").feature == "province"


@pytest.mark.parametrize("sentence, name, country", [
    # Yemen: "Al Bayda governorate" is Al Bayda', not Libya's Jabal al Akhdar (whose capital is Al Bayda).
    ("Houthi forces shelled a village in Al Bayda governorate on Monday.", "Al Bayda'", "YE"),
    # Chad: Ouaddaï by its own name, not Sila.
    ("Herders and farmers clashed in Ouaddai province on Monday.", "Ouaddaï", "TD"),
    # Sudan, Myanmar: a division said with "state" in lower case is the state, not its town or a town abroad.
    ("Gunmen attacked a convoy in Sennar state on Monday.", "Sennar", "SD"),
    ("The army shelled villages in Chin state on Monday.", "Chin State", "MM"),
])
def test_a_division_said_with_its_word_is_the_division(gazetteer, actors, sentence, name, country):
    [division] = [m for m in _placed(sentence, gazetteer, actors) if m.feature == "province"]
    assert (division.name, division.country) == (name, country)


def test_a_division_the_gazetteers_lack_is_no_town_of_another_name(gazetteer, actors):
    # Somalia: "Sool region" is no alternate name of Seoul; unresolved rather than in Korea.
    assert [m.country for m in _placed("Clan militias clashed in Sool region on Monday.", gazetteer, actors)] == []


@pytest.mark.parametrize("sentence, name, country", [
    # West Bank: "the Jenin refugee camp" names Jenin (a place noun after one more word), unlike
    # "the Obama administration".
    ("Israeli troops raided the Jenin refugee camp on Wednesday.", "Jenin", "PS"),
    # Kenya: the camp of Kakuma.
    ("Police searched the Kakuma refugee camp in Kenya on Monday.", "Kakuma", "KE"),
])
def test_the_town_before_a_described_camp_is_a_place(gazetteer, actors, sentence, name, country):
    assert (name, country) in [(m.name, m.country) for m in _placed(sentence, gazetteer, actors)]


def test_the_town_before_a_body_s_name_is_still_no_place(gazetteer, actors):
    assert _placed("Aides said the Obama administration would act.", gazetteer, actors) == []


@pytest.mark.parametrize("sentence, name", [
    ("Heavy clashes erupted overnight in the Libyan capital between rival armed groups.", "Tripoli"),  # Libya
    ("Protesters gathered in the Afghan capital on Friday.", "Kabul"),  # Afghanistan
    ("A car bomb exploded in the Iraqi capital, police said.", "Baghdad"),  # Iraq
])
def test_the_capital_of_a_demonym_is_the_capital_city(gazetteer, actors, sentence, name):
    assert name in [m.name for m in _placed(sentence, gazetteer, actors)]


def test_a_capital_named_after_its_demonym_is_read_once(gazetteer, actors):  # Somalia
    names = [m.name for m in _placed("Gunmen attacked a hotel in the Somali capital Mogadishu.", gazetteer, actors)]
    assert names.count("Mogadishu") == 1


@pytest.mark.parametrize("sentence, text, lat, lon", [
    # Syria: the Ghouta around Damascus (Wikipedia "Ghouta" 33.50 N 36.42 E), also as "eastern Ghouta"
    ("The army says it has regained most of the towns in eastern Ghouta.", "Ghouta", 33.50, 36.42),
    ("Rebels in Eastern Ghouta agreed to leave for the north.", "Eastern Ghouta", 33.50, 36.42),
    # Sudan: Darfur (Wikipedia 13 N 25 E); the Nuba Mountains (12.02 N 31.10 E)
    ("Militias burned villages across Darfur last year.", "Darfur", 13.0, 25.0),
    ("Government aircraft bombed the Nuba Mountains on Monday.", "Nuba Mountains", 12.02, 31.10),
    # Syria: the Qalamoun mountains (34.00 N 36.82 E); Azerbaijan: Nagorno-Karabakh, not Qarah Bagh in Iran
    ("Hezbollah fighters advanced in the Qalamoun on Monday.", "Qalamoun", 34.00, 36.82),
    ("Shelling was reported across Karabakh on Tuesday.", "Karabakh", 39.82, 46.75),
    # Syria: Jabal al-Zawiya in Idlib (35.73 N 36.70 E); Sudan: Jebel Marra in Darfur (12.95 N 24.27 E)
    ("Regime jets struck villages in Jebel Zawiya on Monday.", "Jebel Zawiya", 35.73, 36.70),
    ("SLA fighters clashed with the army in Jebel Marra.", "Jebel Marra", 12.95, 24.27),
])
def test_a_region_of_a_war_is_read_as_that_region(gazetteer, actors, sentence, text, lat, lon):
    mention = _named(_placed(sentence, gazetteer, actors), text)
    assert mention.feature == "region" and _km(mention, lat, lon) < 50


def test_lake_chad_is_the_lake_not_the_country(gazetteer, actors):  # Nigeria, Niger, Chad, Cameroon
    mention = _named(_placed("Boko Haram fighters attacked fishermen on Lake Chad.", gazetteer, actors), "Lake Chad")
    assert mention.feature == "water" and _km(mention, 13.0, 14.0) < 50


@pytest.mark.parametrize("sentence, word", [
    # Afghanistan: "Drug" reaches Durg, India, only as another name of it; here it opens an agency's name
    ("Officers of the Drug Enforcement Agency raided a warehouse in Kabul.", "Drug"),
    # Iraq: "Mass" is Massachusetts only as an abbreviation; here it is a word of "Weapons of Mass Destruction"
    ("Inspectors searched for weapons of Mass Destruction near Tikrit.", "Mass"),
])
def test_an_english_word_opening_a_longer_name_is_no_place(gazetteer, actors, sentence, word):
    mentions = _placed(sentence, gazetteer, actors)
    assert word not in [m.text for m in mentions]
    assert mentions, "the sentence's real place is still read"


def test_an_abbreviated_state_before_a_full_stop_stays(gazetteer, actors):
    # United States: "Boston, Mass. Police said" — the abbreviation ends its sentence (GeoNames 6254926)
    mentions = _placed("A rally was held in Boston, Mass. Police said it was peaceful.", gazetteer, actors)
    assert [m.country for m in mentions if m.text == "Mass."] == ["US"]


def test_a_front_line_sector_is_named_after_a_town(gazetteer, actors):
    # Kashmir: "Uri sector" is the sector of Uri (GeoNames 1253694), not the Swiss canton of Uri
    mentions = _placed("Indian and Pakistani troops exchanged fire in Uri sector on Sunday.", gazetteer, actors)
    uri = next(m for m in mentions if m.text == "Uri")
    assert uri.country == "IN" and _km(uri, 34.086, 74.032) < 5
    # Somalia: without such a word, the name beside Bosaso stays in Somalia
    mentions = _placed("Clashes were reported in Bari town, near Bosaso, on Monday.", gazetteer, actors)
    assert {m.country for m in mentions} == {"SO"}


@pytest.mark.parametrize("sentence, said, country", [
    # DR Congo: "Democratic Republic of Congo", the common form without "the", is not its
    # neighbour the Republic of the Congo by its last word.
    ("M23 rebels advanced on Goma in the Democratic Republic of Congo on Sunday.", "Democratic Republic of Congo", "CD"),
    # Myanmar: "Burma", its former English name, is no town of Turkey (Bürme).
    ("The junta's air force bombed villages in Sagaing, Burma, on Tuesday.", "Burma", "MM"),
    # Bosnia and Herzegovina by its short name.
    ("Mass graves of the war in Bosnia were exhumed near Srebrenica.", "Bosnia", "BA"),
])
def test_a_country_by_its_common_english_name(gazetteer, actors, sentence, said, country):
    mention = _named(_placed(sentence, gazetteer, actors), said)
    assert (mention.feature, mention.country) == ("country", country)
