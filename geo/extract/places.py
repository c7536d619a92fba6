"""Stage 2: find place mentions in text and resolve them offline.

Owns the ``Mention`` type (where a place is named in the text and what it resolves to), its
JSON form (``mention_to_dict``, the ``python -m geo mentions`` contract), and the recognition
and resolution of mentions. In: text and a ``Gazetteer`` (and, only if asked, an
``OnlineGeocoder``). Out: the text's mentions in order, with offsets into that text. The words
of the text, and what lies around a word, are ``geo.extract.tokens``'s.

Recognition looks up runs of capitalised words (with connectors such as
"al-", "of", "de") in the gazetteer, longest first, and then applies context
rules: names that are common words, parts of person or organisation names
("Ash Carter", "Institute for the Study of War") or too small to be meant
without a locative cue are dropped. Demonyms ("Syrian") are kept as
references to their country; capitals and government buildings used as
actors ("Moscow denied", "the Pentagon said") are kept but flagged
``metonymic`` so that later stages never place an event there.

Resolution scores each candidate place with a transparent sum (see
``_score``): size prior, feature type, the countries of the document, and
whether the name matched exactly, as an alternate name, or only loosely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from typing import TYPE_CHECKING

from ..gazetteer.index import Gazetteer, Place, name_key
from ..gazetteer.resolve import Context, document_context, leave_out, place_key, rank
from ..text.normalise import Normalised, normalise
from ..io.reports import Report
from .document import Document
from .tokens import EAGER_TOKENS, Words, joined, previous_word, sentence_start, tokenise

if TYPE_CHECKING:
    from ..gazetteer.geocode import OnlineGeocoder

__all__ = ["Mention", "find_mentions", "match_mentions", "mark_mentions", "mention_in_original", "mention_to_dict"]

_LOOSE_ALONE = 100_000
_ALIAS_MIN_POPULATION = 50_000
_FIRST_NAMES = 1000
_STOPLIST = Path(__file__).resolve().parents[2] / "data" / "stoplist.txt"
_CONNECTORS = {"of", "the", "al", "el", "de", "del", "da", "di", "du", "la", "le", "les", "des",
               "upon", "on", "am", "bin", "ibn", "ad", "ar", "as", "az", "ez", "y", "and"}
_KIND_SUFFIXES = {"province", "governorate", "region", "oblast", "city", "strait", "sea", "river"}
_GEO_NOUNS = {"region", "province", "governorate", "area", "areas", "city", "countryside", "suburbs",
              "outskirts", "district", "valley", "border", "front", "coast", "airport", "port"}
_LOCATIVE = {"in", "at", "near", "from", "to", "into", "around", "outside", "inside", "across",
             "over", "through", "via", "toward", "towards", "of", "across", "throughout",
             "between", "within", "northern", "southern", "eastern", "western", "central",
             "north", "south", "east", "west", "entered", "reached", "left", "visited", "hit", "struck"}
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
_ONLINE_CUES = {"in", "near", "outside", "around", "at", "from", "into", "toward", "towards"}
_FACILITY = r"(?:airfield|air ?field|air ?base|airbase|airport|airstrip)"
_FACILITY_BEFORE = re.compile("(" + _FACILITY + r")\s+(?:near|at|outside|in|of|close to)\b[^,;]*$", re.I)
_FACILITY_AFTER = re.compile(r"^['’]?s?\s+(" + _FACILITY + r")\b", re.I)


@dataclass(slots=True)  # a long report has tens of thousands
class Mention:
    """One place mention: where it is in the text and what it resolves to."""

    start: int
    end: int
    text: str
    name: str | None = None
    lat: float | None = None
    lon: float | None = None
    feature: str | None = None
    country: str | None = None
    place_id: str | None = None
    confidence: float = 0.0
    demonym: bool = False
    metonymic: bool = False
    alternatives: list[dict] = field(default_factory=list)
    facility: Place | None = None  # "the airfield near Latakia": the air base meant
    admin1: str = ""  # the first-level division the place lies in (GeoNames code, "SY.11")

    @property
    def resolved(self) -> bool:
        return self.lat is not None and self.lon is not None


def mention_to_dict(mention: Mention) -> dict:
    """The JSON shape of a mention (the ``python -m geo mentions`` contract)."""
    return {
        "start": mention.start,
        "end": mention.end,
        "text": mention.text,
        "name": mention.name,
        "lat": mention.lat,
        "lon": mention.lon,
        "feature": mention.feature,
        "country": mention.country,
        "confidence": round(mention.confidence, 3),
        "demonym": mention.demonym,
        "metonymic": mention.metonymic,
    }


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
def _stoplist() -> frozenset[str]:
    lines = _STOPLIST.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def _candidate_spans(text: str, tokens: Words, gazetteer: Gazetteer):
    """Yield (first, last, places, loose) for the longest gazetteer names, left to right."""
    i, n = 0, len(tokens)
    while i < n:
        if not tokens[i].capitalised or tokens[i].text in ("The", "the"):
            i += 1
            continue
        found = None
        last = i
        while last + 1 < n and last - i + 1 < gazetteer.max_words and joined(text, tokens[last], tokens[last + 1]):
            nxt = tokens[last + 1]
            if not (nxt.capitalised or nxt.text.lower() in _CONNECTORS or nxt.text.lower() in _KIND_SUFFIXES):
                break
            last += 1
        for j in range(last, i - 1, -1):
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
        if found is None and previous_word(text, tokens[i].start) in _LOCATIVE:
            surface = tokens[i].text
            loose = gazetteer.lookup_loose(surface) if len(surface) >= 4 else []
            if loose and surface.lower() not in _stoplist() and _demonym(gazetteer, surface) is None:
                found = (i, i, [place for place, _ in loose], True)
        if found:
            yield found
            i = found[1] + 1
        else:
            i += 1


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


def _people(text: str, tokens: Words) -> frozenset[str]:
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


def _keep(text: str, tokens: Words, first: int, last: int, places: list[Place],
          gazetteer: Gazetteer, people: frozenset[str] = frozenset()) -> bool:
    """Context rules that drop names used as something other than a place."""
    token, end_token = tokens[first], tokens[last]
    single = first == last
    biggest = max(places, key=lambda p: (p.feature != "town", p.population))
    if single and token.text in people and not _major(places):
        return False  # "to Kerry", after "John Kerry" earlier
    if single and token.text.lower() in _stoplist() and not _acronym(token.text):
        return False  # "May", "Mission"; but "US" is not "us"
    if single and len(token.text) <= 2 and not _acronym(token.text):
        return False  # "Li", "Ba"
    previous = tokens[first - 1] if first > 0 else None
    following = tokens[last + 1] if last + 1 < len(tokens) else None
    if (single and biggest.feature == "town" and biggest.population < 100_000 and following is not None
            and joined(text, end_token, following) and following.text[:1].isupper()
            and not _notable(gazetteer.lookup(following.text))
            and following.text.lower() not in _TITLES | _GEO_NOUNS | _KIND_SUFFIXES | _ORG_HEADS
            and _demonym(gazetteer, following.text) is None):
        return False  # "David Hogg", "Mary Magdalene": a first name
    if previous is not None and joined(text, previous, token) and previous.capitalised:
        word = previous.text.lower()
        if word in _TITLES:
            return False  # "Secretary Kerry"
        if single and biggest.feature != "country" and word not in _LOCATIVE and not sentence_start(text, previous):
            return False  # "Ash Carter", "Charles Maine"
    if (single and biggest.feature == "town" and previous_word(text, token.start) == "the"
            and following is not None and not following.capitalised
            and following.text.lower() not in _GEO_NOUNS):
        return False  # "the Obama administration", but "the Homs region"
    if single and _inside_organisation(text, tokens, first, biggest):
        return False  # "Institute for the Study of War"
    if single and previous_word(text, token.start) not in _LOCATIVE and not _major(places):
        if token.text.lower() in _first_names():
            return False  # "Mary", "Moore": a person unless the sentence puts it on the map ("in Victoria")
    person_like = biggest.feature == "district" or (biggest.feature == "town" and biggest.population < 100_000)
    if single and person_like and not gazetteer.is_seat_of_power(biggest):
        after = _COORDINATED.sub("", text[end_token.end:end_token.end + 60], count=1)
        if _SPEECH.match(after) and previous_word(text, token.start) not in _LOCATIVE:
            return False  # "Earnest said", "Kerry and Lavrov met"
    if biggest.feature == "town" and biggest.population < 100_000:
        locative = previous_word(text, token.start) in _LOCATIVE
        if biggest.population < (1_000 if locative else 20_000):
            return False
    return True


def _metonymic(text: str, mention_end: int, start: int, place: Place, gazetteer: Gazetteer,
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
    if previous_word(text, start) in _LOCATIVE:
        return False
    if _SPEECH.match(after) or _PEOPLE_NOUNS.match(after):
        return True
    return place.feature == "town" and previous_word(text, start) in {"with", "against", "by", "between"}


def _hint(text: str, start: int, end: int) -> str | None:
    after = text[end:end + 25].lower()
    before = text[max(0, start - 20):start].lower()
    if re.match(r"^\s+(?:province|provinces|governorate|governorates|region)\b", after):
        return "province"
    if re.search(r"\b(?:city|town|village|cities|suburbs) of\s+$", before) or re.match(r"^\s+city\b", after):
        return "town"
    return None


def _demonyms(text: str, tokens: Words, covered: set[int], gazetteer: Gazetteer):
    """Adjectives of places ("Syrian", "Sri Lankan") as mentions of their country or
    region. Plurals ("Syrians") name people, not a place, and are left out."""
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
                yield Mention(token.start, pair.end, text[token.start:pair.end], demonym=True), [place], False, False
                index += 2
                continue
        place = gazetteer.demonym(token.text)
        if place is not None:
            yield Mention(token.start, token.end, token.text, demonym=True), [place], False, False
        index += 1


def _alternatives(ranked: list[tuple[Place, float, float]]) -> list[dict]:
    return [{"name": p.name, "country": p.country, "feature": p.feature, "lat": p.lat, "lon": p.lon,
             "score": round(s, 2), "confidence": round(c, 3)} for p, s, c in ranked]


def _apply(mention: Mention, ranked: list[tuple[Place, float, float]], alternatives: list[dict]) -> Place:
    best = ranked[0][0]
    mention.name, mention.lat, mention.lon = best.name, best.lat, best.lon
    mention.feature, mention.country, mention.place_id = best.feature, best.country, best.id
    mention.admin1 = best.admin1
    mention.confidence = ranked[0][2]
    mention.alternatives = alternatives
    return best


def _dominant(places: list[Place]) -> list[Place]:
    """The one big city among loose candidates (5x the next one), or nothing."""
    ranked = sorted(places, key=lambda p: -p.population)
    if ranked and ranked[0].population >= _LOOSE_ALONE and (
            len(ranked) == 1 or ranked[0].population >= 5 * ranked[1].population):
        return ranked[:1]
    return []


def _plausible(places: list[Place], surface: str) -> list[Place]:
    """Drop small towns reached only through an unlike alternate name
    (Portsmouth is also called "Bank" in GeoNames; Lixian, "Li")."""
    key = name_key(surface)
    if _acronym(surface):  # "EU" is the European Union, not Eu in Normandy
        places = [p for p in places if p.feature != "town" or p.name.replace(".", "").isupper()] or places
    return [p for p in places if p.feature != "town" or p.population >= _ALIAS_MIN_POPULATION
            or fuzz.ratio(key, place_key(p.name)) >= 75]


def find_mentions(text: str, gazetteer: Gazetteer, *, online: "OnlineGeocoder | None" = None) -> list[Mention]:
    """Every place mention in ``text``, resolved where the gazetteer allows.

    Names are matched in the normalised text (``geo.text.normalise``: a no-break space,
    a soft hyphen or a right-to-left mark inside a name changes nothing), and each
    mention's offsets and text are those of ``text`` itself.

    With ``online`` (off by default), names the gazetteer lacks that a
    preposition marks as places ("a clash in Xyzville") are looked up on the
    user's geocoding service; the offline mentions never depend on it.
    """
    norm = normalise(text)
    doc = mark_mentions(Document(Report(id="", text=norm.text)), gazetteer, online=online)
    return [mention_in_original(m, norm) for m in doc.mentions]


def mention_in_original(mention: Mention, norm: Normalised) -> Mention:
    """A mention found in ``norm.text`` with the offsets and text of ``norm.original``."""
    if norm.text is norm.original:
        return mention
    start, end = norm.span(mention.start, mention.end)
    return replace(mention, start=start, end=end, text=norm.original[start:end])


class _Memo:
    """A gazetteer that answers each name once per document: a long report says
    "Homs" thousands of times. Everything but the name look-ups is the gazetteer's."""

    def __init__(self, gazetteer: Gazetteer):
        self._gazetteer = gazetteer
        self.is_seat_of_power, self.max_words = gazetteer.is_seat_of_power, gazetteer.max_words  # asked most
        self._lookup: dict[str, list[Place]] = {}
        self._demonym: dict[str, Place | None] = {}

    def lookup(self, surface: str) -> list[Place]:
        if surface not in self._lookup:
            self._lookup[surface] = self._gazetteer.lookup(surface)
        return self._lookup[surface]

    def demonym(self, surface: str) -> Place | None:
        if surface not in self._demonym:
            self._demonym[surface] = self._gazetteer.demonym(surface)
        return self._demonym[surface]

    def __getattr__(self, name: str):
        return getattr(self._gazetteer, name)


