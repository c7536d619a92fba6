"""Stage 6, playback: the dated, located records on a time slider.

``add_timeline`` puts one layer on a map, "Playback", drawn with folium's ``Timeline`` plugin
(leaflet.timeline), and a ``TimelineSlider`` bound to it. The layer is off by default so the
normal markers stay the default view; the slider shows only while the layer is on.

Each dated record with a place is one GeoJSON point (a polygon's representative point) whose
``start`` and ``end`` properties bound the days its date stands for (see ``geo.text.dates``):

========= ============================================
day       that day
week      the seven days starting at the date
month     the month starting at the date (a calendar month for a date on the 1st)
year      the year starting at the date
unknown   that day (a date whose precision was lost)
========= ============================================

Intervals are half-open: ``end`` is the first day after the period and the feature says
``endExclusive``, so stepping the slider to the next day does not show both days' records.
The slider stops at the start of the last day, not at that last ``end``, where nothing is left.
Dates are UTC midnights (``new Date("2015-09-30")`` in the browser) and the slider prints
its time in UTC, so its label is the report's date in every time zone.

Undated records are left out. All report text in tooltips and popups goes through
``geo.render.html.esc``; features carry only escaped text.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import folium
import folium.plugins
import geopandas as gpd
import pandas as pd
from branca.element import MacroElement
from folium.template import Template
from folium.utilities import JsCode

from .assets import DEFAULT_BASE_URL, apply_offline, plugin_urls
from ..text.dates import PRECISIONS, date_period
from ..errors import InputError
from .html import esc, safe_json
from .layers import ScriptData
from ..extract.vocabulary import type_label

__all__ = ["PLAYBACK_NAME", "UNKNOWN_COLOUR", "add_timeline", "layer_control_last", "period", "timeline_features"]

PLAYBACK_NAME = "Playback"
UNKNOWN_COLOUR = "#999999"  # as geo.render.webmap: an actor without a colour
MARKER_CLASS = "geo-timeline-marker"

# Called by Leaflet for each feature the slider's time shows; the properties are ours.
_POINT_TO_LAYER = JsCode(f"""
    function (feature, latlng) {{
        var colour = feature.properties.colour;
        return L.circleMarker(latlng, {{radius: 7, color: colour, fillColor: colour, fillOpacity: 0.8,
                                        weight: 2, className: "{MARKER_CLASS}"}});
    }}
""")
# tooltip and popup are escaped HTML (geo.render.html.esc), so Leaflet may set them as innerHTML.
_ON_EACH_FEATURE = JsCode("""
    function (feature, layer) {
        layer.bindTooltip(feature.properties.tooltip);
        layer.bindPopup(feature.properties.popup, {maxWidth: 360});
    }
""")
# folium's own formatter prints local time: UTC midnight is the day before west of Greenwich.
_FORMAT_UTC_DAY = JsCode('function (time) { return moment.utc(time).format("YYYY-MM-DD"); }')


def period(date: str, precision: str) -> tuple[dt.date, dt.date]:
    """[start, end) of the days a date of ``precision`` stands for; ``end`` is excluded."""
    try:
        start = dt.date.fromisoformat(date)
    except (TypeError, ValueError) as err:
        raise InputError(f"Expected an event date as 'YYYY-MM-DD', instead got: {date!r}.") from err
    if precision in PRECISIONS:
        return date_period(start, precision)
    raise InputError(f"Expected a date precision in {PRECISIONS}, instead got: {precision!r}.")


def _utc_ms(day: dt.date) -> int:
    """Milliseconds since 1970 at the UTC midnight starting ``day``: the browser's time."""
    return int(dt.datetime.combine(day, dt.time(), tzinfo=dt.timezone.utc).timestamp() * 1000)


def _text(value: Any) -> str:
    """A cell as display text; missing values (None, NaN, NA) become ''."""
    return "" if value is None or pd.isna(value) else str(value)


