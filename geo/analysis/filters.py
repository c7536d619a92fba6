"""Filters over the records frame: what the app's sidebar and the URL choose.

Pure functions of a GeoDataFrame in the schema of ``geo.frame``.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable

import geopandas as gpd
import pandas as pd

__all__ = ["filter_frame", "actors_in", "outlets_in", "date_bounds", "values_in", "kept_choice", "kept_dates",
           "listed", "narrowed", "clamped_date"]


def actors_in(frame: gpd.GeoDataFrame) -> list[str]:
    """Every actor named as first or second actor, sorted."""
    names = pd.concat([frame["actor"], frame["actor2"]]).dropna().unique()
    return sorted(str(n) for n in names)


def date_bounds(frame: gpd.GeoDataFrame) -> tuple[dt.date, dt.date] | None:
    """The earliest and latest event date, or None when nothing is dated."""
    dates = pd.to_datetime(frame["event_date"], errors="coerce").dropna()
    if dates.empty:
        return None
    return dates.min().date(), dates.max().date()


def values_in(frame: gpd.GeoDataFrame, column: str, order: Iterable[str] = ()) -> list[str]:
    """The values of ``column`` (none when the frame lacks it), those of ``order`` first in its order."""
    if column not in frame:
        return []
    found = set(frame[column].dropna().astype(str))
    first = [v for v in order if v in found]
    return first + sorted(found - set(first))


def listed(raw: str | None, options: list[str]) -> list[str]:
    """A comma-separated list from the URL, keeping only values that exist; none (no limit) when absent."""
    return [v for v in raw.split(",") if v in options] if raw else []


def narrowed(chosen: list[str], options: list[str]) -> list[str] | None:
    """What a filter keeps: None (every record) when nothing is chosen, or every option is."""
    return None if not chosen or set(chosen) >= set(options) else list(chosen)


def clamped_date(raw: str | None, bounds: tuple[dt.date, dt.date]) -> dt.date | None:
    """An ISO date from the URL, moved inside ``bounds``; None when it is none."""
    try:
        value = dt.date.fromisoformat(raw or "")
    except ValueError:
        return None
    return min(max(value, bounds[0]), bounds[1])


def kept_choice(chosen: list[str], options: list[str]) -> list[str]:
    """What stays chosen when the options change (new reports bring new actors, types ...): the chosen
    ones still offered (nothing chosen stays nothing: every record)."""
    return [v for v in chosen if v in options]


def kept_dates(picked: tuple, before: tuple[dt.date, dt.date], bounds: tuple[dt.date, dt.date]
               ) -> tuple[dt.date, dt.date]:
    """A picked date range when the data's dates move from ``before`` to ``bounds``: an end picked at
    the old bound follows the new one, one picked inside stays (kept within the new bounds)."""
    start = bounds[0] if not picked or picked[0] <= before[0] else min(max(picked[0], bounds[0]), bounds[1])
    end = bounds[1] if len(picked) < 2 or picked[1] >= before[1] else min(max(picked[1], start), bounds[1])
    return start, end


def outlets_in(frame: gpd.GeoDataFrame) -> list[str]:
    """Every outlet named by a source, sorted; sources without one are listed as ''."""
    return sorted({_outlet(source) for sources in frame["sources"] for source in (sources or [])})


def _outlet(source: dict) -> str:
    return str(source.get("outlet") or "")


def filter_frame(
    frame: gpd.GeoDataFrame,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    actors: Iterable[str] | None = None,
    kinds: Iterable[str] | None = None,
    event_types: Iterable[str] | None = None,
    sub_event_types: Iterable[str] | None = None,
    outlets: Iterable[str] | None = None,
    text: str = "",
    include_undated: bool = True,
    review_statuses: Iterable[str] | None = None,
    datasets: Iterable[str] | None = None,
    include_rejected: bool = True,
) -> gpd.GeoDataFrame:
    """Rows that pass every filter given.

    Dates: dated within [start, end] (a week- or month-precision record by the
    start of its period); undated records are kept unless ``include_undated``
    is False. Actors: the actor or the second actor is one of ``actors``. Event types: ACLED's
    event type (or ``deployment``, ``position`` ...) is one of ``event_types``; sub-event types:
    an event's ACLED sub-event type is one of ``sub_event_types`` (records without one pass).
    Outlets: any source is from one of ``outlets`` ('' for sources with none).
    Text: every word of ``text`` occurs in a quote, the place or the actor
    (case-insensitive). Review: the record's ``review_status`` is one of ``review_statuses``, and
    rejected records are left out unless ``include_rejected`` (then whatever ``review_statuses``
    says); ``datasets``: its ``dataset`` is one
    of them. Records without a review status or a dataset (a positions file's) pass both.
    ``None`` or an empty ``text`` means no limit.
    """
    keep = pd.Series(True, index=frame.index)
    dates = pd.to_datetime(frame["event_date"], errors="coerce")
    if start is not None:
        keep &= dates.isna() | (dates >= pd.Timestamp(start))
    if end is not None:
        keep &= dates.isna() | (dates <= pd.Timestamp(end))
    if not include_undated:
        keep &= dates.notna()
    if actors is not None:
        wanted = set(actors)
        keep &= frame["actor"].isin(wanted) | frame["actor2"].isin(wanted)
    if kinds is not None:
        keep &= frame["kind"].isin(set(kinds))
    if event_types is not None:
        keep &= frame["event_type"].isin(set(event_types))
    if sub_event_types is not None:  # records with no sub-event type (assets, positions) pass
        subs = frame["sub_event_type"] if "sub_event_type" in frame else pd.Series(None, index=frame.index)
        keep &= subs.isna() | subs.isin(set(sub_event_types))
    if outlets is not None:
        wanted_outlets = set(outlets)
        keep &= frame["sources"].map(lambda sources: any(_outlet(s) in wanted_outlets for s in (sources or [])))
    status = frame["review_status"] if "review_status" in frame else pd.Series(None, index=frame.index, dtype=object)
    if not include_rejected:
        keep &= status.ne("rejected")
    if review_statuses is not None:
        keep &= status.isna() | status.isin(set(review_statuses) | ({"rejected"} if include_rejected else set()))
    if datasets is not None and "dataset" in frame:
        keep &= frame["dataset"].isna() | frame["dataset"].isin(set(datasets))
    words = text.lower().split()
    if words:
        haystack = frame["sources"].map(lambda sources: " ".join(str(s.get("quote", "")) for s in (sources or [])))
        haystack = (haystack + " " + frame["place"].fillna("").astype(str) + " "
                    + frame["actor"].fillna("").astype(str)).str.lower()
        for word in words:
            keep &= haystack.str.contains(word, regex=False)
    return frame[keep]
