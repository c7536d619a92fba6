"""Stage 6: the folium map of the records.

One circle marker per located record, coloured by actor, with a popup that
lists every source (quote, report title, outlet, date, link) and a tooltip
with type, actor and date. Records located only to a province or a country
also get a dashed circle that shows how vague the location is.

The map loads nothing from the internet: Leaflet and its friends come from
the vendored copies (``geo.assets``), the basemap is a GeoJSON layer of
country outlines, and OpenStreetMap tiles are an overlay the user may switch
on when online. All report text goes through ``geo.html.esc``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import Geod

from .assets import BASEMAP_NAME, DEFAULT_BASE_URL, apply_offline
from .html import esc, safe_url

__all__ = ["PALETTE", "actor_colours", "popup_html", "tooltip_text", "build_map", "load_basemap",
           "UNCERTAINTY_KM"]

# Okabe-Ito colours (distinguishable with colour-blindness), then Tableau's.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000",
           "#8c564b", "#7f7f7f", "#bcbd22", "#17becf", "#9467bd", "#e377c2"]
UNKNOWN_COLOUR = "#999999"
# Radius drawn around records located only to an area (a display convention, documented in the README).
UNCERTAINTY_KM = {"province": 50.0, "region": 150.0, "country": 200.0}
VERDICT_COLOURS = {"consistent": "#009E73", "not consistent": "#D55E00", "cannot check": "#7f7f7f"}
_GEOD = Geod(ellps="WGS84")
_RADIUS = {"event": 8, "asset": 7, "position": 6, "claim": 6}
_VENDOR = Path(__file__).resolve().parents[1] / "static" / "vendor"


def actor_colours(actors: list[str]) -> dict[str, str]:
    """A stable colour per actor: sorted names take the palette in order."""
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(sorted(set(actors)))}


def _label(value: Any) -> str:
    """A cell as display text; missing values (None, NaN, NA) become ''."""
    return "" if value is None or pd.isna(value) else str(value)


def tooltip_text(row: Any) -> str:
    parts = [_label(row.event_type) or _label(row.kind), _label(row.actor) or "unknown actor",
             _label(row.event_date) or "undated"]
    return esc(" · ".join(parts))


def _source_html(source: dict) -> str:
    title = esc(source.get("title")) or esc(source.get("report"))
    meta = ", ".join(esc(x) for x in (source.get("outlet"), source.get("published")) if x)
    url = safe_url(source.get("url"))
    link = f' · <a href="{url}" target="_blank" rel="noopener noreferrer">open report</a>' if url else ""
    return (f'<li><blockquote class="geo-quote">{esc(source.get("quote"))}</blockquote>'
            f'<div class="geo-source"><b>{title}</b>{" — " + meta if meta else ""}{link}</div></li>')


def popup_html(row: Any) -> str:
    """The popup of one record: what, who, when, where, and every source."""
    who = esc(_label(row.actor) or "unknown actor")
    if _label(row.actor2):
        who += f" → {esc(row.actor2)}"
    what = esc(_label(row.event_type) or _label(row.kind))
    if _label(getattr(row, "asset", None)):
        count = _label(getattr(row, "count", None))
        what += f": {esc(count + ' ' if count else '')}{esc(row.asset)}"
    when = f"{esc(_label(row.event_date) or 'undated')} ({esc(row.date_precision)})"
    where = f"{esc(row.place)} ({esc(row.geo_precision)})"
    sources = "".join(_source_html(s) for s in (row.sources or []))
    check = ""
    if _label(getattr(row, "verdict", None)):
        check = (f'<div class="geo-claim"><b>{esc(row.verdict)}</b>: {esc(row.explanation)}</div>')
    corroborated = int(getattr(row, "corroboration", 1) or 1) if not pd.isna(getattr(row, "corroboration", 1)) else 1
    reports = f" · {corroborated} reports" if corroborated > 1 else ""
    figures = getattr(row, "fatalities", None)
    if isinstance(figures, list) and figures:
        listed = "; ".join(f"{esc(f.get('figure'))} ({esc(f.get('report'))})" for f in figures)
        check += f'<div class="geo-figures">Deaths reported: {listed}</div>'
    return (f'<div class="geo-popup"><div class="geo-head"><b>{what}</b> · {who}{reports}</div>'
            f'<div>{when} · {where}</div>{check}<ol class="geo-sources">{sources}</ol></div>')


def geodesic_ring(lat: float, lon: float, radius_km: float, *, points: int = 90) -> list[list[float]]:
    """[lat, lon] points at ``radius_km`` from a centre along the WGS 84 ellipsoid."""
    azimuths = np.linspace(0.0, 360.0, points, endpoint=False)
    lons, lats, _ = _GEOD.fwd(np.full(points, lon), np.full(points, lat), azimuths, np.full(points, radius_km * 1000))
    ring = [[float(a), float(b)] for a, b in zip(lats, lons)]
    return ring + ring[:1]


def _draw_claim(row: Any, point, nearest, group: folium.FeatureGroup) -> None:
    """The reported distance as a geodesic ring round the event, and a line to the
    nearest position labelled with both numbers."""
    colour = VERDICT_COLOURS.get(_label(row.verdict), UNKNOWN_COLOUR)
    reported = float(row.claim_km)
    folium.Polygon(geodesic_ring(point.y, point.x, reported), color=colour, weight=2, dash_array="6 4",
                   fill=False, interactive=False).add_to(group)
    if nearest is not None and not pd.isna(row.computed_km):
        target = nearest if nearest.geom_type == "Point" else nearest.representative_point()
        label = esc(f"reported {reported:.0f} km · data {float(row.computed_km):.0f} km · {row.verdict}")
        folium.PolyLine([[point.y, point.x], [target.y, target.x]], color=colour, weight=3,
                        tooltip=folium.Tooltip(label, permanent=True)).add_to(group)


def transit_route(row: Any, point) -> list[list[float]] | None:
    """[lat, lon] vertices origin -> passage -> destination of a transit whose
    sentence names at least one end; None otherwise."""
    ends = [getattr(row, "origin", None), getattr(row, "destination", None)]
    if not any(isinstance(end, dict) for end in ends):
        return None
    route = [[point.y, point.x]]
    if isinstance(ends[0], dict):
        route.insert(0, [float(ends[0]["lat"]), float(ends[0]["lon"])])
    if isinstance(ends[1], dict):
        route.append([float(ends[1]["lat"]), float(ends[1]["lon"])])
    return route


def load_basemap(path: Path | None = None) -> dict | None:
    """The vendored country outlines, or None when ``python -m geo.assets`` has not run."""
    path = path or _VENDOR / BASEMAP_NAME
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def build_map(
    frame: gpd.GeoDataFrame,
    *,
    basemap: dict | None = None,
    base_url: str = DEFAULT_BASE_URL,
    online_tiles: bool = True,
    colours: dict[str, str] | None = None,
) -> folium.Map:
    """A folium map of the located rows of ``frame`` that works offline."""
    located = frame[~(frame.geometry.isna() | frame.geometry.is_empty)]
    m = folium.Map(location=[30, 20], zoom_start=3, tiles=None, control_scale=True, prefer_canvas=False)
    if basemap is not None:
        folium.GeoJson(basemap, name="Countries (offline)", interactive=False,
                       style_function=lambda _: {"color": "#777777", "weight": 0.8, "fillColor": "#eeeeea",
                                                 "fillOpacity": 1.0}).add_to(m)
    if online_tiles:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap (online)", overlay=True, show=False).add_to(m)
    colours = colours or actor_colours([a for a in located["actor"].dropna()])
    groups = {kind: folium.FeatureGroup(name=f"{kind.title()}s", show=True)
              for kind in ("event", "asset", "position", "claim")}
    by_id = dict(zip(located["record_id"], located.geometry))
    for row, shape in zip(located.itertuples(index=False), located.geometry):
        colour = colours.get(_label(row.actor), UNKNOWN_COLOUR)
        group = groups.get(row.kind, groups["event"])
        point = shape if shape.geom_type == "Point" else shape.representative_point()
        if shape.geom_type != "Point":  # a control area from a positions file
            folium.GeoJson(shape.__geo_interface__, interactive=False,
                           style_function=lambda _, c=colour: {"color": c, "weight": 1, "fillOpacity": 0.15}
                           ).add_to(group)
        radius_km = UNCERTAINTY_KM.get(_label(row.geo_precision))
        if radius_km and row.kind != "claim":
            folium.Circle([point.y, point.x], radius=radius_km * 1000, color=colour, weight=1, dash_array="4 4",
                          fill=True, fill_opacity=0.05, interactive=False).add_to(group)
        route = transit_route(row, point)
        if route:
            folium.PolyLine(route, color=colour, weight=3, dash_array="8 6", interactive=False,
                            class_name="geo-route").add_to(group)
        if row.kind == "claim":
            _draw_claim(row, point, by_id.get(_label(getattr(row, "nearest_position", None))), group)
        folium.CircleMarker(
            [point.y, point.x], radius=_RADIUS.get(row.kind, 6), color=colour, fill=True, fill_color=colour,
            fill_opacity=0.8 if row.kind == "event" else 0.4, weight=2,
            class_name=f"geo-marker geo-{row.kind} geo-rec-{row.record_id}",
            popup=folium.Popup(folium.Html(popup_html(row), script=True), max_width=420),
            tooltip=folium.Tooltip(tooltip_text(row)),
        ).add_to(group)
    for group in groups.values():
        group.add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    if not located.empty:
        west, south, east, north = located.total_bounds
        pad = 1.0
        m.fit_bounds([[south - pad, west - pad], [north + pad, east + pad]], max_zoom=9)
    return apply_offline(m, base_url=base_url, strict=False)