def _feature(row: Any, shape: Any, colours: dict[str, str]) -> dict:
    start, end = period(_text(row.event_date), _text(row.date_precision) or "unknown")
    point = shape if shape.geom_type == "Point" else shape.representative_point()
    what = type_label(row.event_type, getattr(row, "sub_event_type", None)) or _text(row.kind)
    who = _text(row.actor) or "unknown actor"
    when = f"{_text(row.event_date)} ({_text(row.date_precision) or 'unknown'})"
    where = _text(row.place) or "unnamed place"
    also = f" → {esc(row.actor2)}" if _text(getattr(row, "actor2", None)) else ""
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [point.x, point.y]},  # GeoJSON: (lon, lat)
        "properties": {
            "start": start.isoformat(),
            "end": end.isoformat(),
            "endExclusive": True,
            "record_id": _text(row.record_id),
            "colour": colours.get(_text(row.actor), UNKNOWN_COLOUR),
            "tooltip": esc(" · ".join((what, who, when, where))),
            "popup": (f'<div class="geo-popup"><b>{esc(what)}</b> · {esc(who)}{also}'
                      f"<div>{esc(when)} · {esc(where)}</div></div>"),
        },
    }


def timeline_features(frame: gpd.GeoDataFrame, colours: dict[str, str]) -> list[dict]:
    """One GeoJSON point feature per dated, located row of ``frame``, earliest first.

    ``colours`` maps an actor to a CSS colour; other actors get ``UNKNOWN_COLOUR``.
    """
    dated = frame[frame["event_date"].notna() & ~(frame.geometry.isna() | frame.geometry.is_empty)]
    features = [_feature(row, shape, colours) for row, shape in zip(dated.itertuples(index=False), dated.geometry)]
    return sorted(features, key=lambda f: (f["properties"]["start"], f["properties"]["end"]))


class _PlaybackLayer(folium.plugins.Timeline):
    """folium's Timeline as a layer that honours ``show``.

    folium's template always adds the layer to the map; this one leaves that to ``Layer.render``,
    which does it only when ``show`` is true.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.timeline(
                {{ this.features.get_name() }},
                {{ this.options|tojavascript }}
            );
        {% endmacro %}
    """)

    def __init__(self, features: ScriptData, *, name: str, show: bool, **kwargs: Any):
        # The features are in ``features`` (put into the page before this layer's script), not in folium's
        # data: the map's bounds, which st_folium asks for, need not walk them.
        super().__init__({"type": "FeatureCollection", "features": []}, **kwargs)
        self.features = features
        self.layer_name = name
        self.show = show
        self.overlay = True
        self.control = True


class _OnDemandPlayback(folium.map.Layer):
    """The "Playback" layer whose plugin (leaflet.timeline, moment) the page loads only when the user
    switches it on: an empty layer group in the LayerControl until then. The first time it is on, the
    scripts are loaded, the timeline and its slider made; the slider shows only while the layer is on
    (and playback pauses when it goes), as with ``_SliderFollowsLayer``."""

    _template = Template("""
        {% macro header(this, kwargs) %}
            <style>
                .leaflet-bottom.leaflet-left { width: 100%; }
                .leaflet-control-container .leaflet-timeline-controls {
                    box-sizing: border-box; width: 100%; margin: 0; margin-bottom: 15px;
                }
            </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.layerGroup();
            (function (group, map, features, scripts) {
                var loading = null, timeline = null, slider = null;
                function load(src) {
                    return new Promise(function (resolve, reject) {
                        var script = document.createElement("script");
                        script.src = src;
                        script.onload = resolve;
                        script.onerror = function () { reject(new Error("not loaded: " + src)); };
                        document.head.appendChild(script);
                    });
                }
                function follow() {
                    if (slider === null) { return; }
                    var on = map.hasLayer(group);
                    slider.getContainer().style.display = on ? "" : "none";
                    if (!on) { slider.pause(); }
                }
                group.on("add", function () {
                    loading = loading || Promise.all(scripts.map(load));
                    loading.then(function () {
                        if (timeline === null) {
                            timeline = L.timeline(features, {{ this.layer_options|tojavascript }});
                            slider = L.timelineSliderControl({{ this.slider_options|tojavascript }});
                            slider.addTo(map);
                            slider.addTimelines(timeline);
                            group.addLayer(timeline);
                        }
                        follow();
                    }, function () { loading = null; });  // not loaded: tried again when switched on again
                });
                group.on("remove", follow);
            })({{ this.get_name() }}, {{ this._parent.get_name() }}, {{ this.features.get_name() }},
               {{ this.scripts }});
        {% endmacro %}
    """)

    def __init__(self, features: ScriptData, *, name: str, layer_options: dict, slider_options: dict,
                 scripts: list[str]):
        super().__init__(name=name, overlay=True, control=True, show=False)
        self._name = "OnDemandPlayback"
        self.features = features
        self.layer_options = layer_options
        self.slider_options = slider_options
        self.scripts = safe_json(scripts)


