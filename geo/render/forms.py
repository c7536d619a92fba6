"""What the app's review form asks and which files it offers, declared as data (the app makes the
widgets; ``geo`` never imports streamlit).

``REVIEW_FORM``: (widget, label, field, options) in the order shown, three to a row; the fields are
``geo.store.review.FORM_FIELDS``. ``ANY_DATE``: a date input's settings for a day picked by hand.
``DOWNLOADS``: (label, kind, file name, media type) of each export
of the filtered view (the kind is the suffix ``geo.store.output.records_bytes`` takes, or ``html``
for the map).
"""

from __future__ import annotations

import datetime as dt

from ..extract.vocabulary import ASSET_TYPES, EVENT_TYPES, POSITION_TYPE, SUB_EVENT_TYPES
from ..gazetteer import FEATURES

__all__ = ["REVIEW_FORM", "DOWNLOADS", "REVIEW_ACTIONS", "ANY_DATE"]

_TYPES = ["", *EVENT_TYPES, *SUB_EVENT_TYPES, *ASSET_TYPES, POSITION_TYPE]  # "" changes nothing
_PRECISIONS = ["", *FEATURES, "offset", "between", "border"]

REVIEW_FORM = [
    ("text_input", "Place (a gazetteer name)", "place", None), ("text_input", "or latitude", "lat", None),
    ("text_input", "and longitude", "lon", None), ("text_input", "Actor", "actor", None),
    ("text_input", "Second actor", "actor2", None), ("selectbox", "Type", "event_type", _TYPES),
    ("date_input", "Date", "date", None), ("selectbox", "Located to", "precision", _PRECISIONS),
    ("text_input", "Note", "note", None),
]
REVIEW_ACTIONS = [("Confirm", "confirmed"), ("Reject", "rejected"), ("Save edits", "edit")]  # (button, action)
DOWNLOADS = [
    ("GeoJSON", "geojson", "records.geojson", "application/geo+json"),
    ("CSV (ACLED-like)", "csv", "records.csv", "text/csv"),
    ("GeoPackage", "gpkg", "records.gpkg", "application/geopackage+sqlite3"),
    ("Map (HTML)", "html", "map.html", "text/html"),
]
# A date picked by hand: none at first, and any day (Streamlit's default window is ten years back from today).
ANY_DATE = {"value": None, "min_value": dt.date(1900, 1, 1), "max_value": dt.date(2100, 12, 31)}