def mark_mentions(doc: Document, gazetteer: Gazetteer, *, online: "OnlineGeocoder | None" = None) -> Document:
    """The mentions layer of a document: its place mentions, read from its own tokens."""
    doc.set_layer("mentions", match_mentions(doc.text, gazetteer, online=online, tokens=doc.tokens))
    return doc


def match_mentions(text: str, gazetteer: Gazetteer, *, online: "OnlineGeocoder | None" = None,
                   tokens: Words | None = None) -> list[Mention]:
    """``find_mentions`` on text already normalised: offsets are offsets of ``text``;
    ``tokens`` are the words of ``text`` when they are already made."""
    gazetteer = _Memo(gazetteer)  # type: ignore[assignment]
    if tokens is None:
        tokens = tokenise(text, eager=EAGER_TOKENS)  # read at each call: a test lowers it
    raw: list[tuple[Mention, list[Place], bool, bool]] = []
    covered: set[int] = set()
    people = _people(text, tokens)
    for first, last, places, loose in _candidate_spans(text, tokens, gazetteer):
        if not loose:
            places = _plausible(places, text[tokens[first].start:tokens[last].end])
            if not places:
                continue
        if not _keep(text, tokens, first, last, places, gazetteer, people):
            continue
        start, end = tokens[first].start, tokens[last].end
        if text[end:end + 1] == "." and gazetteer.is_abbreviation(text[start:end]):
            end += 1  # "Calif." ends with its dot
        raw.append((Mention(start, end, text[start:end]), places, loose, tokens[last].possessive))
        covered.update(range(first, last + 1))
    raw.extend(_demonyms(text, tokens, covered, gazetteer))
    raw.sort(key=lambda item: item[0].start)

    hints = [_hint(text, m.start, m.end) for m, *_ in raw]
    # The same name with the same candidates in the same context ranks the same: rank it once,
    # and let its mentions share one list of alternatives (a long report names Homs thousands of times).
    ranked: dict[tuple, list] = {}
    alternatives: dict[tuple, list[dict]] = {}

    def ranking(surface: str, places: list[Place], context: Context, loose: bool, *key) -> tuple[list, tuple]:
        memo = (surface, loose, tuple(id(p) for p in places), *key)
        if memo not in ranked:
            ranked[memo] = rank(places, surface, context, gazetteer, loose=loose)
        return ranked[memo], memo

    first_pass = [ranking(m.text, places, Context(hint=hint), loose, hint)[0][0]
                  for (m, places, loose, _), hint in zip(raw, hints)]
    context = document_context([(place, confidence) for (place, _, confidence), (_, _, loose, _)
                                in zip(first_pass, raw) if not loose])
    mentions = []
    sites: dict[tuple[str, str], Place | None] = {}  # (town id, kind) -> its airfield, once per document
    for index, ((mention, places, loose, possessive), hint) in enumerate(zip(raw, hints)):
        if loose:  # a spelling variant: inside the document's countries, or one big city
            inside = [p for p in places if context.countries.get(p.country, 0.0) > 0]
            places = inside or _dominant(places)
            if not places:
                continue
        own, _, own_confidence = first_pass[index]
        within = _within(text, raw, first_pass, index)
        local = leave_out(context, own, 0.0 if loose else own_confidence, hint=hint, within=within)
        chosen, memo = ranking(mention.text, places, local, loose, hint, within, own.country,
                               0.0 if loose else own_confidence)
        if memo not in alternatives:
            alternatives[memo] = _alternatives(chosen)
        best = _apply(mention, chosen, alternatives[memo])
        mention.metonymic = not mention.demonym and _metonymic(
            text, mention.end, mention.start, best, gazetteer, possessive)
        kind = _facility_kind(text, mention) if best.feature == "town" else None
        if kind is not None:
            if (best.id, kind) not in sites:
                sites[best.id, kind] = gazetteer.nearest_site(best.lat, best.lon, kind=kind)
            mention.facility = sites[best.id, kind]
        mentions.append(mention)
    if online is not None and online.enabled:
        mentions = sorted(mentions + _online_mentions(text, tokens, covered, people, online),
                          key=lambda m: m.start)
    return mentions


