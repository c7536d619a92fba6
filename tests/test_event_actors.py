"""Who did it: the actor of a record across conflicts, and no one when the report does not say."""

import datetime as dt

import pytest

from geo.extract.annotate import annotate
from geo.extract.events import extract_records
from geo.io.reports import report_from_text


def first_record(text, gazetteer, actors):
    report = report_from_text(text, report_id="a", published=dt.date(2020, 5, 1))
    [record, *_] = extract_records(annotate(report, gazetteer=gazetteer, actors=actors))
    return record


@pytest.mark.parametrize("text, actor", [
    ("Coalition aircraft bombed Saada in Yemen.", "Saudi-led coalition"),  # Yemen: the coalition there
    ("Coalition aircraft bombed Raqqa in Syria.", "US-led coalition"),  # Syria: the coalition there
    ("Al-Shabaab fighters attacked a base in Baidoa.", "al-Shabaab"),  # Somalia
    ("RSF militiamen attacked the village of Tur in Central Darfur.", "Rapid Support Forces"),  # Sudan
])
def test_the_actor_is_the_one_of_that_war(gazetteer, actors, text, actor):
    assert first_record(text, gazetteer, actors).actor == actor


def test_an_either_or_subject_leaves_the_actor_unsaid(gazetteer, actors):  # Syria
    text = "Russian jets bombed Homs on Sunday. Syrian or Russian warplanes struck Saraqib on Monday."
    report = report_from_text(text, report_id="a", published=dt.date(2020, 5, 1))
    records = extract_records(annotate(report, gazetteer=gazetteer, actors=actors))
    assert [(r.place, r.actor) for r in records] == [("Homs", "Russia"), ("Saraqib", None)]


@pytest.mark.parametrize("text, actor, actor2", [
    ("Kurdish forces killed nine ISIL fighters near Tal Tamr.", "Kurdish forces", "Islamic State"),  # Syria
    ("Five Houthi fighters were killed by Saudi-led coalition airstrikes in Saada.", "Saudi-led coalition",
     "Houthis"),  # Yemen
    ("Fighting between GNA forces and Haftar's forces flared in Tripoli.", "Government of National Accord",
     "Libyan National Army"),  # Libya
    ("Dozo militiamen burned a Fulani village near Bankass.", "Dozo militiamen", None),  # Mali: kept as named
])
def test_the_record_names_who_did_it_and_to_whom(gazetteer, actors, text, actor, actor2):
    record = first_record(text, gazetteer, actors)
    assert (record.actor, record.actor2) == (actor, actor2)


def test_no_actor_comes_from_the_sentence_before_unless_it_points_back(gazetteer, actors):  # Ukraine
    text = ("Russian drones struck Odesa on Monday. A car bomb exploded in Kherson on Tuesday. "
            "They also struck Mykolaiv on Wednesday.")
    report = report_from_text(text, report_id="a", published=dt.date(2023, 5, 1))
    records = extract_records(annotate(report, gazetteer=gazetteer, actors=actors))
    # "they": the actor named last, not the bomb's (unsaid) one
    assert [r.actor for r in records] == ["Russia", None, "Russia"]


@pytest.mark.parametrize("text, actor", [
    # Kashmir: the forces of a country the dictionary has no row for, named by its country.
    ("On 1 May 2021, military forces of India and Pakistan exchanged fire across the LoC at Poonch.", "India"),
    # Azerbaijan: "troops of Azerbaijan shelled villages near Tartar".
    ("On 2 May 2021, troops of Azerbaijan shelled villages near Tartar.", "Azerbaijan"),
])
def test_the_forces_of_a_country_are_its_state(gazetteer, actors, text, actor):
    assert first_record(text, gazetteer, actors).actor == actor


@pytest.mark.parametrize("text, actor, actor2", [
    ("On 2 May 2021, al-Shabaab and Somali soldiers exchanged fire near Afgooye.", "al-Shabaab",
     "Somali National Army"),  # Somalia
    ("On 1 May 2021, military forces of India and Pakistan exchanged fire across the LoC at Poonch.", "India",
     "Pakistan"),  # Kashmir
])
def test_two_sides_that_exchanged_fire_are_both_parties(gazetteer, actors, text, actor, actor2):
    record = first_record(text, gazetteer, actors)
    assert (record.actor, record.actor2) == (actor, actor2)


@pytest.mark.parametrize("text, sub", [
    ("On 6 May 2021, the SDF arrested four people in Raqqa on charges of joining IS.",
     "Abduction/forced disappearance"),  # Syria: an armed group's detentions
    ("On 6 May 2021, al-Shabaab militants detained two elders in Jilib.", "Abduction/forced disappearance"),  # Somalia
    ("On 6 May 2021, police arrested four people in Kano.", "Arrests"),  # Nigeria: the state's
])
def test_arrests_by_an_armed_group_are_abductions(gazetteer, actors, text, sub):
    assert first_record(text, gazetteer, actors).sub_event_type == sub


