"""Leaflet layers that carry data into the page, for ``geo.render.webmap``.

folium elements render their script through Jinja, and branca then wraps each
rendered script in an ``Element(text)``, which compiles the text as a Jinja
template again: for megabytes of records that costs more than building the
map. The layers here put finished script text into the page as it is. Every
value reaches the script as ``geo.render.html.safe_json``, so report text (already
escaped for HTML by ``geo.render.html.esc``) cannot end the <script> element, and no
string can form a Jinja tag should a template ever see it again.
"""

from __future__ import annotations

from branca.element import Element, MacroElement
from jinja2 import Template

from .html import safe_json

__all__ = ["safe_json", "ScriptData", "Basemap", "RecordLayer", "ShapeLayer", "DotLayer", "Legend", "FramingControl", "FullscreenControl"]


class _Raw(Element):
    """Finished script text, put into the page as it is."""

    _template = Template("{{ this.text }}")

    def __init__(self, text: str):
        super().__init__()
        self.text = text


class _DataLayer(MacroElement):
    """A MacroElement whose script goes into the page without being compiled again."""

    def render(self, **kwargs):
        script = self._template.module.__dict__["script"](self, kwargs)
        self.get_root().script.add_child(_Raw(script), name=self.get_name())


class ScriptData(_DataLayer):
    """A value for the page's later scripts: ``var <name> = <JSON>;`` (``safe_json`` text), put into the
    page as it is. A folium plugin's template that held the value itself would be compiled as Jinja once
    more at every rerun (26 ms for the 500 records of the "Playback" layer); it names this instead."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = {{ this.json }};
        {% endmacro %}
    """)

    def __init__(self, json_text: str):
        super().__init__()
        self._name = "ScriptData"
        self.json = json_text


class Basemap(_DataLayer):
    """The country outlines, serialised once per basemap object (the app keeps one),
    not at every rerun: they are the largest fixed part of the page. With ``url`` (a file the app
    serves) the page fetches them instead: its map's script is then a fifth of the size, and the
    markers are drawn without waiting for them."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {% if this.url %}
        fetch({{ this.url }}).then(function (response) { return response.json(); }).then(function (data) {
            L.geoJson(data, {{ this.options }}).addTo({{ this._parent.get_name() }});
        });
        {% else %}
        L.geoJson({{ this.text }}, {{ this.options }}).addTo({{ this._parent.get_name() }});
        {% endif %}
        {% endmacro %}
    """)
    _last: tuple[dict, str] | None = None  # (the basemap, its JSON): one slot is enough

    def __init__(self, basemap: dict | None, *, pane: str = "overlayPane", url: str | None = None):
        super().__init__()
        self._name = "Basemap"
        self.options = ("{interactive: false, pane: %s, style: function () {"
                        " return {color: \"#777777\", weight: 0.8, fillColor: \"#eeeeea\", fillOpacity: 1.0}; }}"
                        % safe_json(pane))
        self.url = safe_json(url) if url else None
        if url:
            return
        if Basemap._last is None or Basemap._last[0] is not basemap:
            Basemap._last = (basemap, safe_json(basemap))
        self.text = Basemap._last[1]


