"""Extraction, recognition: which runs of words in a text name a place.

Owns the recognition rules of stage 2 and the word lists they read. ``candidate_spans`` looks
up runs of capitalised words (with connectors such as "al-", "of", "de") in the gazetteer,
longest first; ``keep_name`` then drops names used as something else: common words
(``stoplist``, ``data/stoplist.txt``), parts of person or organisation names ("Ash Carter",
"Institute for the Study of War", surnames the document gives to people: ``people_names``), or
towns too small to be meant without a locative cue. ``plausible`` drops small towns reached only
through an unlike alternate name; ``demonym_spans`` finds adjectives of places ("Syrian");
``metonymic`` tells a capital or a government building standing for a government ("Moscow
denied", "the Pentagon said"); ``kind_hint`` reads the kind the text gives a name ("Homs
province", "the city of Homs").

In: normalised text, its words (``geo.extract.tokens``) and a ``Gazetteer``. Out: token ranges
and candidate places; choosing among the candidates is ``geo.extract.places``' and
``geo.gazetteer.resolve``'s.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from lemminflect import getAllLemmas
from rapidfuzz import fuzz

from ..gazetteer.index import Gazetteer, Place, name_key
from ..gazetteer.resolve import place_key
from ..gazetteer.variants import ARTICLE_WORDS
from .focus import by_own_name, notable
from .tokens import Words, joined, previous_word, sentence_start

__all__ = ["candidate_spans", "opens_name", "LOWER_ARTICLES", "names_a_way", "keep_name", "part_of_longer", "people_names", "demonym_spans", "plausible", "metonymic",
           "kind_hint", "stoplist", "LOCATIVE", "KIND_WORDS", "SPACED_ARTICLES"]

_ALIAS_MIN_POPULATION = 50_000
# Words after a name that say what kind of place it is ("Shah Wali Kot district", "Darraz Gard village").
KIND_WORDS = frozenset({"district", "sub-district", "subdistrict", "lga", "county", "municipality", "woreda", "commune",
                        "cercle", "department", "governorate", "province", "oblast", "raion", "township", "village",
                        "town", "camp", "neighbourhood", "neighborhood", "ward", "quarter", "hamlet"})
# Arabic articles written as a word of their own ("Mafraq ar Ruwayk"); not the ones that are
# English or Romance words too ("at", "an", "as", "ad", "el", "en", "es", "et", "il").
SPACED_ARTICLES = ARTICLE_WORDS - {"at", "an", "as", "ad", "el", "en", "es", "et", "il"}
_FIRST_NAMES = 1000
_STOPLIST = Path(__file__).resolve().parents[2] / "data" / "stoplist.txt"
_CONNECTORS = {"of", "the", "al", "el", "de", "del", "da", "di", "du", "la", "le", "les", "des",
               "upon", "on", "am", "bin", "ibn", "ad", "ar", "as", "az", "ez", "y", "and", "do", "dos", "das"}
_KIND_SUFFIXES = {"province", "governorate", "region", "oblast", "city", "strait", "sea", "river"}
# Words for a quarter or a settlement that open its name in languages of places beyond the villages'
# countries (Latin America, Brazil, the Maghreb, Indonesia): "Colonia Las Aves", "Vila Kennedy", "Jardim
# Angela", "Hay Oban Ramadan", "Kampung Baru" name a quarter, never the town called Colonia or Vila.
_DIVISION_OF = re.compile(r"\b[A-Z][\w'’-]*\)?\s+(?:district|sub-?district|county|municipality|commune|locality|LGA|"
                          r"woreda|tehsil|township|region|area)\s+of\s+(?:the\s+)?$")
_LAST_IN_BRACKETS = re.compile(r"\w\s*\([^(),]+,\s*$")  # "Okpanam (Oshimili North, " before the last item
_WAY_WORDS = frozenset({"road", "highway", "street", "avenue", "boulevard", "railway", "motorway", "expressway"})
# Words after a sea's name that make it a town's epithet: "the Red Sea port city of Hodeidah", "the Black Sea
# port of Odesa", "the Caspian resort town": the place is the town, not the sea.
_SEA_EPITHET = frozenset({"port", "ports", "city", "town", "resort", "harbour", "harbor"})
LOWER_ARTICLES = frozenset({"al", "el"})
_QUARTER_HEADS = frozenset({"colonia", "barrio", "bairro", "vila", "jardim", "favela", "fraccionamiento", "ejido",
                            "aldea", "vereda", "corregimiento", "poblado", "quartier", "cité", "hay", "hayy",
                            "kampung", "desa", "kelurahan", "barangay"})
_ARMED_MEN = {"fighters", "militiamen", "militia", "militias", "rebels", "insurgents", "militants", "gunmen"}
_GEO_NOUNS = {"region", "province", "governorate", "area", "areas", "city", "countryside", "suburbs", "lga", "woreda",
              "municipality", "commune", "cercle", "zone", "locality", "county", "subdistrict", "sub-district",
              "outskirts", "district", "valley", "border", "front", "coast", "airport", "port", "town", "village",
              "villages", "neighbourhood", "neighborhood", "camp", "sector", "frontline", "road", "highway"}
LOCATIVE = {"in", "at", "near", "from", "to", "into", "around", "outside", "inside", "across",
             "over", "through", "via", "toward", "towards", "of", "across", "throughout",
             "between", "within", "northern", "southern", "eastern", "western", "central",
             "north", "south", "east", "west", "entered", "reached", "left", "visited", "hit", "struck",
             "shelled", "attacked", "bombed", "bombarded", "captured", "recaptured", "stormed", "raided", "seized",
             "besieged", "overran", "targeted"}
_TITLES = {"president", "minister", "secretary", "general", "gen", "spokesman", "spokeswoman",
           "mr", "mrs", "ms", "dr", "sen", "senator", "rep", "governor", "king", "queen", "prince",
           "lt", "col", "sgt", "lieutenant", "colonel", "commander", "chief", "pope", "sheikh",
           "ambassador", "admiral", "director", "envoy", "judge"}
_ORG_HEADS = {"institute", "university", "ministry", "department", "council", "committee",
              "agency", "organization", "organisation", "foundation", "center", "centre",
              "commission", "party", "bank", "court", "museum", "school", "college", "hospital",
              "times", "post", "journal", "news", "herald", "tribune", "airlines", "airways",
              "corporation", "company", "group", "club", "fc", "association", "society", "front",
              "army", "force", "forces", "brigade", "brigades", "movement", "network", "channel",
              "review", "press", "daily", "television", "radio", "magazine", "gazette", "state"}
# Bodies often named with a word that is also a small town's name ("Badr Organization", "Papa Group").
_NAMED_BODIES = {"organization", "organisation", "group", "company", "corporation", "brigade", "brigades", "battalion",
                 "movement", "party", "front", "council", "committee", "foundation", "association", "network"}
_COORDINATED = re.compile(r"^\s+and\s+(?:[A-Z][\w’'-]+\s+){1,2}(?=[a-z])")
_SPEECH = re.compile(
    r"^\s*(?:,\s*which\s+|\s*officials?\s+|\s*has\s+|\s*had\s+|\s*have\s+|\s*would\s+|\s*will\s+)?"
    r"(?:said|says|say|denied|denies|deny|announced|announces|accused|accuses|warned|warns|"
    r"insisted|insists|claimed|claims|wants|want|demanded|demands|rejected|rejects|agreed|agrees|"
    r"believes|believed|fears|feared|told|tells|urged|urges|called|calls|decided|decides|"
    r"refused|refuses|responded|responds|confirmed|confirms|backs|backed|supports|supported|"
    r"reiterated|reiterates|noted|notes|added|adds|stressed|stresses|argued|argues|wrote|writes|"
    r"suggested|suggests|explained|explains|met|meets|spoke|speaks|asked|asks|"
    r"is\s+(?:open|unlikely|likely|ready|willing|concerned)|was\s+(?:open|unlikely|ready))\b",
    re.I)
_PEOPLE_NOUNS = re.compile(r"^\s*(?:officials?|spokes(?:man|woman|person)|sources?|authorities)\b", re.I)
_POSSESSIVE_AGENT = re.compile(
    r"^['’]s\s+(?:\w+\s+){0,2}?(?:buildup|build-up|intentions?|decision|goals?|annexation|"
    r"intervention|campaign|involvement|move|request|position|policy|support|military|forces|"
    r"officials?|government|leaders?|actions?|strikes?|airstrikes?|bombing|invasion|ally|allies)\b",
    re.I)


def _census_names(files: tuple[str, ...], top: int) -> frozenset[str]:
    """The ``top`` most common names of the 1990 US Census lists shipped by the
    ``names`` package (lines: NAME, frequency %, cumulative %, rank)."""
    import names

    folder = Path(names.__file__).parent
    found = set()
    for file in files:
        for line in (folder / file).read_text(encoding="ascii").splitlines():
            parts = line.split()
            if len(parts) == 4 and int(parts[3]) <= top:
                found.add(parts[0].lower())
    return frozenset(found)


@lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    return _census_names(("dist.male.first", "dist.female.first"), _FIRST_NAMES)


@lru_cache(maxsize=1)
def stoplist() -> frozenset[str]:
    lines = _STOPLIST.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def candidate_spans(text: str, tokens: Words, gazetteer: Gazetteer):
    """Yield (first, last, places, loose) for the longest gazetteer names, left to right."""
    i, n = 0, len(tokens)
    while i < n:
        article = tokens[i].text in LOWER_ARTICLES and opens_name(text, tokens, i)
        if not (tokens[i].capitalised or article) or tokens[i].text in ("The", "the"):
            i += 1
            continue
        found = None
        last = i
        while last + 1 < n and last - i + 1 < gazetteer.max_words and joined(text, tokens[last], tokens[last + 1]):
            nxt = tokens[last + 1]
            if not (nxt.capitalised or nxt.text.lower() in _CONNECTORS or nxt.text.lower() in _KIND_SUFFIXES):
                break
            last += 1
        for j in range(last, i if article else i - 1, -1):
            end_token = tokens[j]
            if j == i and _demonym(gazetteer, end_token.text) is not None:
                continue  # "Syrian" is a demonym before it is a town somewhere
            if not (end_token.capitalised or end_token.text.lower() in _KIND_SUFFIXES):
                continue
            surface = text[tokens[i].start:end_token.end]
            places = gazetteer.lookup(surface)
            if places:
                found = (i, j, places, False)
                break
        if found is None and article:
            i += 1  # the name without its article, read as any other
            continue
        goes_on = i + 1 < n and joined(text, tokens[i], tokens[i + 1]) and tokens[i + 1].capitalised
        if found is None and previous_word(text, tokens[i].start) in LOCATIVE and not goes_on:  # not "Gana" of "Gana Ropp"
            surface = tokens[i].text
            loose = gazetteer.lookup_loose(surface) if len(surface) >= 4 else []
            if loose and surface.lower() not in stoplist() and _demonym(gazetteer, surface) is None:
                found = (i, i, [place for place, _ in loose], True)
        if found:
            yield found
            i = found[1] + 1
        else:
            i += 1


def opens_name(text: str, tokens: Words, index: int) -> bool:
    """True when token ``index`` is an Arabic article in lower case that opens a name: "al
    Khadir", "el Marj" (a space, then a capitalised word; not the "al" of "et al")."""
    return (tokens[index].text in LOWER_ARTICLES and index + 1 < len(tokens) and tokens[index + 1].capitalised
            and text[tokens[index].end:tokens[index + 1].start] == " " and previous_word(text, tokens[index].start) != "et")


