"""Places in an address chain: "X village of Y area (Z district, W state)", "X (Y, W)".

A village that no gazetteer holds in the division the text names must not keep a namesake
hundreds of kilometres away, or on another continent: it lies at the chain's finest known
link inside that division, else at the division. Each sentence is ours; each expected point is
the GeoNames record cited (geonameid), checked with a geodesic distance within the tolerance.
"""

from geo.analysis import geodesic_m
from geo.extract.places import find_mentions

KM = 1000.0


def mentions(text, gazetteer):
    return {m.text: m for m in find_mentions(text, gazetteer)}


def km_from(mention, lat, lon):
    return float(geodesic_m(lon, lat, mention.lon, mention.lat)) / KM


def test_a_village_under_a_locality_lies_at_the_locality_not_in_another_state(gazetteer):
    # Sudan: the only Marabba indexed lies in White Nile, 800 km away; Kutum, North Darfur (GeoNames 371745)
    found = mentions("On 2 May 2021, RSF militiamen burned Marabba village under Kutum locality "
                     "(North Darfur state).", gazetteer)
    assert km_from(found["Marabba"], 14.2, 24.66667) <= 5
    assert found["Marabba"].context == "Kutum"


def test_a_village_of_an_unknown_district_lies_in_the_governorate_named(gazetteer):
    # Yemen: Al Qatn of Hadramawt (GeoNames 79478, 15.84 N 48.46 E) is 450 km from Sanaa governorate;
    # the village lies in the governorate, within 60 km of Sanaa city (GeoNames 71137)
    found = mentions("On 3 April 2019, an IED hit a patrol near Al Qatn village of Bani Hushaysh district "
                     "(Sanaa governorate).", gazetteer)
    assert km_from(found["Al Qatn"], 15.35452, 44.20646) <= 60
    assert km_from(found["Al Qatn"], 15.84056, 48.45556) > 300
    assert found["Al Qatn"].context == "Sanaa"


def test_a_township_in_brackets_is_not_a_town_of_the_same_name_abroad(gazetteer):
    # South Africa: Motherwell of Nelson Mandela Bay is no Motherwell of Scotland (GeoNames 2642135), and
    # "Nelson" of "Nelson Mandela Bay" names no town called Nelson
    found = mentions("On 5 May 2020, residents of Motherwell (Nelson Mandela Bay, Eastern Cape) blocked a road "
                     "to protest power cuts.", gazetteer)
    assert found["Motherwell"].country == "ZA"
    assert found["Motherwell"].context == "Eastern Cape"
    assert "Nelson" not in found


def test_a_town_by_its_own_name_beside_the_division_named_keeps_its_reading(gazetteer):
    # Syria: Suran of Hama (GeoNames 163915, 35.29 N 36.75 E) lies a few km from Idlib's villages: the
    # text's division may be a neighbour's, and the town stays where it is
    found = mentions("On 4 May 2019, regime aircraft struck a bakery in Suran (Mhardeh district, Idlib).", gazetteer)
    assert km_from(found["Suran"], 35.29193, 36.74848) <= 5


def test_a_town_far_from_the_division_named_is_its_namesake_there(gazetteer):
    # Syria: with Aleppo named, the Suran of Aleppo province (GeoNames 163913, 36.57 N 37.21 E), not Hama's
    found = mentions("On 4 May 2019, regime aircraft struck a bakery in Suran (Mhardeh district, Aleppo).", gazetteer)
    assert km_from(found["Suran"], 36.56579, 37.2127) <= 5
    assert found["Suran"].context == "Aleppo"


def test_a_list_is_no_chain(gazetteer):
    # "the Far East, the Middle East, Italy": Italy is one more item, not where the Far East lies
    found = mentions("Veterans who served in the Far East, the Middle East, Italy and North Africa gathered.",
                     gazetteer)
    assert "Far" not in found
    assert found["Middle East"].feature == "region"


def test_the_same_name_in_brackets_is_the_exact_town_not_a_spelling_of_another(gazetteer):
    # Burkina Faso: Boundoré, Yagha (GeoNames 12076761), not Bondoura 500 km south-west (a variant spelling)
    found = find_mentions("Displaced families reached Boundoré (Boundoré, Yagha province) after the attack.",
                          gazetteer)
    towns = [m for m in found if m.text == "Boundoré"]
    assert towns and all(km_from(m, 13.44114, 0.90735) <= 5 for m in towns)


def test_a_region_read_with_the_town_it_contains(gazetteer):
    # Chile: Nogales of Valparaíso region (GeoNames 3878575), not Nogales of Mexico beside a Valparaíso
    # of Zacatecas
    found = mentions("Copper miners went on strike at Nogales (Valparaiso) over unpaid bonuses.", gazetteer)
    assert km_from(found["Nogales"], -32.71667, -71.23333) <= 5
    assert found["Valparaiso"].country == "CL"


