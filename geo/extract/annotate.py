"""Extraction, the components chained: one report's ``Document`` with every layer set.

Like spaCy's ``Language`` pipeline: each component takes the document and returns it with the
layer its stage owns (``geo.extract.document`` describes the layers), in an order where each
reads only the layers before it: place mentions, dates, actors, the links and cues the rules
read, then triggers (which search only sentences that could place a record).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..io.reports import Report
from .actors import ActorLexicon, mark_actors
from .cues import mark_cues, mark_links
from .document import Document, mark_dates
from .events import mark_triggers
from .places import mark_mentions
from .relative import mark_offsets

if TYPE_CHECKING:
    from ..gazetteer.geocode import OnlineGeocoder
    from ..gazetteer.index import Gazetteer

__all__ = ["annotate"]


def annotate(report: Report, *, gazetteer: Gazetteer, actors: ActorLexicon,
             online: OnlineGeocoder | None = None) -> Document:
    """The document of one report (its text already normalised), with every layer set."""
    doc = Document(report)
    mark_mentions(doc, gazetteer, online=online)
    mark_offsets(doc)
    mark_dates(doc)
    mark_actors(doc, actors)
    mark_links(doc)
    mark_cues(doc)
    mark_triggers(doc, actors)
    return doc
