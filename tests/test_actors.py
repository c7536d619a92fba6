"""The actor dictionary and matcher: sentences from many wars, words that must not become
actors, and the ambiguity rules (a bare "coalition" read from the document's places, an
alternation "Syrian or Russian warplanes" naming no single actor)."""

import pytest

from geo.extract.actors import AMBIGUOUS, ActorMention, document_countries, mark_actors, resolve_ambiguous
from geo.extract.document import Document
from geo.extract.places import mark_mentions
from geo.io.reports import report_from_text


def names(text, actors):
    return [m.actor.name for m in actors.find(text)]


def document(text, gazetteer, actors):
    doc = Document(report_from_text(text, report_id="t", title="T", outlet="O"))
    return mark_actors(mark_mentions(doc, gazetteer), actors)


@pytest.mark.parametrize("text, expected", [
    ("Houthi rebels fired drones at Marib; Ansar Allah said the Saudi-led coalition had struck Sanaa.",  # Yemen
     ["Houthis", "Houthis", "Saudi-led coalition"]),
    ("STC forces and Hadi forces clashed in Aden while AQAP militants attacked Emirati troops.",  # Yemen
     ["Southern Transitional Council", "Yemeni government", "Al-Qaeda in the Arabian Peninsula",
      "United Arab Emirates"]),
    ("Haftar's forces shelled Tripoli; GNA forces answered. Dbeibah government troops moved in.",  # Libya
     ["Libyan National Army", "Government of National Accord", "Libyan Government of National Unity"]),
    ("Al-Shabaab fighters attacked an ATMIS base; Somali National Army troops repelled them.",  # Somalia
     ["al-Shabaab", "African Union mission in Somalia", "Somali National Army"]),
    ("JNIM claimed the ambush near Djibo; Islamic State in the Greater Sahara fighters hit Menaka.",  # Sahel
     ["JNIM", "Islamic State Sahel"]),
    ("Malian soldiers and Wagner mercenaries, now the Africa Corps, entered Kidal.",  # Mali
     ["Malian Armed Forces", "Wagner Group", "Africa Corps"]),
    ("ISWAP overran a Nigerian Army base while Boko Haram, the JAS faction, raided Gwoza.",  # Nigeria
     ["Islamic State West Africa Province", "Nigerian Army", "Boko Haram", "Boko Haram"]),
    ("Fulani gunmen attacked farmers in Plateau State.", ["Fulani militia"]),  # Nigeria
    ("The Taliban and ISIS-K fought in Kunar after Afghan forces withdrew.",  # Afghanistan
     ["Taliban", "Islamic State Khorasan Province", "Afghan National Defense and Security Forces"]),
    ("The al-Qassam Brigades and Palestinian Islamic Jihad fired rockets; the IDF struck Gaza.",  # Gaza
     ["al-Qassam Brigades", "Palestinian Islamic Jihad", "Israel"]),
    ("Hezbollah fired on Israeli troops near the border.", ["Hezbollah", "Israel"]),  # Lebanon
    ("The Rapid Support Forces, once the Janjaweed, fought the Sudanese army in Omdurman.",  # Sudan
     ["Rapid Support Forces", "Rapid Support Forces", "Sudanese Armed Forces"]),
    ("SPLA-IO fighters clashed with troops in Upper Nile.", ["SPLA-IO"]),  # South Sudan
    ("The Tatmadaw bombed villages held by the Arakan Army and the Kachin Independence Army.",  # Myanmar
     ["Myanmar military", "Arakan Army", "Kachin Independence Army"]),
    ("Ukrainian forces repelled Russian troops near Bakhmut, the Kremlin said nothing.",  # Ukraine
     ["Ukraine", "Russia", "Russia"]),
    ("Iraqi security forces and the Hashd al-Shaabi pushed into Tal Afar.",  # Iraq
     ["Iraq", "Popular Mobilization Forces"]),
    ("HTS fighters attacked YPG positions; the SDF and Turkish Armed Forces traded fire with the PKK.",  # Syria
     ["Hayat Tahrir al-Sham", "People's Defense Units", "Syrian Democratic Forces", "Turkey",
      "Kurdistan Workers' Party"]),
    ("The TFSA advanced on Afrin.", ["Syrian National Army"]),  # Syria
    ("M23 rebels took Goma from the FARDC while Allied Democratic Forces raided Beni.",  # DRC
     ["March 23 Movement", "FARDC", "Allied Democratic Forces"]),
    ("Fano militiamen fought the ENDF in Gondar; the TPLF stayed out.",  # Ethiopia
     ["Fano", "Ethiopian National Defense Force", "Tigray People's Liberation Front"]),
    ("Protesters gathered and rioters burned tyres; two civilians were hurt.",
     ["protesters", "rioters", "civilians"]),
])
def test_actors_of_wars_worldwide(text, expected, actors):
    assert names(text, actors) == expected