def _online_mentions(text: str, tokens: Words, covered: set[int], people: frozenset[str],
                     online: "OnlineGeocoder") -> list[Mention]:
    """Capitalised names after "in", "near", "outside" ... that the gazetteer lacks."""
    found = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if (index in covered or not token.text[:1].isupper() or token.text.lower() in _stoplist()
                or token.text in people or previous_word(text, token.start) not in _ONLINE_CUES):
            index += 1
            continue
        last = index
        while last + 1 < len(tokens) and last - index < 2 and last + 1 not in covered \
                and joined(text, tokens[last], tokens[last + 1]) and tokens[last + 1].text[:1].isupper():
            last += 1
        start, end = token.start, tokens[last].end
        place = online.lookup(text[start:end])
        if place is not None:
            found.append(Mention(start, end, text[start:end], name=place.name, lat=place.lat, lon=place.lon,
                                 feature=place.feature, country=place.country, place_id=place.id,
                                 confidence=0.5, alternatives=[]))
        index = last + 1
    return found


def _facility_kind(text: str, mention: Mention) -> str | None:
    """The kind of airfield the text names by the town ("the airfield near Syria's port of
    Latakia", "Latakia air base", "Erbil airport"): "airport" for an airport, else "air base"
    (conflict reports' airfields and airstrips are military far more often than not); None
    when it names none."""
    before = re.split(r"[.!?\n]", text[max(0, mention.start - 80):mention.start])[-1]
    found = _FACILITY_BEFORE.search(before) or _FACILITY_AFTER.match(text[mention.end:mention.end + 20])
    if found is None:
        return None
    return "airport" if found.group(1).lower() == "airport" else "air base"


def _within(text: str, raw: list, first_pass: list, index: int) -> str | None:
    """The division named right after a comma ("Paris, Tenn."), if any."""
    if index + 1 >= len(raw):
        return None
    mention, following = raw[index][0], raw[index + 1][0]
    place = first_pass[index + 1][0]
    if place.feature == "province" and re.fullmatch(r",\s*", text[mention.end:following.start]):
        return place.admin1 or None
    return None
