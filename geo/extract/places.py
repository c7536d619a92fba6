"""Stage 2: place mentions, recognised and resolved offline; the document's mentions layer.

Owns the ``Mention`` type (where a place is named in the text and what it resolves to), its
JSON form (``mention_to_dict``, the ``python -m geo mentions`` contract), the mentions layer
(``mark_mentions``) and the choice among each name's candidates in the document's context.
In: text and a ``Gazetteer`` (and, only if asked, an ``OnlineGeocoder``). Out: the text's
mentions in order, with offsets into that text.

Recognition (which words name a place, and which are demonyms, people or organisations) is
``geo.extract.recognise``'s; the countries a report is about, and what they allow, are
``geo.extract.focus``'s; a place's neighbours in the text (containers, lists, villages) are
``geo.extract.context``'s. Resolution ranks each name's candidates with
``geo.gazetteer.resolve``'s transparent sum (size prior, feature type, the countries of the
document, whether the name matched exactly, as an alternate name, or only loosely), once on
its own and again in the document's context without the mention itself; a spelling variant
("loose" match) counts only inside the document's countries or as one dominant city.
Capitals and government buildings used as actors ("Moscow denied", "the Pentagon said") are
kept but flagged ``metonymic`` so that later stages never place an event there; a town the
text names with its airfield ("the airfield near Latakia") carries that facility.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Callable, Mapping

from ..analysis.distances import geodesic_m
from ..gazetteer.index import Gazetteer, Place, name_key
from ..gazetteer.resolve import Context, document_context, leave_out, rank
from ..text.normalise import Normalised, normalise
from ..io.reports import Report
from .document import Document
from .areas import (area_finder, before_finder, chain_areas, containers, name_goes_on, placed_area, readings_in_area,
                    with_province)
from .context import compound_heads, kind_follows, near_pairs, village_spans
from .focus import anchors, by_own_name, in_countries, in_focus, in_named_divisions, report_focus
from .recognise import (candidate_spans, demonym_spans, keep_name, kind_hint, metonymic, names_a_way, part_of_longer,
                        people_names, plausible, stoplist)
from .tokens import EAGER_TOKENS, Words, joined, previous_word, tokenise

if TYPE_CHECKING:
    from ..gazetteer.geocode import OnlineGeocoder

__all__ = ["Mention", "find_mentions", "match_mentions", "mark_mentions", "mention_in_original", "mention_to_dict"]

_ONLINE_CUES = {"in", "near", "outside", "around", "at", "from", "into", "toward", "towards"}
_AT = re.compile(r"(?:\b(?:in|near|outside|around|at)|\b(?:village|town|outskirts|suburbs) of"
                 r"|\b(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of)\s+(?:the\s+)?$", re.I)
# "the Libyan capital", not "the Somali capital Mogadishu" (the city is named) nor "capital city of".
_CAPITAL_AFTER = re.compile(r"\s+capital\b(?!\s*,?\s*[A-Z])(?!\s+(?:city\s+)?of\b)")
_THE_BEFORE = re.compile(r"\bthe\s+$", re.I)
_BORDER_AFTER = re.compile(r"\s+(?:border|frontier)\b", re.I)
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
    context: str | None = None  # the containing place that constrained it ("Idlib" for "Nayrab in Idlib")

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
        "context": mention.context,
    }


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


def mark_mentions(doc: Document, gazetteer: Gazetteer, *, online: "OnlineGeocoder | None" = None,
                  told: "Callable[[], Mapping[str, float]] | None" = None,
                  regions: "Callable[[], frozenset[str]] | None" = None) -> Document:
    """The mentions layer of a document: its place mentions, read from its own tokens."""
    doc.set_layer("mentions", match_mentions(doc.text, gazetteer, online=online, tokens=doc.tokens,
                                             told=told, regions=regions))
    return doc


def match_mentions(text: str, gazetteer: Gazetteer, *, online: "OnlineGeocoder | None" = None,
                   tokens: Words | None = None,
                   told: "Callable[[], Mapping[str, float]] | None" = None,
                   regions: "Callable[[], frozenset[str]] | None" = None) -> list[Mention]:
    """``find_mentions`` on text already normalised: offsets are offsets of ``text``;
    ``tokens`` are the words of ``text`` when they are already made; ``told``, asked only
    when no place says which countries the text is about, gives other evidence of them,
    weighted (``annotate``: where the actors named fight, the country of the outlet's web
    address); ``regions``, asked once, when the first name the text puts in no area is
    weighed, the divisions where its region-bound actors fight (``annotate.actor_areas``):
    "DPR forces shelled Vodiane" is the Vodiane of Donetsk oblast (``_RegionPrior``)."""
    gazetteer = _Memo(gazetteer)  # type: ignore[assignment]
    if tokens is None:
        tokens = tokenise(text, eager=EAGER_TOKENS)  # read at each call: a test lowers it
    raw: list[tuple[Mention, list[Place], bool, bool]] = []
    covered: set[int] = set()
    runs: dict[int, tuple[int, int]] = {}  # a mention's start -> its first and last token
    partial: set[int] = set()  # the starts of names only part of a longer one ("Bab" in "Bab Ghaliq")
    chosen_villages: set[int] = set()  # the starts of the local tier's villages, and of places read by their neighbour
    people = people_names(text, tokens)
    in_regions = _RegionPrior(regions, gazetteer)
    for first, last, places, loose in candidate_spans(text, tokens, gazetteer):
        if not loose:
            places = plausible(places, text[tokens[first].start:tokens[last].end])
            if not places:
                continue
        if names_a_way(text, tokens, last, places):
            covered.update(range(first, last + 1))
            continue
        if not keep_name(text, tokens, first, last, places, gazetteer, people):
            continue
        start, end = tokens[first].start, tokens[last].end
        if text[end:end + 1] == "." and gazetteer.is_abbreviation(text[start:end]):
            end += 1  # "Calif." ends with its dot
        raw.append((Mention(start, end, text[start:end]), places, loose, tokens[last].possessive))
        runs[start] = (first, last)
        covered.update(range(first, last + 1))
        if part_of_longer(text, tokens, first, last, places, gazetteer):
            partial.add(start)
    for index, start, end, places in compound_heads(text, tokens, covered, gazetteer):
        raw.append((Mention(start, end, text[start:end]), places, False, False))
        covered.add(index)
    # "the Turkish border" names a place, the border of Turkey: a mention of the country, no demonym;
    # "the Libyan capital" names the capital, Tripoli
    for start, end, place in demonym_spans(text, tokens, covered, gazetteer):
        capital = _CAPITAL_AFTER.match(text, end) and gazetteer.capital(place.country)
        if capital and _THE_BEFORE.search(text, max(0, start - 5), start):
            end = _CAPITAL_AFTER.match(text, end).end()
            raw.append((Mention(start, end, text[start:end]), [capital], False, False))
        else:
            raw.append((Mention(start, end, text[start:end], demonym=not _BORDER_AFTER.match(text, end)), [place],
                        False, False))
    raw.sort(key=lambda item: item[0].start)

    hints = [kind_hint(text, m.start, m.end) for m, *_ in raw]
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
    context = document_context([(place, confidence) for (place, _, confidence), (m, _, loose, _)
                                in zip(first_pass, raw) if not loose and m.start not in partial])
    placed = [(place, confidence, m.text) for (place, _, confidence), (m, _, loose, _) in zip(first_pass, raw)
              if not loose and not m.demonym and m.start not in partial]
    seen = report_focus(placed, context, text, told)  # the countries the report is about (geo.extract.focus)
    focus, weak, prefer = seen.countries, seen.weak, seen.prefer
    for index, (mention, places, loose, possessive) in enumerate(raw if prefer else ()):
        inside = [p for p in places if p.country in prefer]
        if not mention.demonym and inside and first_pass[index][0].country not in prefer:
            raw[index] = (mention, inside, loose, possessive)
            first_pass[index] = ranking(mention.text, inside, Context(hint=hints[index]), loose, hints[index])[0][0]
    if gazetteer.villages is not None:  # the villages the main index does not keep, in the document's area
        spans = [(m.start, m.end, places, best[0]) for (m, places, *_), best in zip(raw, first_pass)]
        longer = list(_longer_names(text, tokens, raw, runs, covered, gazetteer, area_finder(text, spans, gazetteer)))
        for index, found, scoped in longer:
            places = found[1] if scoped else in_countries(found[1], focus, "exact", True, weak)
            if places:
                partial.discard(raw[index][0].start)
                raw[index] = (found[0], places, *found[2:])
                first_pass[index] = ranking(found[0].text, places, Context(), found[2])[0][0]
                hints[index] = kind_hint(text, found[0].start, found[0].end)
        kept = [i for i, (m, *_) in enumerate(raw) if m.start not in partial]
        for index in set(range(len(raw))) - set(kept):  # the longer name is no village either
            covered.difference_update(range(runs[raw[index][0].start][0], runs[raw[index][0].start][1] + 1))
        raw, hints, first_pass = [raw[i] for i in kept], [hints[i] for i in kept], [first_pass[i] for i in kept]
        spans = [(m.start, m.end, places, best[0]) for (m, places, *_), best in zip(raw, first_pass)]
        villages = village_spans(text, tokens, covered, gazetteer, None, people, area_finder(text, spans, gazetteer),
                                 before_finder(text, spans, gazetteer))
        for first, last, places, match, scoped in villages:
            start, end = tokens[first].start, tokens[last].end
            goes_on = last + 1 < len(tokens) and joined(text, tokens[last], tokens[last + 1]) and tokens[last + 1].capitalised
            # A village named where no place says which country: a name of several words, or after "in", "near" ...
            alone = weak and not goes_on and (last > first or _AT.search(text, max(0, start - 30), start) is not None
                                              or kind_follows(text, end))
            places = places if scoped else in_regions(in_countries(places, focus, match, last > first, alone),
                                                      text[start:end])
            if match in ("variant", "fuzzy") and not scoped:
                places = in_named_divisions(places, context)
            if not places and match != "unknown":
                continue
            raw.append((Mention(start, end, text[start:end]), places, match == "variant", tokens[last].possessive))
            chosen_villages.add(start)
            hints.append(kind_hint(text, start, end))
            first_pass.append(ranking(text[start:end], places, Context(hint=hints[-1]), False, hints[-1])[0][0]
                              if places else None)
            covered.update(range(first, last + 1))
        order = sorted(range(len(raw)), key=lambda i: raw[i][0].start)
        raw, hints, first_pass = [raw[i] for i in order], [hints[i] for i in order], [first_pass[i] for i in order]
    for near, far, km in near_pairs(text, [(m.start, m.end) for m, *_ in raw]):  # "al-Shura, south of Mosul"
        if raw[near][0].demonym or raw[far][0].demonym or first_pass[near] is None or first_pass[far] is None:
            continue
        found = _close_readings(raw[near][1], raw[near][0].text, first_pass[far][0], raw[far][1], km, gazetteer)
        if found is not None:  # both read as the text places them: not moved to the report's countries after
            (mention, _, loose, possessive), here = raw[near], found[0]
            raw[near] = (mention, here, loose and not found[2], possessive)
            first_pass[near] = ranking(mention.text, here, Context(hint=hints[near]), raw[near][2], hints[near])[0][0]
            raw[far] = (raw[far][0], [found[1]], False, raw[far][3])
            first_pass[far] = (found[1], first_pass[far][1], first_pass[far][2])
            chosen_villages.update((mention.start, raw[far][0].start))

    def reading(index: int) -> Place | None:  # a mention's best reading in the document's context
        if first_pass[index] is None:
            return None
        (mention, places, loose, _), hint = raw[index], hints[index]
        own, _, confidence = first_pass[index]
        local = leave_out(context, own, 0.0 if loose else confidence, hint=hint)
        return ranking(mention.text, places, local, loose, hint, None, own.country, 0.0 if loose else confidence)[0][0][0]

    readings = [reading(index) for index in range(len(raw))]
    areas = containers(text, [(m.start, m.end, places, readings[index])
                              for index, (m, places, *_) in enumerate(raw)], gazetteer)
    as_area = {area.index: area.place for area in areas.values()}  # "Idleb" in "Nayrab in Idleb": the province
    moved, partial_names = chain_areas(text, raw, first_pass, readings, areas, as_area, gazetteer)
    areas.update(moved)
    # One sense per document: a name the text places in an area ("Banh, Loroum") is that place
    # wherever else the text names it bare ("between Banh and Koumbri").
    placed_in: dict[int, tuple[list[Place], bool]] = {}
    settled: dict[str, tuple[list[Place], bool]] = {}
    for index in sorted(areas, reverse=True):  # the last first: "Bayt Maghari (Hays, Al Hudaydah)"
        area = areas[index] = placed_area(areas[index], placed_in)
        mention, places, loose, _ = raw[index]
        twin = index + 1 in placed_in and _TWIN.fullmatch(text, mention.end, raw[index + 1][0].start) and name_key(
            raw[index + 1][0].text) == name_key(mention.text) and text[raw[index + 1][0].end:raw[index + 1][0].end + 1] != ")"
        # ("San Juan (San Juan)": the name alone in brackets is the province, the one outside its town)
        if twin:  # "Boundore (Boundore, Yagha)": the name outside the brackets is the one read inside
            placed_in[index] = placed_in[index + 1]
        elif not mention.demonym:
            placed_in[index] = readings_in_area(mention.text, places, loose, area, gazetteer, focus)
            if placed_in[index][0] != [area.place]:  # the name's own place, not its area for want of one
                settled.setdefault(name_key(mention.text), placed_in[index])
    without: dict[str, list[str]] = {}
    voters: dict[str, set[str]] = {}  # country -> the names that read a place there (a quick test before focus_without)
    for place, _, said in placed:
        voters.setdefault(place.country, set()).add(name_key(said))

    def focus_without(said: str) -> list[str]:  # the report's countries by its other names than ``said``
        key = name_key(said)
        if key not in without:
            rest = [item for item in placed if name_key(item[2]) != key]
            without[key] = report_focus(rest, context, text, told).countries if len(rest) < len(placed) else focus
        return without[key]

    mentions = []
    sites: dict[tuple[str, str], Place | None] = {}  # (town id, kind) -> its airfield, once per document
    where = anchors([(best[0], m.text, places, loose) for best, (m, places, loose, _) in zip(first_pass, raw)
                     if best is not None and not m.demonym])
    for index, ((mention, places, loose, possessive), hint) in enumerate(zip(raw, hints)):
        if index in partial_names:
            continue
        area = areas.get(index)
        if index in placed_in:
            places, loose = placed_in[index]
        elif not mention.demonym and index not in as_area and name_key(mention.text) in settled:
            places, loose = settled[name_key(mention.text)]
            area = next(a for i, a in areas.items() if i in placed_in and name_key(raw[i][0].text) == name_key(mention.text))
        elif index in as_area:
            places, loose = [as_area[index]], False
        elif mention.start in chosen_villages:
            pass  # a village of the local tier chosen in the report's countries, or a place read by its neighbour

        elif loose or (places and focus and not mention.demonym and first_pass[index][0].country not in focus):
            places, loose = in_focus(mention.text, places, loose, context, focus, gazetteer)
        elif (places and not mention.demonym and not voters.get(first_pass[index][0].country, set()) - {name_key(mention.text)}
              and first_pass[index][0].country not in (others := focus_without(mention.text))
              and not any(p.country in others for p in places)):
            # a name is no evidence for its own reading: "Halle" beside Beledweyne and al-Shabaab is
            # the Halle of Somalia, not a town of Belgium that alone put Belgium among the report's countries
            places, loose = in_focus(mention.text, places, loose, context, others, gazetteer)
        if area is None and not mention.demonym and mention.start not in chosen_villages:
            places = in_regions(places, mention.text)
        if not places:
            continue
        if first_pass[index] is None:  # a village of a known area the gazetteers lack
            first_pass[index] = (places[0], 0.0, 0.0)
        if hint == "province":  # "Hasakeh province": the division, also when only its capital was found
            places = with_province(mention.text, places, gazetteer)
        own, _, own_confidence = first_pass[index]
        within = _within(text, raw, first_pass, index)
        local = leave_out(context, own, 0.0 if loose else own_confidence, hint=hint, within=within)
        chosen, memo = ranking(mention.text, places, local, loose, hint, within, own.country,
                               0.0 if loose else own_confidence)
        if (hint == "province" and not mention.demonym and _DIVISION_SAID.match(text, mention.end)
                and _town_by_another_name(chosen[0][0], mention.text)):
            continue  # "Sool region" is no alternate name of Seoul: a division the gazetteers lack stays unresolved
        small = bool(_LOCAL_KIND.match(text, mention.end))  # "Rangel neighborhood": no city on another continent
        if (not mention.demonym and chosen[0][0].feature == "town" and _URBAN_PART.match(text, mention.end)
                and where.out_of_town(chosen[0][0], mention.text)):
            continue  # "in Sorriso ... Sao Domingos neighborhood": no town of that name 1,500 km away
        # a village on another side of the world:
        if not mention.demonym and where.far_off(chosen[0][0], mention.text, local=small):
            places = [p for p, *_ in chosen if where.at_home(p, mention.text)]  # a reading where the report is, or none
            if not places:
                continue
            chosen, memo = ranking(mention.text, places, local, loose, hint, within, own.country,
                                   0.0 if loose else own_confidence)
        # a town abroad by another language's name ("Tur" as Tours beside North Darfur): only at home
        if not mention.demonym and where.alias_abroad(chosen[0][0], mention.text):
            places = [p for p, *_ in chosen if not where.alias_abroad(p, mention.text)]
            if not places:
                continue
            chosen, memo = ranking(mention.text, places, local, loose, hint, within, own.country,
                                   0.0 if loose else own_confidence)
        # the start of a longer name ("Cano Limon-Covenas", "Sahm El Golan"): only in the report's countries
        if (not mention.demonym and name_goes_on(text, mention.end) and chosen[0][0].feature in ("town", "site")
                and not by_own_name(chosen[0][0], mention.text) and chosen[0][0].population < 1_000_000):
            continue  # "Krishna Ghati sector": the start of a longer name, by an alias of a town (Machilipatnam), is no place
        if not mention.demonym and name_goes_on(text, mention.end) and where.foreign(chosen[0][0], mention.text):
            places = [p for p, *_ in chosen if not where.foreign(p, mention.text)]
            if not places:
                continue
            chosen, memo = ranking(mention.text, places, local, loose, hint, within, own.country,
                                   0.0 if loose else own_confidence)
        if memo not in alternatives:
            alternatives[memo] = _alternatives(chosen)
        best = _apply(mention, chosen, alternatives[memo])
        if area is not None and not mention.demonym:
            mention.context = area.place.name
        mention.metonymic = not mention.demonym and metonymic(
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


class _RegionPrior:
    """Readings where the report's region-bound actors fight: called on a name and its
    candidates, those in the actors' first-level divisions when the candidates lie in several
    divisions or none lies there; else, or when none does, the local tier's exact, alternate or
    variant matches there ("Vodyane" beside DPR forces: the Vodiane of Donetsk oblast, not the
    town of Zaporizhzhia the main index holds); else the candidates as they are. The divisions
    are asked for once, when a name first needs them."""

    def __init__(self, regions: "Callable[[], frozenset[str]] | None", gazetteer: Gazetteer):
        self._regions, self._codes, self._gazetteer = regions, None, gazetteer

    def __call__(self, places: list[Place], surface: str) -> list[Place]:
        if self._regions is None or not places:
            return places
        if self._codes is None:
            self._codes = self._regions()
        if not self._codes:
            return places
        inside = [p for p in places if p.admin1 in self._codes]
        if inside:
            return inside if len({p.admin1 or p.country for p in places}) > 1 else places
        villages = self._gazetteer.villages
        found = villages.find(surface, areas=sorted(self._codes)) if villages is not None else []
        return [f.place for f in found if f.match in ("exact", "alternate", "variant")] or places


def _longer_names(text: str, tokens: Words, raw: list, runs: dict[int, tuple[int, int]], covered: set[int],
                  gazetteer: Gazetteer, area_after):
    """(mention number, new raw entry, scoped) for mentions whose name goes on in the words
    after them as a village of the local tier ("Ras al-Ain", where the main index knew only
    "Ras"), looked up in the area that follows (``scoped``) or anywhere in the tier; the
    longer run's tokens are then covered."""
    for index, (mention, _, _, _) in enumerate(raw):
        if mention.demonym or mention.start not in runs:
            continue
        first, last = runs[mention.start]
        stop = last
        while (stop + 1 < len(tokens) and stop - first < 3 and stop + 1 not in covered
               and joined(text, tokens[stop], tokens[stop + 1]) and tokens[stop + 1].capitalised):
            stop += 1
        for end in range(stop, last, -1):
            surface = text[tokens[first].start:tokens[end].end]
            area = area_after(tokens[end].end)
            found = gazetteer.villages.find(surface, areas=[area.code] if area else None)
            best = [f for f in found if f.match == found[0].match] if found else []
            if best:
                covered.update(range(last + 1, end + 1))
                yield index, (Mention(mention.start, tokens[end].end, surface), [f.place for f in best],
                              best[0].match == "variant", tokens[end].possessive), area is not None
                break


