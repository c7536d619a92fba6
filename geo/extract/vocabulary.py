"""The event vocabulary: ACLED's codebook of event and sub-event types, and the trigger lemmas
that say each of them.

The one place that names the types; every other module (triggers, events, merge, claims, the
filters and legend, the export) imports them from here.

Records of kind "event" take ACLED's ``event_type`` and ``sub_event_type`` (ACLED Codebook,
acleddata.com, "Event Types and Sub-Event Types"; 2019 and later). Two of the codebook's
sub-event types are never given: "Chemical weapon" and "Sexual violence" (a rule from words
alone would mislabel more than it finds), and "Change to group/activity". Assets and positions keep their own types
(``deployment``, ``transit``, ``position``) with no sub-event type; claims are ``distance claim``.

``TRIGGER_LEMMAS`` maps the lemma of a trigger word (as LemmInflect gives it: "shelled" ->
"shell", "kidnapped" -> "kidnap") to the sub-event type the word says when nothing around it
says otherwise; ``geo.extract.triggers`` reads the neighbours (aircraft in the sentence, a
civilian target, a protest, the government retaking a town) and may choose another.
"""

from __future__ import annotations

__all__ = ["BATTLES", "EXPLOSIONS", "VIOLENCE_AGAINST_CIVILIANS", "PROTESTS", "RIOTS", "STRATEGIC",
           "ACLED_TYPES", "EVENT_TYPES", "SUB_EVENT_TYPES", "TYPE_OF", "VIOLENT_TYPES", "TRIGGER_LEMMAS",
           "ASSET_TYPES", "ASSET_LEMMAS", "POSITION_TYPE", "CLAIM_TYPE", "event_type_of", "codebook_order", "type_label", "ACTS"]

BATTLES = "Battles"
EXPLOSIONS = "Explosions/Remote violence"
VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"

# ACLED's event types and their sub-event types, in the codebook's order.
ACLED_TYPES: dict[str, tuple[str, ...]] = {
    BATTLES: ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    EXPLOSIONS: ("Air/drone strike", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
                 "Suicide bomb", "Grenade"),
    VIOLENCE_AGAINST_CIVILIANS: ("Attack", "Abduction/forced disappearance"),
    PROTESTS: ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    RIOTS: ("Violent demonstration", "Mob violence"),
    STRATEGIC: ("Arrests", "Agreement", "Disrupted weapons use", "Headquarters or base established",
                "Looting/property destruction", "Non-violent transfer of territory", "Other"),
}
EVENT_TYPES: tuple[str, ...] = tuple(ACLED_TYPES)
SUB_EVENT_TYPES: tuple[str, ...] = tuple(sub for subs in ACLED_TYPES.values() for sub in subs)
TYPE_OF: dict[str, str] = {sub: kind for kind, subs in ACLED_TYPES.items() for sub in subs}
# Events that are violence done at a place: they take the fatality figures of their sentence
# and are what a distance claim ("55 km from the airstrikes") measures from.
VIOLENT_TYPES: tuple[str, ...] = (BATTLES, EXPLOSIONS, VIOLENCE_AGAINST_CIVILIANS)

ASSET_TYPES = ("deployment", "transit")
_VERB_PAST = ("VBD", "VBN")
# asset type -> (lemma, Penn tags of its forms that say it): "sent", "deployments", "crossing".
ASSET_LEMMAS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "transit": (("cross", ("VB", "VBD", "VBN", "VBG")), ("pass", ("VBD", "VBN", "VBG")),
                ("sail", ("VBD", "VBN", "VBG")), ("transit", ("VBD", "VBN", "VBG"))),
    "deployment": (("move", _VERB_PAST), ("send", (*_VERB_PAST, "VBG", "VBZ")), ("deploy", (*_VERB_PAST, "VBG", "VBZ")),
                   ("deployment", ("NN", "NNS")), ("arrive", (*_VERB_PAST, "VBG")), ("station", _VERB_PAST),
                   ("build-up", ("NN",)), ("buildup", ("NN",)), ("reinforce", ("VB", *_VERB_PAST)),
                   ("reinforcement", ("NNS",)), ("fly", ("VBN",)), ("ship", _VERB_PAST), ("deliver", _VERB_PAST)),
}
POSITION_TYPE = "position"
CLAIM_TYPE = "distance claim"

AIR = "Air/drone strike"
SHELLING = "Shelling/artillery/missile attack"
IED = "Remote explosive/landmine/IED"
SUICIDE = "Suicide bomb"
GRENADE = "Grenade"
CLASH = "Armed clash"
REGAINS = "Government regains territory"
OVERTAKES = "Non-state actor overtakes territory"
ATTACK = "Attack"
ABDUCTION = "Abduction/forced disappearance"
PEACEFUL = "Peaceful protest"
INTERVENTION = "Protest with intervention"
EXCESSIVE = "Excessive force against protesters"
VIOLENT_DEMONSTRATION = "Violent demonstration"
MOB = "Mob violence"
ARRESTS = "Arrests"
AGREEMENT = "Agreement"
DISRUPTED = "Disrupted weapons use"
BASE = "Headquarters or base established"
LOOTING = "Looting/property destruction"
TRANSFER = "Non-violent transfer of territory"
OTHER = "Other"