@lru_cache(maxsize=4096)
def _english_word(word: str) -> bool:
    """True when ``word`` is a capitalised word (no acronym: "US") whose lower case is in
    LemmInflect's English dictionary ("Drug")."""
    return len(word) > 2 and word[:1].isupper() and word[1:].islower() and bool(getAllLemmas(word.lower()))


def _notable(places: list[Place]) -> bool:
    """True when a name is surely a place: a country, province, sea or region, or a city of 100k."""
    return any(p.feature != "town" or p.population >= 100_000 for p in places)


def _major(places: list[Place]) -> bool:
    """A country, sea or region, or a city of a million: too big to be a person's name."""
    return any(p.feature in ("country", "water", "region") or p.population >= 1_000_000 for p in places)


def _acronym(word: str) -> bool:
    letters = word.replace(".", "")
    return letters.isupper() and 2 <= len(letters) <= 5


def _demonym(gazetteer: Gazetteer, word: str) -> Place | None:
    country = gazetteer.demonym(word)
    if country is None and word.endswith("s"):
        country = gazetteer.demonym(word[:-1])
    return country


def _inside_organisation(text: str, tokens: Words, first: int, place: Place) -> bool:
    """True for a name that is the topic of an organisation's name, not its seat:
    "Institute for the Study of War" (a small place after "for ... of"), while
    "University of Aleppo" and "Texas Department of Health" keep their place."""
    index, saw_for = first - 1, False
    while index >= 0 and joined(text, tokens[index], tokens[index + 1]):
        word = tokens[index].text
        if word.lower() in _ORG_HEADS and word[:1].isupper():
            return saw_for or (place.feature == "town" and place.population < 100_000)
        if not (word[:1].isupper() or word.lower() in {"of", "for", "the", "and", "on"}):
            return False
        saw_for = saw_for or word.lower() == "for"
        index -= 1
    return False


