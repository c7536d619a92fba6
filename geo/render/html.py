"""The one place where untrusted text is made safe for the page it lands on.

Report text, metadata, file names, uploaded fields and record ids are untrusted.

- ``esc`` makes any string safe inside HTML element content and attribute values, and inside
  the JavaScript template literals folium wraps popups and tooltips in (`...`): besides
  ``& < > " '`` it encodes the backtick, the dollar sign and the backslash as character
  references, so that ``${...}`` can never be evaluated and nothing can close the literal. It
  also encodes ``{`` and ``}``: branca compiles every rendered map script as a Jinja template
  a second time, and escaped text must never hold ``{{``, ``{%`` or ``{#``. Browsers show the
  same characters.
- ``safe_json`` is JSON for a ``<script>`` element: it cannot end the element, and no string
  in it can open a Jinja tag.
- ``safe_url`` keeps http(s) links only.
- ``css_token`` turns an id into something a ``class`` attribute can hold.
- ``md_text`` is for Streamlit, whose alerts, captions and labels read Markdown: every ASCII
  punctuation character is backslash-escaped (CommonMark's rule), so a string shows as the
  characters it holds: no image is fetched, no link, emphasis, colour or maths is made.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from typing import Any
from urllib.parse import urlsplit

__all__ = ["esc", "safe_url", "safe_json", "css_token", "md_text"]

_EXTRA = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;", "{": "&#123;", "}": "&#125;",
                        "\n": " ", "\r": " ", "\u2028": " ", "\u2029": " "})
# In JSON text a "{" followed by "{", "%" or "#" can only sit inside a string.
_JINJA_OPEN = re.compile(r"\{(?=[{%#])")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")
_MARKDOWN = re.compile(r"([!-/:-@\[-`{-~])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


def esc(value: object) -> str:
    """Text as inert HTML (None becomes the empty string)."""
    if value is None:
        return ""
    return html.escape(str(value), quote=True).translate(_EXTRA)


def safe_json(value: Any) -> str:
    """JSON that cannot end a <script> element early, nor hold a Jinja tag."""
    text = json.dumps(value, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return _JINJA_OPEN.sub(r"\\u007b", text)


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


def css_token(value: object) -> str:
    """``value`` when it is a plain token (letters, digits, '_', '-'), else a stable
    hash of it: record ids become class names, and a class name holds no spaces or quotes."""
    text = "" if value is None else str(value)
    if _TOKEN.fullmatch(text):
        return text
    return "h" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def md_text(value: object) -> str:
    """Text for a Streamlit element that reads Markdown, shown as the characters it holds
    (on one line: line breaks become spaces)."""
    text = "" if value is None else str(value)
    return _MARKDOWN.sub(r"\\\1", _LINE_BREAKS.sub(" ", text))