@pytest.mark.parametrize("text", [
    "The situation is dire and is getting worse.",
    "Download the pdf file of the report.",
    "A safari in the saffron hills; an adfree rsfeed.",
    "Officials said the kia was parked; stc and lna were typos.",
    "The pmf readings and idf values were normal.",
])
def test_lower_case_words_are_no_actors(text, actors):
    assert actors.find(text) == []


def test_abbreviations_need_the_war_they_belong_to(gazetteer, actors):
    sudan = document("The RSF shelled El Fasher as SAF jets struck Nyala.", gazetteer, actors)
    assert [m.actor.name for m in sudan.actors] == ["Rapid Support Forces", "Sudanese Armed Forces"]
    elsewhere = document("Reporters in Berlin released a PDF; the RSF press office in Berlin agreed.", gazetteer,
                         actors)
    assert [m.actor.name for m in elsewhere.actors] == []  # no People's Defence Force, no Sudanese RSF
    myanmar = document("PDF fighters and the KIA attacked junta troops in Sagaing, Myanmar.", gazetteer, actors)
    assert [m.actor.name for m in myanmar.actors] == ["People's Defence Force", "Kachin Independence Army",
                                                      "Myanmar military"]


def test_the_coalition_is_read_from_the_places_of_the_document(gazetteer, actors):
    yemen = document("Coalition aircraft struck Hodeidah, Yemen, on Monday. The coalition said it hit a depot.",
                     gazetteer, actors)
    assert [m.actor.name for m in yemen.actors] == ["Saudi-led coalition", "Saudi-led coalition"]
    syria = document("Coalition aircraft struck Raqqa in Syria on Monday.", gazetteer, actors)
    assert [m.actor.name for m in syria.actors] == ["US-led coalition"]
    nowhere = document("The coalition said its aircraft had returned.", gazetteer, actors)
    [mention] = nowhere.actors
    assert mention.ambiguous and mention.actor.kind == AMBIGUOUS
    assert {a.name for a in mention.alternatives} == {"US-led coalition", "Saudi-led coalition"}


def test_resolve_ambiguous_weighs_the_countries_named_most(actors):
    [mention] = actors.find("government forces")
    assert resolve_ambiguous(mention, {"SO"}).name == "Somali National Army"
    assert resolve_ambiguous(mention, {"YE": 5, "SY": 1}).name == "Yemeni government"
    assert resolve_ambiguous(mention, {"YE": 2, "SY": 2}) is None  # a tie names no one
    assert resolve_ambiguous(mention, set()) is None
    [plain] = actors.find("Hezbollah")
    assert resolve_ambiguous(plain, {"YE"}).name == "Hezbollah"
    [sna] = actors.find("SNA")
    assert (resolve_ambiguous(sna, {"SO"}).name, resolve_ambiguous(sna, ["SY"]).name) == (
        "Somali National Army", "Syrian National Army")


def test_document_countries_counts_the_place_mentions(gazetteer, actors):
    doc = document("Government forces shelled Aden and Taiz in Yemen.", gazetteer, actors)
    assert document_countries(doc)["YE"] == 3
    assert [m.actor.name for m in doc.actors] == ["Yemeni government"]
    assert document_countries(Document(report_from_text("Nothing here.", report_id="t"))) == {}


@pytest.mark.parametrize("text, alternatives", [
    ("Syrian or Russian warplanes struck Ariha.", ("Syrian government", "Russia")),
    ("Russian or Syrian jets bombed the market.", ("Russia", "Syrian government")),
    ("It was unclear whether the Houthis or the Saudi-led coalition fired first.", ("Houthis", "Saudi-led coalition")),
    ("Either Ukrainian or Russian drones hit the plant.", ("Ukraine", "Russia")),
])
def test_an_alternation_names_no_single_actor(text, alternatives, actors):
    [mention] = actors.find(text)
    assert mention.ambiguous and tuple(a.name for a in mention.alternatives) == alternatives
    assert text[mention.start:mention.end] == mention.text
    assert resolve_ambiguous(mention, {"SY", "YE", "UA"}) is None


def test_an_alternation_stays_ambiguous_in_the_document(gazetteer, actors):
    doc = document("Syrian or Russian warplanes struck Ariha in Idlib.", gazetteer, actors)
    [mention] = doc.actors
    assert mention.ambiguous and [a.name for a in mention.alternatives] == ["Syrian government", "Russia"]


def test_and_joins_two_actors_not_an_alternation(actors):
    assert names("Syrian and Russian warplanes struck Ariha.", actors) == ["Russia"]
    assert names("Hamas and Israel agreed a truce.", actors) == ["Hamas", "Israel"]


def test_the_existing_api_keeps_working(actors):
    [mention] = actors.find("U.S.-led coalition jets struck Mosul.")
    assert mention == ActorMention(0, 18, "U.S.-led coalition", actors.get("US-led coalition"))
    assert not mention.ambiguous and mention.alternatives == ()
    assert actors.get("Russia").countries[0] == "RU" and actors.get("Russia").source.startswith("https://")