def people_names(text: str, tokens: Words) -> frozenset[str]:
    """Surnames the document gives to people: the word after a common first name or
    a title ("John Kerry", "Secretary Kerry"). One sense per document: a later bare
    "Kerry" is the same person, not County Kerry."""
    found = set()
    for index in range(len(tokens) - 1):
        left, right = tokens[index], tokens[index + 1]
        if right.text[:1].isupper() and joined(text, left, right) and (
                left.text.lower() in _first_names() and left.text[:1].isupper() or left.text.lower() in _TITLES):
            found.add(right.text)
    return frozenset(found)


def part_of_longer(text: str, tokens: Words, first: int, last: int, places: list[Place],
                   gazetteer: Gazetteer) -> bool:
    """True when the name of tokens ``first``..``last`` is only part of a longer name the
    main index lacks (``_goes_on``, ``_goes_back``): "Bir" in "Bir at Tutah", "Bab" in "Bab
    Ghaliq", "Mafraq" and "Ruwayk" in "Mafraq ar Ruwayk". Such a name stands only when the
    longer one is found among the villages."""
    return (_goes_on(text, tokens, first, last, places, gazetteer) or _goes_back(text, tokens, first, places, gazetteer)
            or _division_named(text, tokens, last)
            and not any(notable(p) and place_key(p.name.split(",")[0]) == name_key(text[tokens[first].start:tokens[last].end])
                        for p in places))  # "War Tho Kho village" is no Warrap, though Warrap is also called War