class RecordLayer(_DataLayer):
    """Records as one GeoJSON layer: the style, popup HTML (already escaped) and
    tooltip travel as feature properties, so the page holds data, not code per marker.
    An edited record (``ring``) gets a dark ring round its marker."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJson({{ this.data }}, {
            pointToLayer: function (feature, latlng) {
                var p = feature.properties;
                var marker = L.circleMarker(latlng, {radius: p.r, color: p.s || p.c, fillColor: p.c, fill: true,
                    fillOpacity: p.fo, opacity: p.o === undefined ? 1 : p.o, weight: 2, dashArray: p.d,
                    className: p.cls});
                if (!p.ring) { return marker; }
                var ring = L.circleMarker(latlng, {radius: p.r + 4, color: "#111111", weight: 2, fill: false,
                    interactive: false, className: "geo-edited-ring"});
                return L.featureGroup([ring, marker]);
            },
            onEachFeature: function (feature, layer) {
                var p = feature.properties;
                if (p.popup) { layer.bindPopup(p.popup, {maxWidth: 420}); }
                if (p.tip) { layer.bindTooltip(p.tip); }
            }
        }).addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, features: list[dict]):
        super().__init__()
        self._name = "RecordLayer"
        self.data = safe_json({"type": "FeatureCollection", "features": features})


class DotLayer(_DataLayer):
    """Many records as small dots on a canvas, given as columns: {"lat": [...], "lon": [...], "colour":
    [index into ``colours``, ...], "tip": [...]}. The tooltip is "#<record id>" escaped as HTML (Leaflet
    sets it as innerHTML), so that a click selects its row and an id never runs as markup."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var colours = {{ this.colours }};
            var dots = {{ this.dots }};
            var renderer = L.canvas({padding: 0.3});
            var group = {{ this._parent.get_name() }};
            for (var i = 0; i < dots.lat.length; i++) {
                var colour = colours[dots.colour[i]];
                L.circleMarker([dots.lat[i], dots.lon[i]], {renderer: renderer, radius: 3, weight: 1,
                    color: colour, fillColor: colour, fillOpacity: 0.6})
                    .bindTooltip(dots.tip[i]).addTo(group);
            }
        })();
        {% endmacro %}
    """)

    def __init__(self, dots: str, colours: list[str]):
        super().__init__()
        self._name = "DotLayer"
        self.dots, self.colours = dots, safe_json(colours)


class ShapeLayer(_DataLayer):
    """What is drawn round the markers, as data: each shape a dict with ``kind`` ("circle": ``at``
    [lat, lon] and ``radius`` in metres; "polygon" or "polyline": ``points`` [[lat, lon], ...]), its
    Leaflet ``style`` (colour, weight, dashes, ``pane``, ``interactive`` ...), and an optional ``tip``
    (HTML already escaped) shown on hover in small type. folium's vector layers drop the options
    ``pane`` and ``interactive``: a ring drawn with them would lie over the markers and take their clicks."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var group = {{ this._parent.get_name() }};
            var shapes = {{ this.shapes }};
            for (var i = 0; i < shapes.length; i++) {
                var s = shapes[i], layer;
                if (s.kind === "circle") { layer = L.circle(s.at, L.extend({radius: s.radius}, s.style)); }
                else { layer = (s.kind === "polygon" ? L.polygon : L.polyline)(s.points, s.style); }
                if (s.tip) { layer.bindTooltip(s.tip, {sticky: true, className: "geo-claim-label"}); }
                layer.addTo(group);
            }
        })();
        {% endmacro %}
    """)

    def __init__(self, shapes: list[dict]):
        super().__init__()
        self._name = "ShapeLayer"
        self.shapes = safe_json(shapes)


def _button_control(*, position: str, box: str, button: str, setup: str, click: str) -> Template:
    """The template of a map control: a box (CSS classes ``box``) holding one link-button (``button``);
    ``setup`` runs once with ``map``, ``div`` and ``button`` in scope, ``click`` at each click."""
    text = """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var control = L.control({position: "POSITION"});
            control.onAdd = function () {
                var div = L.DomUtil.create("div", "BOX");
                var button = L.DomUtil.create("a", "BUTTON", div);
                button.href = "#";
                button.setAttribute("role", "button");
                SETUP
                L.DomEvent.on(button, "click", function (event) {
                    L.DomEvent.preventDefault(event);
                    CLICK
                });
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            control.addTo(map);
        })();
        {% endmacro %}
    """
    for name, value in (("POSITION", position), ("BOX", box), ("BUTTON", button), ("SETUP", setup), ("CLICK", click)):
        text = text.replace(name, value)
    return Template(text)


class Legend(_DataLayer):
    """Actor colours and kind symbols in the bottom-right corner of the map (names escaped), folded
    at first into one line ("Legend"): a click on it unfolds it, another folds it again. Folded, its
    body is clipped, not removed, so the text stays in the page."""

    _template = _button_control(position="bottomright", box="geo-legend geo-folded", button="geo-legend-head", setup="""
                button.setAttribute("aria-expanded", "false");
                button.textContent = "Legend";
                var body = L.DomUtil.create("div", "geo-legend-body", div);
                body.innerHTML = {{ this.html }};""", click="""
                    var folded = div.classList.toggle("geo-folded");
                    button.setAttribute("aria-expanded", folded ? "false" : "true");""")

    def __init__(self, html: str):
        super().__init__()
        self._name = "Legend"
        self.html = safe_json(html)


class FramingControl(_DataLayer):
    """The map's first view (the main theatre, ``view``), set at once, and a button that switches
    between it and every record (``everything``); its label counts the records the first view leaves
    out (``outside``, plain text set as textContent; '' when the first view is everything already).
    Bounds are ((south, west), (north, east)).

    The label follows the map, not the clicks: it says "Back to the main area" only while every record
    is in view. No move is animated: Leaflet drops a zoom asked while another is animating (and an
    animation waits for the browser's next frame), so a click made as the map settles would be lost.
    One asked then waits for that zoom's end."""

    _template = _button_control(position="topleft", box="leaflet-bar geo-framing", button="geo-framing-button",
                                setup="""
                var view = {{ this.view }}, everything = {{ this.everything }}, outside = {{ this.outside }};
                var whole = L.latLngBounds(everything);
                function showsAll() { return outside !== "" && map.getBounds().contains(whole); }
                function go(bounds) {
                    if (map._animatingZoom) { map.once("zoomend", function () { go(bounds); }); return; }
                    map.fitBounds(bounds, {maxZoom: 9, animate: false});
                }
                function label() {
                    var all = showsAll();
                    button.textContent = all ? "Back to the main area"
                        : (outside ? outside + " · show all" : "Show all");
                    button.title = all ? "Zoom back to where most records are" : "Zoom out to every record";
                }
                go(view);
                map.on("moveend", label);
                label();""", click="""
                    go(showsAll() ? view : everything);""")

    def __init__(self, view, everything, outside: str):
        super().__init__()
        self._name = "FramingControl"
        self.view, self.everything, self.outside = safe_json(view), safe_json(everything), safe_json(outside)


class FullscreenControl(_DataLayer):
    """A full-screen button under the zoom buttons: the map's page takes the whole screen, and Esc (or
    the button again) leaves it. Written here, not folium.plugins.Fullscreen: that plugin's script is
    on a CDN, and this needs a few lines of the browser's Fullscreen API, nothing to vendor."""

    # Four corners: an icon of our own markup, no font or file to load.
    _template = _button_control(position="topleft", box="leaflet-bar geo-fullscreen", button="geo-fullscreen-button",
                                setup="""
                button.title = "Full screen (Esc to leave)";
                button.setAttribute("aria-label", button.title);
                button.innerHTML = '<svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" ' +
                    'style="vertical-align:-2px" fill="none" stroke="#333" stroke-width="2">' +
                    '<path d="M1 5V1h4M9 1h4v4M13 9v4H9M5 13H1V9"/></svg>';
                document.addEventListener("fullscreenchange", function () { map.invalidateSize(); });""", click="""
                    var page = document.documentElement;
                    if (document.fullscreenElement) { document.exitFullscreen(); }
                    else if (page.requestFullscreen) { page.requestFullscreen(); }""")

    def __init__(self):
        super().__init__()
        self._name = "FullscreenControl"
