"""The folium map as one self-contained HTML file that opens offline from disk.

In the app the map's scripts and stylesheets are links to the vendored copies that Streamlit
serves at ``/app/static/vendor/`` (``geo.render.assets``). A downloaded file has no server behind it,
so ``standalone_html`` puts the files themselves into the page:

- every ``<script src>`` and ``<link rel="stylesheet" href>`` under the vendor URL becomes an
  inline ``<script>`` / ``<style>`` holding the file, marked ``data-inlined="<path>"``;
- ``url(...)`` references in that CSS (and in the page's own ``<style>`` blocks) become
  ``data:`` URIs: Leaflet's and awesome-markers' images, and the Font Awesome fonts in their
  WOFF2 form. Font Awesome's TrueType fallbacks (about 0.75 MB, three times over) are left
  out with a CSS comment: every browser that runs Leaflet 1.9 reads WOFF2;
- Leaflet cannot find its default marker images in ``data:`` URIs, so a one-line script
  after Leaflet hands them to ``L.Icon.Default``.

Online tile layers (OpenStreetMap, satellite) stay as they are: they load only when the user
switches them on. Inlined text cannot end its element early: ``</script`` in JavaScript
becomes ``<\\/script`` (the same string to JavaScript), ``</style`` in CSS ``<\\/style``.

The file carries a Content-Security-Policy (a ``<meta>`` at the top of ``<head>``): only the
scripts it holds run, each allowed by its SHA-256, so markup that ever slipped into a popup
could not run a handler (``onerror=``) or a script of its own; it connects nowhere, submits no
form, embeds no frame or plugin, and loads images only from ``data:`` URIs and the two tile
services the user may switch on.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import folium

from .assets import DEFAULT_BASE_URL
from ..errors import AssetsMissingError

__all__ = ["VENDOR_DIR", "TILE_HOSTS", "standalone_html", "inline_css", "content_security_policy"]

VENDOR_DIR = Path(__file__).resolve().parents[2] / "static" / "vendor"

# One scan of the rendered page, so that inlined files are never scanned again. The page's own
# inline scripts are matched whole and kept as they are, so nothing inside them is touched.
_TAGS = re.compile(
    r"(?P<script><script\b[^>]*?\ssrc\s*=\s*([\"'])(?P<src>.*?)\2[^>]*>\s*</script\s*>)"
    r"|(?P<inline><script\b[^>]*>.*?</script\s*>)"
    r"|(?P<style>(?P<open><style\b[^>]*>)(?P<css>.*?)(?P<close></style\s*>))"
    r"|(?P<link><link\b[^>]*>)",
    re.I | re.S,
)
_ATTRIBUTE = re.compile(r"""\s(?P<name>[\w-]+)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))""")
_CSS_URL = re.compile(r"""url\(\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^"')\s]*))\s*\)""", re.I)
_JS_SOURCE_MAP = re.compile(r"^[ \t]*//# sourceMappingURL=\S*[ \t]*$", re.M)  # only devtools fetch these
_CSS_SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/")
_SCHEME = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)  # http:, data:, ... or protocol-relative

_MEDIA_TYPES = {".png": "image/png", ".gif": "image/gif", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
                ".svg": "image/svg+xml", ".webp": "image/webp", ".cur": "image/x-icon",
                ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".otf": "font/otf",
                ".eot": "application/vnd.ms-fontobject"}
_FONT_FALLBACKS = frozenset({".ttf", ".otf", ".woff", ".eot"})  # WOFF2 is inlined instead
_SCRIPT_BODY = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.I | re.S)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
# Where the online tile layers of geo.render.webmap come from (loaded only when switched on).
TILE_HOSTS = ("https://tile.openstreetmap.org", "https://*.tile.openstreetmap.org", "https://server.arcgisonline.com")
_LEAFLET_JS = "leaflet/leaflet.js"
_LEAFLET_ICONS = {"iconUrl": "leaflet/images/marker-icon.png", "iconRetinaUrl": "leaflet/images/marker-icon-2x.png",
                  "shadowUrl": "leaflet/images/marker-shadow.png"}