def _close_readings(places: list[Place], surface: str, best: Place, others: list[Place], km: float,
                    gazetteer: Gazetteer) -> tuple[list[Place], Place, bool] | None:
    """For "A, south of B": A's readings within ``km`` of B's best reading (``best``), else of
    another of B's readings, looking among A's candidates and then the local tier in B's
    country; (A's readings, B's reading, whether the tier's were exact) or None."""
    for anchor in [best, *(p for p in others if p is not best)]:
        close = [p for p in places if geodesic_m(anchor.lon, anchor.lat, p.lon, p.lat) <= km * 1000]
        exact = True
        if not close and gazetteer.villages is not None:
            found = [f for f in gazetteer.villages.find(surface, areas=[anchor.country])
                     if geodesic_m(anchor.lon, anchor.lat, f.place.lon, f.place.lat) <= km * 1000]
            close = [f.place for f in found if f.match == found[0].match] if found else []  # the best spelled
            exact = bool(found) and found[0].match in ("exact", "alternate")
        if close:
            return close, anchor, exact
    return None


_TWIN = re.compile(r"\s*\(\s*")  # "Hays (Hays, Al Hudaydah)"
_LOCAL_KIND = re.compile(r"\s+(?:neighbou?rhoods?|village|hamlet|ward|quarter|suburb|locality|settlement|barangay|"
                         r"sub-?district|colonia|sector|section|forest|woods|river|wadi|valley|hills?|mountains?)\b", re.I)