class _SliderFollowsLayer(MacroElement):
    """Shows the slider only while its timeline is on the map, and pauses playback when it goes."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            (function (slider, layer, map) {
                function follow() {
                    var on = map.hasLayer(layer);
                    slider.getContainer().style.display = on ? "" : "none";
                    if (!on) { slider.pause(); }
                }
                layer.on("add remove", follow);
                follow();
            })({{ this.slider.get_name() }}, {{ this.layer.get_name() }}, {{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, slider: folium.plugins.TimelineSlider, layer: folium.plugins.Timeline):
        super().__init__()
        self._name = "SliderFollowsLayer"
        self.slider = slider
        self.layer = layer


def add_timeline(
    m: folium.Map,
    frame: gpd.GeoDataFrame,
    colours: dict[str, str],
    *,
    name: str = PLAYBACK_NAME,
    show: bool = False,
    playback_ms: int = 15000,
    base_url: str = DEFAULT_BASE_URL,
    on_demand: bool = False,
) -> folium.Map | None:
    """Add the "Playback" layer of the dated, located rows of ``frame`` and its slider to ``m``.

    The layer is an overlay in the map's LayerControl (moved after the new layer, which Leaflet
    needs), off unless ``show``: without a LayerControl on ``m`` the user cannot switch it on.
    ``colours`` maps an actor to a CSS colour (others are grey). Links are pointed at the vendored
    copies under ``base_url``. ``on_demand``: the page loads the plugin's scripts only when the layer
    is switched on (a served page: two scripts fewer before its markers); a page saved as a file, whose
    scripts are inlined, loads them with the page. Returns ``m``, or None and leaves ``m`` alone when no
    located row is dated.
    """
    features = timeline_features(frame, colours)
    if not features:
        return None
    data = ScriptData(safe_json({"type": "FeatureCollection", "features": features})).add_to(m)
    layer = _PlaybackLayer(
        data, name=esc(name), show=show,
        point_to_layer=_POINT_TO_LAYER, on_each_feature=_ON_EACH_FEATURE,
    )
    last = max(dt.date.fromisoformat(f["properties"]["end"]) for f in features) - dt.timedelta(days=1)
    slider = folium.plugins.TimelineSlider(
        auto_play=False, show_ticks=True, playback_duration=playback_ms, end=_utc_ms(last),
    )
    slider.options["format_output"] = _FORMAT_UTC_DAY  # replaces folium's local-time formatter
    if on_demand and not show:
        urls = plugin_urls(base_url=base_url)
        _OnDemandPlayback(data, name=esc(name), layer_options=layer.options, slider_options=slider.options,
                          scripts=[urls["timeline"], urls["moment"]]).add_to(m)
    else:
        layer.add_to(m)
        slider.add_timelines(layer).add_to(m)
        _SliderFollowsLayer(slider, layer).add_to(m)
    return apply_offline(layer_control_last(m), base_url=base_url, strict=False)


def layer_control_last(m: folium.Map) -> folium.Map:
    """``m`` with its LayerControl moved after every layer added since: L.control.layers needs every
    layer it lists to exist (one listed before its script ran raised in the page, and the page's map
    script stopped there: the layers after it were never drawn). Returns ``m``."""
    for key, child in list(m._children.items()):
        if isinstance(child, folium.LayerControl):
            m._children.move_to_end(key)
    return m
