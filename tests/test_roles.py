"""Who did it and to whom: the agent and the target read by voice and prepositions, on
sentences of our own from many wars (geo.extract.roles through the records it gives)."""

import datetime as dt

import pytest

from geo.extract.annotate import annotate
from geo.extract.events import extract_records
from geo.extract.roles import read_roles
from geo.io.reports import report_from_text


def document(text, gazetteer, actors):
    report = report_from_text(text, report_id="r", published=dt.date(2021, 6, 1))
    return annotate(report, gazetteer=gazetteer, actors=actors)


def roles_of(text, gazetteer, actors):
    """The roles of the first sentence's trigger."""
    doc = document(text, gazetteer, actors)
    [trigger, *_] = [t for t in doc.in_sentence("triggers", 0) if t.holder is None]
    return read_roles(doc, doc.sentences[0], (trigger.start, trigger.end), doc.in_sentence("actors", 0))


def records(text, gazetteer, actors):
    return [(r.actor, r.actor2) for r in extract_records(document(text, gazetteer, actors)) if r.kind == "event"]


@pytest.mark.parametrize("text, agent, target", [
    # active: the subject did it, the object suffered it
    ("Peshmerga fighters killed eight IS militants near Mosul.", "Peshmerga", "Islamic State"),  # Iraq
    ("Israeli jets struck Hamas positions in Khan Younis overnight.", "Israel", "Hamas"),  # Gaza
    ("JNIM militants ambushed a convoy of Burkinabe soldiers near Djibo.", "JNIM",
     "Burkina Faso armed forces"),  # Sahel
    ("Russian troops and Wagner fighters stormed Ukrainian positions near Bakhmut.", "Russia", "Ukraine"),  # Ukraine
    # passive: the one named after "by" did it; the subject suffered it
    ("Nine rebels were killed by Syrian army shelling in Idlib.", "Syrian government", "Syrian rebels"),  # Syria
    ("Two Taliban commanders died in an airstrike by Afghan commandos in Helmand.", "Afghan commandos",
     "Taliban"),  # Afghanistan
    ("Villagers in Sagaing were attacked by junta troops on Tuesday.", "Myanmar military", None),  # Myanmar
    ("Dozens of civilians were killed at the hands of RSF fighters in El Geneina.", "Rapid Support Forces",
     "civilians"),  # Sudan
    ("An Iraqi army patrol came under fire from IS gunmen near Kirkuk.", "Islamic State", "Iraq"),  # Iraq
    ("An IED planted by al-Shabaab hit a Somali army truck outside Mogadishu.", "al-Shabaab",
     "Somali National Army"),  # Somalia
    # no "be" before it, but a passive all the same
    ("Twelve Nigerian soldiers killed in an ambush near Maiduguri.", None, "Nigerian Army"),  # Nigeria
    # both sides of a clash
    ("Clashes between the Houthis and forces of the Southern Transitional Council broke out in Aden.", "Houthis",
     "Southern Transitional Council"),  # Yemen
    ("The Arakan Army clashed with the Tatmadaw near Paletwa.", "Arakan Army", "Myanmar military"),  # Myanmar
    ("Angry youths clashed with police in Conakry.", None, "police"),  # Guinea: the other side, no actor named
    # an answer to an attack: the attacker is the agent
    ("Somali troops repelled an attack by al-Shabaab fighters on a base near Kismayo.", "al-Shabaab",
     "Somali National Army"),  # Somalia
    # an ally named after "backed by" is no agent
    ("Iraqi troops, backed by coalition aircraft, attacked IS positions in Fallujah.", "Iraq", "Islamic State"),  # Iraq
    # whoever claims it
    ("Al-Shabaab claimed responsibility for a bombing that killed four soldiers in Baidoa.", "al-Shabaab",
     None),  # Somalia
])
def test_the_agent_and_the_target(gazetteer, actors, text, agent, target):
    roles = roles_of(text, gazetteer, actors)
    assert (roles.agent, roles.target) == (agent, target)