def _goes_on(text: str, tokens: Words, first: int, last: int, places: list[Place], gazetteer: Gazetteer) -> bool:
    """True when the name of tokens ``first``..``last`` is only the start of a longer name
    the main index lacks: a generic head before a capitalised word ("Bir at Tutah", "Wadi
    Doan", "Kafr Lusin", "Gidan Dawa": ``Villages.is_head``; "Colonia Las Aves", "Vila Kennedy":
    a word for a quarter), or a town of less than 100,000
    before an Arabic article and a capitalised word ("Mafraq ar Ruwayk", "Ain er Roummaneh",
    "Hayy al-Wadi"). The longer name is then sought among the villages, never read as the
    place its first word names."""
    following = tokens[last + 1] if last + 1 < len(tokens) else None
    if following is None or not joined(text, tokens[last], following):
        return False
    word = following.text.lower()
    after = tokens[last + 2] if last + 2 < len(tokens) else None
    hyphened = word.split("-", 1)[0] in ARTICLE_WORDS and "-" in word and following.capitalised  # "al-Rabi"
    spaced = word in ARTICLE_WORDS and after is not None and joined(text, following, after) and after.text[:1].isupper()
    villages = gazetteer.villages
    if first == last and tokens[first].text.lower() in ARTICLE_WORDS and following.text[:1].isupper():
        return True  # "Ash Shubaji", "As Sabaa": an article opens the name
    head = tokens[first].text.lower() in _QUARTER_HEADS or villages is not None and villages.is_head(tokens[first].text)
    if first == last and head and (
            hyphened or spaced or following.text[:1].isupper() and word not in _KIND_SUFFIXES | _GEO_NOUNS):
        return True  # "Bir at Tutah", "Wadi Doan"
    # "Mafraq ar Ruwayk", but not "The Shops at Stonewall" nor "Orinoco as Venezuela's": never an English word;
    # and not a city of 100,000 by its own name ("Baghdad al-Jadida"), while "Madinat al Salah" is no Medina
    surface = text[tokens[first].start:tokens[last].end]
    return (hyphened or spaced and word in SPACED_ARTICLES) and not _large(
        [p for p in places if place_key(p.name.split(",")[0]) == name_key(surface)])