def _missing(vendor_dir: Path, what: str) -> AssetsMissingError:
    return AssetsMissingError(
        f"Expected the vendored web assets in {vendor_dir}, instead {what} is missing. "
        "Run `python -m geo.render.assets` in the project root (after `npm ci`)."
    )


def _vendored_file(vendor_dir: Path, relative: str) -> Path:
    """The file at ``relative`` inside ``vendor_dir``; AssetsMissingError when absent or outside."""
    root = vendor_dir.resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(root):
        raise AssetsMissingError(f"Expected a link to a file inside {vendor_dir}, instead got one to {path}.")
    if not path.is_file():
        raise _missing(vendor_dir, str(path))
    return path


def _data_uri(path: Path) -> str:
    media_type = _MEDIA_TYPES.get(path.suffix.lower(), "application/octet-stream")
    return f"data:{media_type};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _value(match: re.Match) -> str:
    """The value of an attribute or url() match, whichever way it was quoted."""
    return next(v for v in (match.group("dq"), match.group("sq"), match.group("bare")) if v is not None)


def _attributes(tag: str) -> dict[str, str]:
    return {m.group("name").lower(): _value(m) for m in _ATTRIBUTE.finditer(tag)}


def _strip_query(url: str) -> str:
    return url.split("#", 1)[0].split("?", 1)[0]


def _embedded_url(vendor_dir: Path, relative: str, *, fonts: bool) -> str:
    """A CSS ``url(...)`` holding the vendored file, or an empty one for a font left out."""
    path = _vendored_file(vendor_dir, relative)
    suffix = path.suffix.lower()
    if suffix in _FONT_FALLBACKS or (not fonts and suffix == ".woff2"):
        return f'url("data:,")/* {path.name} left out of the standalone file */'
    return f'url("{_data_uri(path)}")'


def inline_css(css: str, *, folder: str, vendor_dir: Path = VENDOR_DIR, fonts: bool = True,
               remote: list[str] | None = None) -> str:
    """A vendored stylesheet ready to sit in a ``<style>`` element.

    Every relative ``url(...)`` is resolved from ``folder`` (the stylesheet's vendor-relative
    folder) and becomes a ``data:`` URI; font fallbacks (TrueType, WOFF, EOT), and with
    ``fonts=False`` every font, are left out with a comment. ``data:`` URIs and fragments
    (``#default#VML``) stay; remote URLs stay too and are appended to ``remote`` when given.
    """
    def replace(match: re.Match) -> str:
        ref = _value(match).strip()
        if not ref or ref.startswith("#") or ref.lower().startswith("data:"):
            return match.group(0)
        if _SCHEME.match(ref) or ref.startswith("/"):
            if remote is not None:
                remote.append(ref)
            return match.group(0)
        return _embedded_url(vendor_dir, f"{folder}/{_strip_query(ref)}".lstrip("/"), fonts=fonts)

    css = _CSS_URL.sub(replace, _CSS_SOURCE_MAP.sub("", css))
    return re.sub(r"</(style)", r"<\\/\1", css, flags=re.I)


def _inline_script(js: str, name: str) -> str:
    js = re.sub(r"</(script)", r"<\\/\1", _JS_SOURCE_MAP.sub("", js), flags=re.I)
    return f'<script data-inlined="{name}">\n{js}\n</script>'


def _icon_script(vendor_dir: Path) -> str:
    """Leaflet finds its marker images through leaflet.css's URL, which a data: URI defeats."""
    icons = {option: _data_uri(_vendored_file(vendor_dir, path)) for option, path in _LEAFLET_ICONS.items()}
    return f'<script>L.Icon.Default.imagePath = "";L.Icon.Default.mergeOptions({json.dumps(icons)});</script>'


