"""Stage 6, above the map: the view in one line.

"14 events · 6 assets · 5 positions · 1 claim | 30 Sep – 3 Oct 2015 | from 5 reports by 4 outlets |
1 claim does not hold | 25 waiting for review". ``summary_counts`` counts, ``summary_text`` words it;
both are pure. The line is plain text (the app shows it through ``md_text``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd

from ..frame import KINDS

__all__ = ["Summary", "event_days", "source_keys", "in_view", "summary_counts", "summary_text", "date_span_text",
           "counted_notice"]

NOT_HOLDING = "not consistent"  # a claim's verdict when the data contradict it (geo.analysis)
WAITING = "unreviewed"  # a record's review status before anyone has looked at it (geo.store)


@dataclass(frozen=True)
class Summary:
    kinds: dict[str, int] = field(default_factory=dict)  # records by kind, in geo.frame's order
    first: dt.date | None = None
    last: dt.date | None = None
    reports: int = 0
    outlets: int = 0
    not_holding: int = 0
    waiting: int | None = None  # None: the records have no review status (a records file, not the store)


def event_days(frame: gpd.GeoDataFrame) -> pd.Series:
    """Each record's event date as a day (NaT when undated or unreadable), by the frame's index: parsed
    once per data set, then looked up for each view (``in_view``)."""
    return pd.to_datetime(frame["event_date"], errors="coerce", format="ISO8601").dt.normalize()


def source_keys(frame: gpd.GeoDataFrame) -> pd.DataFrame:
    """One row per source of each record: the record's index ``label``, its ``report`` and ``outlet``
    (None when not named). Made once per data set, so that a view's counts need no loop."""
    rows = [(label, source.get("report"), source.get("outlet") or None)
            for label, sources in zip(frame.index, frame["sources"]) for source in (sources or ())]
    return pd.DataFrame(rows, columns=["label", "report", "outlet"])


def in_view(view: gpd.GeoDataFrame, days: pd.Series | None) -> pd.Series:
    """The event days of ``view``'s records: looked up in ``days`` (``event_days`` of the frame the view
    is part of) when given and its index is unique, else parsed."""
    if days is not None and days.index.is_unique:
        return days.reindex(view.index)
    return event_days(view)


def summary_counts(view: gpd.GeoDataFrame, *, days: pd.Series | None = None,
                   sources: pd.DataFrame | None = None) -> Summary:
    """Records by kind, the span of event dates, the distinct reports and outlets of the sources,
    the claims that do not hold and the records waiting for review. ``days`` (``event_days``) and
    ``sources`` (``source_keys``) of the whole frame save parsing and looping at each view."""
    counted = view["kind"].value_counts()
    kinds = {k: int(counted[k]) for k in [*KINDS, *sorted(set(counted.index) - set(KINDS))] if k in counted}
    dates = in_view(view, days).dropna()
    keys = source_keys(view) if sources is None else sources[sources["label"].isin(view.index)]
    reports, outlets = keys["report"].dropna().unique(), keys["outlet"].dropna().unique()
    claims = view["kind"] == "claim"
    not_holding = int((view.loc[claims, "verdict"] == NOT_HOLDING).sum()) if "verdict" in view else 0
    waiting = int((view["review_status"] == WAITING).sum()) if "review_status" in view else None
    return Summary(kinds, dates.min().date() if len(dates) else None, dates.max().date() if len(dates) else None,
                   len(reports), len(outlets), not_holding, waiting)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def date_span_text(first: dt.date | None, last: dt.date | None) -> str:
    """'30 Sep 2015', '1 – 30 Sep 2015', '30 Sep – 3 Oct 2015', '30 Dec 2015 – 2 Jan 2016'; 'undated'."""
    if first is None or last is None:
        return "undated"
    if first == last:
        return f"{first.day} {first:%b %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} – {last.day} {last:%b %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%b} – {last.day} {last:%b %Y}"
    return f"{first.day} {first:%b %Y} – {last.day} {last:%b %Y}"


def summary_text(summary: Summary) -> str:
    """The line: kinds, dates, reports and outlets, and (when there are any) claims that do not hold
    and records waiting for review."""
    kinds = " · ".join(_plural(n, kind) for kind, n in summary.kinds.items()) or "no records"
    parts = [kinds, date_span_text(summary.first, summary.last),
             f"from {_plural(summary.reports, 'report')} by {_plural(summary.outlets, 'outlet')}"]
    if summary.not_holding:
        parts.append(f"{_plural(summary.not_holding, 'claim')} {'does' if summary.not_holding == 1 else 'do'} not hold")
    if summary.waiting:
        parts.append(f"{summary.waiting:,} waiting for review")
    return " | ".join(parts)


def counted_notice(counted, drawing) -> str:
    """What the map of a large store shows of the view whose counts are ``counted`` (``geo.store.aggregates``'
    view counts: total, cells, step) when it draws ``drawing`` (``geo.render.drawing.Drawing``)."""
    drawn = len(drawing.detailed) + len(drawing.compact)
    located = int(counted.cells["n"].sum())
    return (f"{counted.total:,} records match. The map draws the {drawn:,} most recent ({len(drawing.detailed):,} "
            f"with popups, the rest as dots); its layer 'Records per {counted.step:g}° cell' counts all {located:,} "
            "located ones. Narrow the filters to draw each one.")