def _division_named(text: str, tokens: Words, last: int) -> bool:
    """True when the name ending at token ``last`` is the start of a longer name the text
    gives a kind in lower case: "Shah Wali" in "Shah Wali Kot district", "Darraz" in "Darraz
    Gard village" (not "Beverly Hills" in "Beverly Hills Police Department")."""
    index = last + 1
    while index < len(tokens) and joined(text, tokens[index - 1], tokens[index]) and (
            tokens[index].capitalised or tokens[index].text.lower() in _CONNECTORS and index + 1 < len(tokens)
            and tokens[index + 1].capitalised) and tokens[index].text.lower() not in KIND_WORDS:
        index += 1  # "Jardim do Trevo neighborhood", "Bab al Faraj district"
    kind = tokens[index] if index < len(tokens) else None
    return (index > last + 1 and kind is not None and joined(text, tokens[index - 1], kind)
            and kind.text.lower() in KIND_WORDS and (kind.text.islower() or kind.text == "LGA"))  # not "Police Department"


def _goes_back(text: str, tokens: Words, first: int, places: list[Place], gazetteer: Gazetteer) -> bool:
    """True when the name at token ``first`` ends a longer name through an Arabic article
    ("Ruwayk" in "Mafraq ar Ruwayk", "Tutah" in "Bir at Tutah"), unless it is a country,
    region or city of 100,000."""
    if first < 2 or not joined(text, tokens[first - 2], tokens[first - 1]) or not joined(text, tokens[first - 1], tokens[first]):
        return False
    article, before = tokens[first - 1].text.lower(), tokens[first - 2].text
    villages = gazetteer.villages
    head = villages is not None and article in ARTICLE_WORDS and before[:1].isupper() and villages.is_head(before)
    return head or article in SPACED_ARTICLES and before[:1].isupper() and not _large(places)


def _large(places: list[Place]) -> bool:
    return any(p.feature in ("country", "water", "region") or p.population >= 100_000 for p in places)


def names_a_way(text: str, tokens: Words, last: int, places: list[Place]) -> bool:
    """True when a name of water opens the name of a road or street ("the Pacific road", "the
    Black Sea highway") or is a town's epithet ("the Red Sea port city of Hodeidah"): the way
    or the town is named after the water, and is not the water; no word of it is a place."""
    return (any(p.feature == "water" for p in places) and last + 1 < len(tokens)
            and (tokens[last + 1].text.lower() in _WAY_WORDS or tokens[last + 1].text in _SEA_EPITHET)
            and joined(text, tokens[last], tokens[last + 1]))


