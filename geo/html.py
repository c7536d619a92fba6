"""The one place where report text becomes HTML.

Report text is untrusted. ``esc`` makes any string safe inside HTML element
content and attribute values, and also inside the JavaScript template
literals folium wraps popups and tooltips in (`...`): besides ``& < > " '``
it encodes the backtick, the dollar sign and the backslash as character
references, so that ``${...}`` can never be evaluated and nothing can close
the literal. Browsers show the same characters.
"""

from __future__ import annotations

import html
from urllib.parse import urlsplit

__all__ = ["esc", "safe_url"]

_EXTRA = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;", "\n": " ", "\r": " ",
                        "\u2028": " ", "\u2029": " "})


def esc(value: object) -> str:
    """Text as inert HTML (None becomes the empty string)."""
    if value is None:
        return ""
    return html.escape(str(value), quote=True).translate(_EXTRA)


def safe_url(url: object) -> str | None:
    """An http(s) URL fit for an href attribute, escaped; None for anything else
    (``javascript:``, ``data:``, relative or malformed URLs)."""
    if not isinstance(url, str) or not url.strip():
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return esc(url.strip())
