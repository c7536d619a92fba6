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

__all__ = ["safe_json", "Basemap", "RecordLayer", "DotLayer", "Legend"]


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


class Basemap(_DataLayer):
    """The country outlines, serialised once per basemap object (the app keeps one),
    not at every rerun: they are the largest fixed part of the page."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        L.geoJson({{ this.text }}, {interactive: false, style: function () {
            return {color: "#777777", weight: 0.8, fillColor: "#eeeeea", fillOpacity: 1.0};
        }}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)
    _last: tuple[dict, str] | None = None  # (the basemap, its JSON): one slot is enough

    def __init__(self, basemap: dict):
        super().__init__()
        self._name = "Basemap"
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
    """Many records as small dots on a canvas: [lat, lon, colour index, tooltip]
    each. The tooltip is "#<record id>" escaped as HTML (Leaflet sets it as
    innerHTML), so that a click selects its row and an id never runs as markup."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var colours = {{ this.colours }};
            var dots = {{ this.dots }};
            var renderer = L.canvas({padding: 0.3});
            var group = {{ this._parent.get_name() }};
            for (var i = 0; i < dots.length; i++) {
                var d = dots[i];
                L.circleMarker([d[0], d[1]], {renderer: renderer, radius: 3, weight: 1,
                    color: colours[d[2]], fillColor: colours[d[2]], fillOpacity: 0.6})
                    .bindTooltip(d[3]).addTo(group);
            }
        })();
        {% endmacro %}
    """)

    def __init__(self, dots: str, colours: list[str]):
        super().__init__()
        self._name = "DotLayer"
        self.dots, self.colours = dots, safe_json(colours)


class Legend(_DataLayer):
    """Actor colours and kind symbols in a corner of the map (names escaped)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var legend = L.control({position: "bottomleft"});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "geo-legend");
                div.innerHTML = {{ this.html }};
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
    """)

    def __init__(self, html: str):
        super().__init__()
        self._name = "Legend"
        self.html = safe_json(html)
