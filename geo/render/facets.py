"""The choices the app's filters offer for a records frame, in the order they are listed.

A pure function of the frame (``geo.frame``'s columns, and ``review_status`` and ``dataset``
when the records come from the store).
"""

from __future__ import annotations

import geopandas as gpd

from ..analysis.filters import actors_in, date_bounds, outlets_in, values_in
from ..extract.vocabulary import codebook_order
from ..frame import KINDS

__all__ = ["facets", "STATUS_ORDER", "OUR_DATASET"]

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
            "position_actors": sorted(frame.loc[frame["kind"] == "position", "actor"].dropna().astype(str).unique())}