def _each(sub: str, *words: str) -> dict[str, str]:
    return dict.fromkeys(words, sub)


# lemma -> the sub-event type it says by default.
TRIGGER_LEMMAS: dict[str, str] = {
    **_each(AIR, "airstrike", "sortie", "air-strike", "airstrikes"),
    **_each(SHELLING, "shell", "shelling", "bombard", "bombardment", "mortar", "rocket", "artillery", "missile",
            "howitzer", "katyusha", "projectile"),
    **_each(IED, "ied", "vbied", "landmine", "detonate", "explode", "explosion", "blast", "bomb", "bombing"),
    **_each(SUICIDE, "suicide"),
    **_each(GRENADE, "grenade"),
    **_each(CLASH, "attack", "clash", "offensive", "assault", "storm", "ambush", "skirmish", "firefight", "gunfight",
            "fight", "battle", "repel", "repulse", "raid", "shootout", "shoot-out", "gunshot", "gunfire"),
    **_each(OVERTAKES, "capture", "seize", "overrun"),
    **_each(REGAINS, "recapture", "retake", "regain", "liberate"),
    **_each(ATTACK, "assassinate", "execute", "behead", "massacre", "murder", "stab", "torture", "lynch"),
    **_each(ABDUCTION, "abduct", "kidnap", "abduction", "kidnapping", "hostage"),
    **_each(PEACEFUL, "protest", "protester", "demonstrate", "demonstration", "demonstrator", "rally", "march",
            "sit-in", "picket"),
    **_each(VIOLENT_DEMONSTRATION, "riot", "rioter", "torch", "vandalise", "vandalize"),
    **_each(MOB, "mob"),
    **_each(ARRESTS, "arrest", "detain", "apprehend"),
    **_each(LOOTING, "loot", "plunder", "pillage", "ransack", "arson", "steal", "rustle"),
    **_each(DISRUPTED, "defuse", "intercept"),
    **_each(AGREEMENT, "agree", "agreement", "ceasefire", "truce", "accord", "treaty"),
    **_each(TRANSFER, "withdraw", "handover"),
    **_each(OTHER, "meet", "meeting", "talk", "summit", "conference", "negotiation", "negotiate"),
    # deaths and injuries with no other word for what happened: an attack on civilians when the
    # victims are civilians, otherwise a clash (see geo.extract.triggers)
    **_each(CLASH, "kill", "wound", "injure", "casualty", "death", "dead", "shoot", "beat"),
}


def event_type_of(sub_event_type: str) -> str:
    """ACLED's event type of a sub-event type ("Grenade" -> "Explosions/Remote violence")."""
    try:
        return TYPE_OF[sub_event_type]
    except KeyError:
        raise ValueError(f"Expected one of ACLED's sub-event types ({', '.join(SUB_EVENT_TYPES)}), "
                         f"instead got: {sub_event_type!r}.") from None


def codebook_order(types) -> list[str]:
    """Event or sub-event types, each once, in the codebook's order; others (``deployment``,
    ``position``, types of records read from older files) after them, sorted."""
    rank = {name: number for number, name in enumerate((*EVENT_TYPES, *SUB_EVENT_TYPES))}
    unique = {str(t) for t in types if t is not None and t == t}  # NaN != NaN
    return sorted(unique, key=lambda name: (rank.get(name, len(rank)), name))


def type_label(event_type: object, sub_event_type: object = None) -> str:
    """What a record is, for a tooltip or a table: the sub-event type when there is one
    ("Air/drone strike"), else the type ("deployment"); '' when neither is a string (a missing
    cell of a frame, None or NaN)."""
    return next((t for t in (sub_event_type, event_type) if isinstance(t, str) and t), "")

# Lemmas of doing harm or fighting, as verbs and nouns ("killed", "an airstrike", "clashes").
ACTS = frozenset({
    "attack", "strike", "airstrike", "raid", "bomb", "bombing", "bombard", "bombardment", "shell", "shelling", "hit",
    "target", "shoot", "fire", "gunfire", "mortar", "grenade", "ied", "detonate",
    "explode", "explosion", "blast", "blow", "kill", "wound", "injure", "assassinate", "ambush", "assault", "storm",
    "offensive", "operation", "incursion", "capture", "seize", "overrun", "recapture", "retake", "besiege", "pound",
    "invade", "abduct", "kidnap", "arrest", "detain", "execute", "behead", "massacre", "murder", "stab", "rape",
    "torture", "beat", "loot", "burn", "torch", "destroy", "repel", "repulse", "clash", "skirmish", "firefight",
    "gunfight", "fight", "fighting", "battle", "engage", "exchange", "trade", "suffer", "lose", "casualty", "death",
    "dead", "protest", "demonstrate", "demonstration", "rally", "march", "gather", "riot", "chant"})