def test_the_target_is_never_taken_for_the_agent(gazetteer, actors):  # Syria
    roles = roles_of("Kurdish fighters shot dead three ISIS snipers in Raqqa.", gazetteer, actors)
    assert (roles.agent, roles.target) == ("Kurdish forces", "Islamic State")
    passive = roles_of("Three ISIS snipers were shot dead in Raqqa.", gazetteer, actors)
    assert (passive.agent, passive.target) == (None, "Islamic State")


def test_alternatives_leave_the_agent_uncertain(gazetteer, actors):  # Syria
    roles = roles_of("Syrian or Russian warplanes struck a market in Ariha.", gazetteer, actors)
    assert roles.agent is None and roles.uncertain
    assert roles.alternatives == ("Syrian government", "Russia")


def test_no_actor_is_carried_from_another_sentence(gazetteer, actors):  # Syria
    text = "Russian jets bombed Homs on Sunday. Shelling hit Hama on Monday."
    assert records(text, gazetteer, actors) == [("Russia", None), (None, None)]


@pytest.mark.parametrize("text, actor", [
    ("Boko Haram fighters attacked Konduga on Monday. The group also raided Dikwa on Tuesday.",
     "Boko Haram"),  # Nigeria
    ("Houthi fighters shelled Taiz on Monday. They also struck Marib on Tuesday.", "Houthis"),  # Yemen
])
def test_a_sentence_that_points_back_takes_the_actor_told_before(gazetteer, actors, text, actor):
    assert [a for a, _ in records(text, gazetteer, actors)] == [actor, actor]


def test_a_speaker_after_the_event_is_neither_side(gazetteer, actors):  # Libya
    roles = roles_of("LNA forces shelled Mitiga airport in Tripoli, the GNA said.", gazetteer, actors)
    assert (roles.agent, roles.target) == ("Libyan National Army", None)


@pytest.mark.parametrize("text, agent", [
    ("Gunmen abducted at least 30 people in Sokoto state.", "gunmen"),  # Nigeria: "at least" is a figure
    ("Al-Shabaab militants killed at least 12 soldiers near Afgooye.", "al-Shabaab"),  # Somalia
    ("KANO, Nigeria, March 18 - Gunmen abducted 30 villagers in Zamfara state.", "gunmen"),  # a dateline is no actor
    ("GAO (Example) - JNIM fighters attacked an army post near Gao.", "JNIM"),  # Mali
    ("On March 18 gunmen killed five traders near Kidal.", "gunmen"),  # Mali: "March" the month, not a march
])
def test_the_subject_before_at_least_a_figure_did_it_and_a_dateline_is_nobody(gazetteer, actors, text, agent):
    assert records(text, gazetteer, actors)[0][0] == agent


@pytest.mark.parametrize("text, agent", [
    # DR Congo, Syria: the allies named in an aside ("including ...", "such as ...") are not the subject.
    ("The Congolese army and its allies, including Wazalendo militias, fought the rebels near Sake.", "FARDC"),
    ("Turkish forces and allied groups, such as the Sultan Murad Division, shelled villages near Manbij.", "Turkey"),
])
def test_allies_named_in_an_aside_are_not_the_doer(gazetteer, actors, text, agent):
    assert records(text, gazetteer, actors)[0][0] == agent


@pytest.mark.parametrize("text, agent, target", [
    # Mali: the army's vehicle set the IED off; the army was hit, not the attacker.
    ("A Malian army vehicle struck an IED near Boni.", None, "Malian Armed Forces"),
    # Turkey: "planted by PKK militants": the PKK did it.
    ("A roadside explosive planted by PKK militants detonated near Lice.", "Kurdistan Workers' Party", None),
])
def test_who_set_off_a_device_and_who_planted_it(gazetteer, actors, text, agent, target):
    assert records(text, gazetteer, actors)[0] == (agent, target)


@pytest.mark.parametrize("text, agent, target", [
    # Syria, Somalia: who "came under fire" was fired at; the one named after "by" fired.
    ("US forces came under rocket fire near Deir ez-Zor.", None, "United States"),
    ("A Somali army convoy came under attack by al-Shabaab near Afgooye.", "al-Shabaab", "Somali National Army"),
])
def test_who_came_under_fire_was_its_target(gazetteer, actors, text, agent, target):
    assert records(text, gazetteer, actors)[0] == (agent, target)