def _geo_noun_follows(text: str, tokens: Words, last: int) -> bool:
    """True when a place noun follows token ``last``, directly or after one word in lower case
    ("the Homs region", "the Jenin refugee camp", "the Mosul old city")."""
    for at in range(last + 1, min(len(tokens), last + 3)):
        word = tokens[at]
        if word.text.lower() in _GEO_NOUNS:
            return True
        if word.capitalised or not joined(text, tokens[at - 1], word):
            return False
    return False


def keep_name(text: str, tokens: Words, first: int, last: int, places: list[Place],
          gazetteer: Gazetteer, people: frozenset[str] = frozenset()) -> bool:
    """Context rules that drop names used as something other than a place."""
    token, end_token = tokens[first], tokens[last]
    single = first == last
    biggest = max(places, key=lambda p: (p.feature != "town", p.population))
    if single and token.text in people and not _major(places):
        return False  # "to Kerry", after "John Kerry" earlier
    if single and token.text.lower() in stoplist() and not _acronym(token.text):
        return False  # "May", "Mission"; but "US" is not "us"
    if single and len(token.text) <= 2 and not _acronym(token.text):
        return False  # "Li", "Ba"
    if (single and sentence_start(text, token) and _english_word(token.text) and text[token.end:token.end + 1] != "."
            and not any(place_key(p.name.split(",")[0]) == name_key(token.text) for p in places)):
        return False  # "Drug traffickers ...": an English word reaching a place (Durg) only by another name
    previous = tokens[first - 1] if first > 0 else None
    following = tokens[last + 1] if last + 1 < len(tokens) else None
    if (single and _english_word(token.text) and following is not None and joined(text, end_token, following)
            and text[end_token.end:end_token.end + 1] != "." and following.text[:1].isupper() and not any(by_own_name(p, token.text) for p in places)):
        return False  # "the Drug Enforcement Administration": an English word of a longer name, Durg only by another name
    if (single and biggest.feature == "town" and biggest.population < 100_000 and following is not None
            and joined(text, end_token, following) and following.text[:1].isupper()
            and not _notable(gazetteer.lookup(following.text))
            and following.text.lower() not in _TITLES | _GEO_NOUNS | _KIND_SUFFIXES | _ORG_HEADS
            and _demonym(gazetteer, following.text) is None):
        return False  # "David Hogg", "Mary Magdalene": a first name
    if (single and biggest.feature == "town" and biggest.population < 100_000 and following is not None
            and joined(text, end_token, following) and following.text.lower() in _NAMED_BODIES
            and following.text[:1].isupper()):
        return False  # "the Badr Organization", "the Papa Group": a body named after a word, not the town
    if (single and biggest.feature == "town" and biggest.population < 100_000 and following is not None
            and joined(text, end_token, following) and following.text in _ARMED_MEN
            and previous_word(text, token.start) not in LOCATIVE):
        return False  # "Fano fighters", "Zintan militias": a group named after a word or its town, no place
    if previous is not None and joined(text, previous, token) and previous.capitalised:
        word = previous.text.lower()
        if word in _TITLES:
            return False  # "Secretary Kerry"
        if single and biggest.feature != "country" and word not in LOCATIVE and not sentence_start(text, previous):
            return False  # "Ash Carter", "Charles Maine"
    if (single and biggest.feature == "town" and previous_word(text, token.start) == "the"
            and following is not None and not following.capitalised
            and not _geo_noun_follows(text, tokens, last)):
        return False  # "the Obama administration", but "the Homs region", "the Jenin refugee camp"
    if single and _inside_organisation(text, tokens, first, biggest):
        return False  # "Institute for the Study of War"
    if single and previous_word(text, token.start) not in LOCATIVE and not _major(places):
        if token.text.lower() in _first_names():
            return False  # "Mary", "Moore": a person unless the sentence puts it on the map ("in Victoria")
    person_like = biggest.feature == "district" or (biggest.feature == "town" and biggest.population < 100_000)
    if single and person_like and not gazetteer.is_seat_of_power(biggest):
        after = _COORDINATED.sub("", text[end_token.end:end_token.end + 60], count=1)
        if _SPEECH.match(after) and previous_word(text, token.start) not in LOCATIVE:
            return False  # "Earnest said", "Kerry and Lavrov met"
    if biggest.feature == "town" and biggest.population < 100_000:
        locative = previous_word(text, token.start) in LOCATIVE
        if biggest.population < (1_000 if locative else 20_000):
            return False
    return True


