"""How decisions meet records: a decision's anchor, which stored row each decision belongs to,
and a row's values once its decision is applied.

A decision is keyed by its record's source sentence (``geo.store.schema``); ``match_decisions``
finds it again after re-extraction, also when new rules read another place in the sentence.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any, Iterable

from .schema import ANCHOR

__all__ = ["decision_key", "match_decisions", "apply_decisions"]


def decision_key(row: Any) -> tuple:
    """The anchor of a records row (a mapping or a Row): report hash, sentence offsets, kind, place start."""
    get = row.get if isinstance(row, dict) else row._mapping.get
    return tuple(get(name) for name in ANCHOR)


def match_decisions(rows: Iterable[dict], found: Iterable[Any]) -> dict[Any, Any]:
    """The decision of each records row (by its ``id``) among ``found``: the one of its anchor; else,
    when new rules read another place in the sentence (its ``place_start`` moved), the one decision
    of its sentence and kind that no record's anchor takes, if that sentence and kind give one
    record without a decision of its own."""
    exact = {decision_key(d): d for d in found}
    matched, waiting = {}, defaultdict(list)
    for row in rows:
        key = decision_key(row)
        if key in exact:
            matched[row["id"]] = exact[key]
        else:
            waiting[key[:4]].append(row)
    taken = {decision_key(d) for d in matched.values()}
    spare = defaultdict(list)
    for key, decision in exact.items():
        if key not in taken:
            spare[key[:4]].append(decision)
    for sentence, rows_left in waiting.items():
        if len(rows_left) == 1 and len(spare.get(sentence, ())) == 1:
            matched[rows_left[0]["id"]] = spare[sentence][0]
    return matched


def apply_decisions(row: dict, decision: Any | None, *, edits: bool = True) -> dict:
    """A records row as the analyst left it: ``review_status``, ``reviewed_by``, ``reviewed_at`` set
    (unreviewed and null without a decision), and the fields edited unless ``edits`` is False
    (they are then in ``edits``, a dict)."""
    if decision is None:
        return row | {"review_status": "unreviewed", "reviewed_by": None, "reviewed_at": None, "edits": {}}
    changed = json.loads(decision.edits)
    return row | (changed if edits else {}) | {"review_status": decision.review_status,
                                               "reviewed_by": decision.reviewed_by,
                                               "reviewed_at": decision.reviewed_at, "edits": changed}
