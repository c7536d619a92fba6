"""The choices the app's filters offer for a records frame, in the order they are listed.

A pure function of the frame (``geo.frame``'s columns, and ``review_status`` and ``dataset``
when the records come from the store).
"""

from __future__ import annotations

from collections import Counter

import geopandas as gpd
import pandas as pd

from ..analysis.filters import actors_in, date_bounds, outlets_in, values_in
from ..extract.vocabulary import codebook_order
from ..frame import KINDS

__all__ = ["facets", "option_counts", "STATUS_ORDER", "OUR_DATASET"]

STATUS_ORDER = ("unreviewed", "confirmed", "edited", "rejected")
OUR_DATASET = "extracted"  # as geo.store names the records our extraction gives (listed first)


def facets(frame: gpd.GeoDataFrame) -> dict:
    """Dates (bounds), actors, types, sub-types, kinds, outlets, review statuses (rejected is a
    switch of its own), datasets, the actors that have positions, and how many records are rejected."""
    return {"dates": date_bounds(frame), "actors": actors_in(frame),
            "types": codebook_order(frame["event_type"]),
            "sub_types": codebook_order(frame["sub_event_type"]) if "sub_event_type" in frame else [],
            "kinds": [k for k in KINDS if k in set(frame["kind"])], "outlets": outlets_in(frame),
            "statuses": [s for s in values_in(frame, "review_status", STATUS_ORDER) if s != "rejected"],
            "datasets": values_in(frame, "dataset", [OUR_DATASET]),
            "rejected": int(frame["review_status"].eq("rejected").sum()) if "review_status" in frame else 0,
            "position_actors": sorted(frame.loc[frame["kind"] == "position", "actor"].dropna().astype(str).unique()),
            "counts": option_counts(frame)}


def option_counts(frame: gpd.GeoDataFrame) -> dict[str, dict[str, int]]:
    """How many records each filter option holds, by filter ("actors", "types", "sub_types", "kinds",
    "outlets", "statuses", "datasets"): a record counts once for an actor named first and second, and
    once for an outlet of several of its sources ('' for sources without one)."""
    def counted(column: str) -> dict[str, int]:
        if column not in frame:
            return {}
        return {str(k): int(v) for k, v in frame[column].dropna().astype(str).value_counts().items()}

    second = frame["actor2"].where(frame["actor2"] != frame["actor"])  # named twice: counted once
    actors = pd.concat([frame["actor"], second]).dropna().astype(str)
    outlets = Counter(name for sources in frame["sources"]
                      for name in {str(s.get("outlet") or "") for s in (sources or [])})
    return {"actors": {str(k): int(v) for k, v in actors.value_counts().items()}, "types": counted("event_type"),
            "sub_types": counted("sub_event_type"), "kinds": counted("kind"), "outlets": dict(outlets),
            "statuses": counted("review_status"), "datasets": counted("dataset")}