def test_every_row_cites_a_source_and_ambiguous_rows_name_actors(actors):
    assert all(actor.source.startswith("https://") for actor in actors.actors.values())
    for actor in actors.actors.values():
        assert all(reading.kind != AMBIGUOUS and reading.countries for reading in actor.readings)


def unlisted(text, gazetteer, actors):
    return [(m.text, m.actor.name, m.actor.kind) for m in document(text, gazetteer, actors).actors if not m.listed]


@pytest.mark.parametrize("text, expected", [
    ("Dozo militiamen attacked a Fulani camp near Mopti.",  # Mali
     [("Dozo militiamen", "Dozo militiamen", "communal militia")]),
    ("Fighters of Ansar Dine seized the town of Kidal.",  # Mali
     [("Fighters of Ansar Dine", "Ansar Dine", "armed group")]),
    ("CODECO rebels killed six villagers in Djugu.",  # DR Congo: the phrase over the generic "rebels"
     [("CODECO rebels", "CODECO rebels", "rebels")]),
    ("The Kenyan military shelled al-Shabaab camps near Kismayo.",  # Somalia
     [("Kenyan military", "Kenyan military", "state")]),
    ("On Tuesday unknown gunmen shot dead a judge in Kabul.",  # Afghanistan
     [("unknown gunmen", "unknown gunmen", "armed group")]),
    ("The FLA clashed with Malian troops near Anefis.",  # Mali: an acronym beside a trigger
     [("FLA", "FLA", "armed group")]),
    ("Shelling by the Zaporizhzhia People's Militia hit Vasylivka.",  # Ukraine
     [("Zaporizhzhia People's Militia", "Zaporizhzhia People's Militia", "communal militia")]),
])
def test_actors_the_dictionary_lacks_are_kept_as_named(gazetteer, actors, text, expected):
    assert unlisted(text, gazetteer, actors) == expected


@pytest.mark.parametrize("text", [
    "Security forces and Special Forces units deployed in Gao.",  # ordinary capitalised words
    "The Government forces withdrew on Monday; Police forces followed.",
    "Aleppo fighters were seen near the citadel.",  # a place is no actor
    "An IED exploded beside an APC near Kandahar; the AFP agency said nothing more.",  # weapons, an outlet
    "The NRC said aid to Goma was delayed.",  # an acronym with no trigger beside it
    "The gunmen fled towards Zamfara.",  # "the gunmen": a group told before
    "Reporters in Berlin released a PDF; the RSF press office in Berlin agreed.",  # dropped aliases stay dropped
])
def test_ordinary_words_places_and_weapons_are_no_unlisted_actors(gazetteer, actors, text):
    assert unlisted(text, gazetteer, actors) == []


def test_the_actor_of_a_compound_is_found(gazetteer, actors):  # Afghanistan
    doc = document("Two soldiers were hit by a Taliban-planted mine in Logar.", gazetteer, actors)
    assert [(m.text, m.actor.name) for m in doc.actors] == [("Taliban", "Taliban")]


def test_rebels_are_syrias_only_in_a_text_about_syria(gazetteer, actors):
    syria = document("Rebels shelled government areas of Aleppo.", gazetteer, actors)
    assert [(m.actor.name, m.listed) for m in syria.actors] == [("Syrian rebels", True)]
    congo = document("Rebels attacked a village near Beni in North Kivu.", gazetteer, actors)  # DR Congo
    assert [(m.actor.name, m.actor.kind, m.listed) for m in congo.actors] == [("rebels", "rebels", False)]


@pytest.mark.parametrize("text, name", [
    ("Islamic State-linked insurgents attacked the town of Macomia.", "Islamic State"),  # Mozambique
    ("Al-Shabaab-affiliated gunmen killed two elders near Baidoa.", "al-Shabaab"),  # Somalia
    ("Houthi-aligned forces shelled Hays.", "Houthis"),  # Yemen
])
def test_a_group_s_linked_or_aligned_men_are_the_group(actors, text, name):
    assert [m.actor.name for m in actors.find(text)] == [name]


def test_a_backer_is_not_the_actor(actors):  # Iraq: the militias are Iran's allies, not Iran
    assert [m.actor.name for m in actors.find("Iran-backed militias fired rockets at Erbil.")] == []


@pytest.mark.parametrize("text, names", [
    ("Pro-Houthi forces fired mortars at Hays.", ["Houthis"]),  # Yemen: the Houthis' own forces
    ("Pro-IS fighters attacked a checkpoint near Kirkuk.", ["Islamic State"]),  # Iraq
    ("Pro-Russian separatists shelled Avdiivka.", []),  # Ukraine: allies of a state are not its army
])
def test_pro_a_group_is_the_group_but_pro_a_state_is_not_the_state(actors, text, names):
    assert [m.actor.name for m in actors.find(text)] == names


def test_the_sdf_by_its_arabic_initials(actors):  # Syria: "QSD" (Quwwat Suriya al-Dimuqratiya), "Qasad"
    assert [m.actor.name for m in actors.find("QSD arrested four people in Raqqa; Qasad fighters patrolled.")] == [
        "Syrian Democratic Forces", "Syrian Democratic Forces"]