def content_security_policy(html: str) -> str:
    """The policy for a page whose every script is inline: each allowed by its hash, nothing else."""
    hashes = sorted({"'sha256-" + base64.b64encode(hashlib.sha256(m.group("body").encode("utf-8")).digest()).decode()
                     + "'" for m in _SCRIPT_BODY.finditer(html) if "src" not in _attributes(m.group("attrs"))})
    return "; ".join([
        "default-src 'none'", "script-src " + (" ".join(hashes) or "'none'"),
        "style-src 'unsafe-inline'", f"img-src data: {' '.join(TILE_HOSTS)}", "font-src data:",
        "connect-src 'none'", "frame-src 'none'", "object-src 'none'", "base-uri 'none'", "form-action 'none'",
    ])


def _with_policy(html: str) -> str:
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(html)}">'
    head = _HEAD.search(html)
    if head is None:
        return meta + html
    return html[:head.end()] + meta + html[head.end():]


def standalone_html(m: folium.Map, *, vendor_dir: Path = VENDOR_DIR, base_url: str = DEFAULT_BASE_URL,
                    fonts: bool = True, strict: bool = True) -> str:
    """The rendered map as one HTML document that needs no server and no network.

    Scripts and stylesheets linked under ``base_url`` are read from ``vendor_dir`` and inlined,
    with the files their CSS points at as ``data:`` URIs (see the module docstring); so are
    ``url(...)``s under ``base_url`` in the page's own ``<style>`` elements. With
    ``fonts=False`` the icon fonts are left out (about 1.1 MB less; only ``folium.Icon``
    markers use them). Raises AssetsMissingError when a vendored file is missing and, with
    ``strict``, when the page links a script, stylesheet or CSS url() anywhere else (a CDN).
    """
    if not vendor_dir.is_dir():
        raise _missing(vendor_dir, "the folder")
    prefix = base_url.rstrip("/") + "/"
    remote: list[str] = []

    def vendored(url: str) -> str | None:
        """The vendor-relative path of a link under ``base_url``; None (noted as remote) otherwise."""
        if url.startswith(prefix):
            return _strip_query(url[len(prefix):])
        if not url.lower().startswith("data:"):
            remote.append(url)
        return None

    def page_css(css: str) -> str:
        def replace(match: re.Match) -> str:
            ref = _value(match).strip()
            if ref.startswith(prefix):
                return _embedded_url(vendor_dir, _strip_query(ref[len(prefix):]), fonts=fonts)
            if _SCHEME.match(ref) and not ref.lower().startswith("data:"):
                remote.append(ref)
            return match.group(0)
        return _CSS_URL.sub(replace, css)

    def stylesheet(tag: str) -> str:
        attributes = _attributes(tag)
        if "stylesheet" not in attributes.get("rel", "").lower().split() or "href" not in attributes:
            return tag
        path = vendored(attributes["href"])
        if path is None:
            return tag
        css = _vendored_file(vendor_dir, path).read_text(encoding="utf-8")
        folder = path.rpartition("/")[0]
        css = inline_css(css, folder=folder, vendor_dir=vendor_dir, fonts=fonts, remote=remote)
        return f'<style data-inlined="{path}">\n{css}\n</style>'

    def script(src: str, tag: str) -> str:
        path = vendored(src)
        if path is None:
            return tag
        inlined = _inline_script(_vendored_file(vendor_dir, path).read_text(encoding="utf-8"), path)
        return inlined + _icon_script(vendor_dir) if path == _LEAFLET_JS else inlined

    def replace(match: re.Match) -> str:
        if match.group("script"):
            return script(match.group("src"), match.group(0))
        if match.group("style"):
            return match.group("open") + page_css(match.group("css")) + match.group("close")
        if match.group("link"):
            return stylesheet(match.group(0))
        return match.group(0)  # the page's own inline scripts

    html = _TAGS.sub(replace, m.get_root().render())
    if strict and remote:
        listed = ", ".join(dict.fromkeys(remote))
        raise AssetsMissingError(
            f"Expected only vendored scripts and stylesheets on the map, instead it links: {listed}. "
            "Localise them with geo.render.assets.apply_offline, or pass strict=False to keep them as links."
        )
    return _with_policy(html)