def test_a_claim_of_responsibility_names_the_attack_s_unnamed_doer(gazetteer, actors):
    # Somalia, Afghanistan, Burkina Faso: the claim comes after the attack, in its own sentence.
    def actor_of(text):
        return _event_actors(text, gazetteer, actors)

    assert actor_of("A suicide bomber blew himself up at a beach in Mogadishu on Friday. "
                    "Al-Shabaab claimed responsibility for the attack.") == ["al-Shabaab"]
    assert actor_of("Gunmen killed nine soldiers near Djibo on Sunday. JNIM claimed the attack on Monday.") == ["JNIM"]
    # a doer the attack's sentence names is kept: the claim of another is no reading of it
    assert actor_of("Taliban fighters attacked a checkpoint in Kunduz on Sunday. "
                    "Islamic State claimed responsibility for the attack.") == ["Taliban"]


@pytest.mark.parametrize("text, actor", [
    # Syria, Sudan: a government's weapons named without its country are read by where the text is.
    ("Regime artillery shelled the outskirts of Sarmin in Idlib province.", "Syrian government"),
    ("Government warplanes bombed Nyala in South Darfur.", "Sudanese Armed Forces"),
    ("Regime helicopters dropped barrel bombs on Daraya near Damascus.", "Syrian government"),
])
def test_a_government_s_weapons_are_read_by_the_report_s_country(gazetteer, actors, text, actor):
    assert _event_actors(text, gazetteer, actors) == [actor]


def _event_actors(text, gazetteer, actors):
    """The actor of each event record of ``text`` read as a report of 1 April 2024."""
    doc = annotate(report_from_text(text, report_id="e", published=dt.date(2024, 4, 1)), gazetteer=gazetteer,
                   actors=actors)
    return [r.actor for r in extract_records(doc) if r.kind == "event"]


@pytest.mark.parametrize("text, actor", [
    ("On 4 May 2021, Imbonerakure attacked a local leader in Ruyigi.", "Imbonerakure"),  # Burundi: one word, no English
    ("On Sunday, Dahalo raided cattle from herders near Analalava.", "Dahalo"),  # Madagascar
    ("On 3 May 2021, the BLA blew up a railway track near Sibi.", "BLA"),  # Pakistan: "blew up" is harm
    # Yemen: a name of ordinary words, capitalised to its word for armed men, in a sentence in lower case
    ("On 28 April 2021, the National Resistance Forces fired mortar shells at Houthi positions in Hays.",
     "National Resistance Forces"),
    ("On 28 April 2021, the Amajid Brigade took control of Dhirwah, Al Bayda.", "Amajid Brigade"),  # Yemen: a brigade
])
def test_an_actor_the_dictionary_lacks_is_kept_as_the_text_names_it(gazetteer, actors, text, actor):
    assert first_record(text, gazetteer, actors).actor == actor


def test_an_english_word_before_a_verb_of_harm_is_no_actor(gazetteer, actors):  # United Kingdom
    assert first_record("On Monday, Smith attacked the new policy in London.", gazetteer, actors).actor is None


def test_the_scene_s_actor_is_the_actor_of_the_event_told_next(gazetteer, actors):  # Nigeria
    text = ("On 3 May 2021, in Zaria, Kaduna state, police went to a hideout of kidnappers. A gunfight broke out and "
            "two suspects were killed.")
    assert first_record(text, gazetteer, actors).actor == "police"


@pytest.mark.parametrize("text, actor", [
    ("On 9 May 2021, the Afghan government released 67 Taliban prisoners from the prison in Bagram.",
     "Afghan government"),  # Afghanistan
    ("On Monday, Nigerian authorities arrested 12 protesters in Lagos.", "Nigerian authorities"),  # Nigeria
    ("On Monday, the Obama regime struck targets near Mosul.", None),  # a person's name makes no state actor
])
def test_a_demonym_s_government_or_authorities_are_a_state_actor(gazetteer, actors, text, actor):
    assert first_record(text, gazetteer, actors).actor == actor


@pytest.mark.parametrize("text, actor", [
    ("Police found the body of a man with gunshot wounds near Goma.", None),  # DR Congo: the finder did not kill him
    ("Afghan soldiers recovered the bodies of two farmers with their hands tied in Ghazni.", None),  # Afghanistan
    ("Gunmen killed a trader near Goma; police later found his body.", "gunmen"),  # the killer is still told
])
def test_who_finds_the_dead_is_not_who_killed_them(gazetteer, actors, text, actor):
    assert first_record(text, gazetteer, actors).actor == actor


@pytest.mark.parametrize("text, actor", [
    # Ukraine: the monitors who observed the fire did not fire
    ("The OSCE SMM observed 29 explosions and bursts of fire involving small arms near Avdiivka.", None),
    # Yemen: what the residents saw, the Houthis did
    ("Residents saw Houthi fighters shell homes in Taiz.", "Houthis"),
])
def test_who_saw_it_is_not_who_did_it(gazetteer, actors, text, actor):
    assert first_record(text, gazetteer, actors).actor == actor