_URBAN_PART = re.compile(r"\s+(?:neighbou?rhood|ward|quarter|suburb|barangay|colonia|favela|bairro|"
                         r"bazaar|market|chowk|square)\b", re.I)  # "Maharajganj Bazaar (market) in Agartala"
_DIVISION_SAID = re.compile(r"\s+(?:province|governorate|region|state|oblast|prefecture)\b")


def _town_by_another_name(place: Place, said: str) -> bool:
    """True when ``place`` is a town or site that ``said`` names only by one of its alternate
    names or a loose spelling (not its own name or a spelling of it)."""
    return place.feature in ("town", "site") and not by_own_name(place, said)


def _online_mentions(text: str, tokens: Words, covered: set[int], people: frozenset[str],
                     online: "OnlineGeocoder") -> list[Mention]:
    """Capitalised names after "in", "near", "outside" ... that the gazetteer lacks."""
    found = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if (index in covered or not token.text[:1].isupper() or token.text.lower() in stoplist()
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
    """The division named right after a comma ("Paris, Tenn."), if any; none for a name that is
    itself a division of that country ("Uttar Pradesh, Bihar, Madhya Pradesh": a list of states,
    Bihar no town of Madhya Pradesh)."""
    if index + 1 >= len(raw):
        return None
    if first_pass[index + 1] is not None and any(
            p.feature == "province" and p.country == first_pass[index + 1][0].country for p in raw[index][1]):
        return None
    mention, following = raw[index][0], raw[index + 1][0]
    if first_pass[index + 1] is None:  # a village the gazetteers lack: no division
        return None
    place = first_pass[index + 1][0]
    if place.feature == "province" and re.fullmatch(r",\s*", text[mention.end:following.start]):
        return place.admin1 or None
    return None
