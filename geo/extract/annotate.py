"""Extraction, the components chained: one report's ``Document`` with every layer set.

Like spaCy's ``Language`` pipeline: each component takes the document and returns it with the
layer its stage owns (``geo.extract.document`` describes the layers), in an order where each
reads only the layers before it: place mentions, dates, actors, the links and cues the rules
read, then triggers (which search only sentences that could place a record).
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from urllib.parse import urlsplit
from typing import TYPE_CHECKING, Sequence

from ..io.reports import Report
from .actors import ActorLexicon, ActorMention, mark_actors
from .cues import mark_cues, mark_links
from .clauses import split_clauses
from .document import Document, mark_dates, split_sentences
from .events import mark_triggers
from .places import Mention, mark_mentions, mention_in_original
from .relative import anchored, as_mention, mark_offsets
from ..text.normalise import normalise

if TYPE_CHECKING:
    from ..gazetteer.geocode import OnlineGeocoder
    from ..gazetteer.index import Gazetteer

__all__ = ["annotate", "actor_countries", "actor_areas", "outlet_countries", "place_mentions"]


def annotate(report: Report, *, gazetteer: Gazetteer, actors: ActorLexicon,
             online: OnlineGeocoder | None = None) -> Document:
    """The document of one report (its text already normalised), with every layer set; a
    sentence telling two doers' events is read as its two clauses (``clauses.split_clauses``)."""
    doc = Document(report, sentences=split_clauses(report.text, split_sentences(report.text)))
    named = lru_cache(maxsize=1)(lambda: actors.find(doc.text))  # asked by both, read once
    mark_mentions(doc, gazetteer, online=online,
                  told=lambda: _countries_of(named()) + outlet_countries(report.url),
                  regions=lambda: _areas_of(named()))
    mark_offsets(doc)
    mark_dates(doc)
    mark_actors(doc, actors)
    mark_links(doc)
    mark_cues(doc)
    mark_triggers(doc, actors)
    return doc


def actor_countries(text: str, actors: ActorLexicon) -> Counter[str]:
    """The countries where the actors ``text`` names fight, each actor's weight shared among
    its countries ("the Houthis": Yemen and Saudi Arabia), ambiguous mentions left out, and so
    are the words of an ambiguous row ("rebels", "RSF"), which name their actor only where it
    fights and so cannot say where that is."""
    return _countries_of(actors.find(text))


def _countries_of(mentions: Sequence[ActorMention]) -> Counter[str]:
    weights: Counter[str] = Counter()
    for mention in mentions:
        countries = mention.actor.countries
        if mention.via is None and not mention.ambiguous and countries:
            for country in countries:
                weights[country] += 1.0 / len(countries)
    return weights


def actor_areas(text: str, actors: ActorLexicon) -> frozenset[str]:
    """The first-level divisions where the region-bound actors ``text`` names fight ("DPR
    forces": Donetsk oblast; "the Arakan Army": Rakhine and Chin), ambiguous mentions left out."""
    return _areas_of(actors.find(text))


def _areas_of(mentions: Sequence[ActorMention]) -> frozenset[str]:
    return frozenset(area for mention in mentions if mention.via is None and not mention.ambiguous
                     for area in mention.actor.areas)


# Country-code domains that are sold as generic names (.io, .co, .tv, .ly as in bit.ly, .ml, ...)
# say nothing of where an outlet is.
_GENERIC_TLDS = frozenset("io co tv me fm ly ai gg cc ws to am nu tk ml ga cf gq la im sh ac vc st pw".split())


def outlet_countries(url: str | None) -> Counter[str]:
    """The country of an outlet's web address, by its country-code domain ("www.kyivpost.com.ua"
    is Ukraine, ".uk" Britain), weighted as one actor; nothing for generic domains."""
    try:
        host = urlsplit(url or "").hostname or ""
    except ValueError:  # "http://[::1" and the like: a malformed address says nothing
        return Counter()
    code = host.rsplit(".", 1)[-1].lower() if "." in host else ""
    if len(code) != 2 or not code.isalpha() or code in _GENERIC_TLDS:
        return Counter()
    return Counter({"GB" if code == "uk" else code.upper(): 1.0})


def place_mentions(text: str, gazetteer: Gazetteer, *, online: OnlineGeocoder | None = None) -> list[Mention]:
    """The place mentions of ``text`` as the ``python -m geo mentions`` contract gives them:
    the mentions layer, with each anchor of a relative location replaced by the location
    ("14 km north of Manbij": feature ``offset``, ``context`` the anchor); offsets and text
    are those of ``text`` itself."""
    norm = normalise(text)
    doc = mark_offsets(mark_mentions(Document(Report(id="", text=norm.text)), gazetteer, online=online))
    found, replaced = [], set()
    for mention in doc.mentions:
        offset = anchored(doc, mention)
        if offset is None:
            found.append(mention)
        elif offset.start not in replaced:  # a road between two places: one location for both
            replaced.add(offset.start)
            found.append(as_mention(offset, mention))
    return [mention_in_original(m, norm) for m in sorted(found, key=lambda m: m.start)]