def test_a_place_its_division_and_its_country_are_an_address_not_a_list(gazetteer):
    # Sudan: "Tur, North Darfur, Sudan": Tur (in no gazetteer's North Darfur) lies in North Darfur, not
    # at Tours in France; the province point is Natural Earth's.
    found = mentions("Gunmen attacked Tur, North Darfur, Sudan on Monday.", gazetteer)
    assert found["Tur"].country == "SD" and found["Tur"].name == found["North Darfur"].name
    # Brazil: São Gonçalo of Rio de Janeiro state (GeoNames 3449072), not São Gonçalo on Madeira.
    found = mentions("Police raided a house in Sao Goncalo, Rio de Janeiro, Brazil.", gazetteer)
    assert km_from(found["Sao Goncalo"], -22.82694, -43.05389) < 5
    # "..., the Military Police": no place follows the comma, so no list either
    found = mentions("On 3 May, in Sao Goncalo, Rio de Janeiro, the Military Police raided a house.", gazetteer)
    assert km_from(found["Sao Goncalo"], -22.82694, -43.05389) < 5


def test_cities_of_one_country_before_its_name_stay_a_list(gazetteer):
    # Nigeria: "Kano, Kaduna, Nigeria and Accra": Kano (GeoNames 2335204) is not put in Kaduna State,
    # and Kaduna stays the city (GeoNames 2335727)
    found = mentions("Protests spread to Kano, Kaduna, Nigeria and Accra.", gazetteer)
    assert km_from(found["Kano"], 12.00012, 8.51672) < 5 and km_from(found["Kaduna"], 10.52641, 7.43879) < 5


def test_a_people_s_name_after_a_comma_is_no_area(gazetteer):
    # West Bank: "in Jenin, Israeli forces": Jenin (GeoNames 283506) is not put in Israel for the demonym
    found = mentions("During an arrest raid in Jenin, Israeli forces shot a Palestinian teenager.", gazetteer)
    assert found["Jenin"].country == "PS" and km_from(found["Jenin"], 32.46181, 35.30061) < 5


def test_a_spelling_of_a_village_outside_the_division_named_is_no_reading(gazetteer):
    # Yemen: "Al Hummah" is spelled like Humah of Taiz (180 km away); the text names Al Bayda only,
    # where no such village is known: left unresolved rather than put in another governorate
    for text in ("Government forces took control of Al Hummah hill and the Yasbil checkpoint (As Sawadiyah, "
                 "Al Bayda) on Thursday.",
                 "Houthi fighters shelled Al Hummah on Friday, the governor of Al Bayda province said."):
        found = mentions(text, gazetteer)
        assert "Al Hummah" not in found or km_from(found["Al Hummah"], 14.2903, 45.3371) < 150, found["Al Hummah"].name


def test_a_division_named_twice_is_the_one_that_holds_the_village(gazetteer):
    # Afghanistan: Natural Earth also calls Panjshir's old area "Parwan"; "Ghorband district, Parwan" is the
    # Ghorband of GeoNames' Parwan (AF.40; geonameid 1145835), not that other Parwan
    found = mentions("Taliban fighters attacked a police checkpoint in Ghorband district, Parwan, on Sunday.",
                     gazetteer)
    assert km_from(found["Ghorband"], 34.98639, 68.70833) < 5
    assert found["Parwan"].admin1 == "AF.40"
    # Ukraine: a town the main index holds in the division named stays where it is (GeoNames 711635)
    found = mentions("Russian missiles hit Borodianka, Kyiv, overnight.", gazetteer)
    assert km_from(found["Borodianka"], 50.64306, 29.92329) < 5


def test_a_name_repeated_alone_in_brackets_is_its_province(gazetteer):
    # Argentina: "San Juan (San Juan)" is the town (GeoNames 3837213) in San Juan province, not San Juan of
    # Puerto Rico (400,000 people); the name in brackets is the province
    found = [m for m in find_mentions("Prisoners rioted in San Juan (San Juan) on Tuesday.", gazetteer)]
    town, province = found
    assert km_from(town, -31.53726, -68.52568) < 5 and province.feature == "province" and province.country == "AR"
    # the same holds where the readings already agree ("Santa Fe (Santa Fe)"), and a twin with the
    # province after a comma is the town read inside the brackets ("Hays (Hays, Al Hudaydah)")
    found = [m for m in find_mentions("Teachers protested in Santa Fe (Santa Fe) on Monday.", gazetteer)]
    assert [(m.feature, m.country) for m in found] == [("town", "AR"), ("province", "AR")]
    found = [m for m in find_mentions("Police clashed with looters in Hays (Hays, Al Hudaydah).", gazetteer)]
    assert [m.feature for m in found] == ["town", "town", "province"]


def test_a_list_of_states_puts_no_state_inside_the_next(gazetteer):
    # India: "Uttar Pradesh, Bihar, Madhya Pradesh" is a list: Bihar is read in Bihar state (IN.34), not as
    # Baihar, a town of Madhya Pradesh that GeoNames also calls Bihar; "Paris, Tenn." still lies in Tennessee
    found = mentions("Migrant workers demanded transport to their homes in Uttar Pradesh, Bihar, Madhya Pradesh "
                     "and Odisha.", gazetteer)
    assert found["Bihar"].admin1 == "IN.34"
    assert mentions("Gunmen attacked Paris, Tenn. on Monday.", gazetteer)["Paris"].admin1 == "US.TN"