def metonymic(text: str, mention_end: int, start: int, place: Place, gazetteer: Gazetteer,
               possessive: bool) -> bool:
    """Capitals, countries and government buildings standing for a government."""
    if place.feature not in ("country", "town", "site"):
        return False
    if place.feature == "site":
        return gazetteer.is_seat_of_power(place)
    if place.feature == "town" and not gazetteer.is_seat_of_power(place):
        return False
    after = text[mention_end:mention_end + 60]
    if possessive:
        return bool(_POSSESSIVE_AGENT.match(after))
    if previous_word(text, start) in LOCATIVE:
        return False
    if _SPEECH.match(after) or _PEOPLE_NOUNS.match(after):
        return True
    return place.feature == "town" and previous_word(text, start) in {"with", "against", "by", "between"}


# "Uri sector" (the front line by a town): a town, no province; not "Bari town" near Bosaso, where a
# city abroad would win over the province the report is in
_SETTLEMENT_AFTER = re.compile(r"\s+(?:city|sector)\b")


def kind_hint(text: str, start: int, end: int) -> str | None:
    after = text[end:end + 25].lower()
    before = text[max(0, start - 20):start].lower()
    if re.match(r"^\s+(?:province|provinces|governorate|governorates|region|oblast|prefecture|wilaya|wilayah)\b", after) or (
            re.match(r"^\s+state\b", text[end:end + 10])):  # "Sennar state"; not "Kano State" (a name) nor "State"
        return "province"
    if re.search(r"\b(?:city|town|village|cities|suburbs) of\s+$", before) or _SETTLEMENT_AFTER.match(after):
        return "town"  # "Uri sector": a settlement, no province of that name
    if _DIVISION_OF.search(text, max(0, start - 60), start):
        return "province"  # "Akre district of Ninewa": the division that holds a named district
    if _LAST_IN_BRACKETS.search(text, max(0, start - 60), start) and text[end:end + 1] == ")":
        return "province"  # "(Oshimili North, Delta)", "(Faradje, Haut-Uele)": a division closes the brackets
    return None


def demonym_spans(text: str, tokens: Words, covered: set[int], gazetteer: Gazetteer):
    """Yield (start, end, place) for the adjectives of places ("Syrian", "Sri Lankan"),
    each a mention of its country or region, in the words not ``covered`` by a name.
    Plurals ("Syrians") name people, not a place, and are left out."""
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if index in covered or not token.capitalised:
            index += 1
            continue
        pair = tokens[index + 1] if index + 1 < len(tokens) else None
        if pair is not None and index + 1 not in covered and joined(text, token, pair):
            place = gazetteer.demonym(text[token.start:pair.end])
            if place is not None:
                yield token.start, pair.end, place
                index += 2
                continue
        place = gazetteer.demonym(token.text)
        if place is not None:
            yield token.start, token.end, place
        index += 1


def plausible(places: list[Place], surface: str) -> list[Place]:
    """Drop small towns reached only through an unlike alternate name
    (Portsmouth is also called "Bank" in GeoNames; Lixian, "Li")."""
    key = name_key(surface)
    if _acronym(surface):  # "EU" is the European Union, not Eu in Normandy
        places = [p for p in places if p.feature != "town" or p.name.replace(".", "").isupper()] or places
    return [p for p in places if p.feature != "town" or p.population >= _ALIAS_MIN_POPULATION
            or fuzz.ratio(key, place_key(p.name)) >= 75]
