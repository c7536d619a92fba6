"""Stage 6: the folium map of the records.

One circle marker per located record, coloured by actor, with a popup that
lists every source (quote, report title, outlet, date, link) and a tooltip
with type, actor and date. Records located only to a province or a country
also get a dashed outline that shows how vague the location is (under the markers, unfilled).

The map loads nothing from the internet: Leaflet and its friends come from
the vendored copies (``geo.render.assets``), the basemap is a GeoJSON layer of
country outlines, and OpenStreetMap tiles are an overlay the user may switch
on when online. All report text goes through ``geo.render.html.esc``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import Element

from ..analysis.distances import geodesic_ring, representative_points
from .drawing import DETAIL_CAP, DRAW_CAP, Drawing, plan_drawing
from .assets import BASEMAP_NAME, DEFAULT_BASE_URL, apply_offline
from ..extract.vocabulary import EVENT_TYPES, codebook_order, type_label
from ..frame import KINDS
from .html import css_token, esc, safe_json, safe_url
from .layers import Basemap, DotLayer, FramingControl, FullscreenControl, Legend, RecordLayer, ShapeLayer

__all__ = ["PALETTE", "actor_colours", "popup_html", "tooltip_text", "build_map", "load_basemap", "served_basemap",
           "UNCERTAINTY_KM", "TYPE_COLOURS", "Drawing", "plan_drawing", "legend_html", "shown_types", "quote_html",
           "DETAIL_CAP", "DRAW_CAP", "REVIEW_STYLE"]

# Okabe-Ito colours (distinguishable with colour-blindness), then Tableau's.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000",
           "#8c564b", "#7f7f7f", "#bcbd22", "#17becf", "#9467bd", "#e377c2"]
UNKNOWN_COLOUR = "#999999"
# Radius drawn around records located only to an area (a display convention, documented in the README).
UNCERTAINTY_KM = {"province": 50.0, "region": 150.0, "country": 200.0, "border": 150.0, "report": 200.0}
# Panes under the markers' (400): rings, areas and routes, deaf to the pointer; the claims' lines, which
# show their label on hover. Drawn over the markers, a country's 200 km ring took their clicks.
AREA_PANE, LINE_PANE, BASEMAP_PANE = "geo-areas", "geo-lines", "geo-basemap"  # the basemap: under them all
_UNDER = {"pane": AREA_PANE, "interactive": False}
# Esri's World Imagery tiles: free to view with this attribution; loaded only when switched on.
SATELLITE_TILES = "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}"
SATELLITE_ATTRIBUTION = "Tiles &copy; Esri, Maxar, Earthstar Geographics, and the GIS User Community"
# The outline of an event marker says its ACLED event type (the fill says the actor).
TYPE_COLOURS = dict(zip(EVENT_TYPES, ("#B2182B", "#E66101", "#5E3C99", "#2166AC", "#8C510A", "#4D4D4D")))
VERDICT_COLOURS = {"consistent": "#009E73", "not consistent": "#D55E00", "cannot check": "#7f7f7f"}
# Review status on the map: (fill opacity scale, outline opacity, a ring round it). Confirmed is
# solid, unreviewed lighter, edited solid in a dark ring; rejected (shown only when asked) grey, dashed.
REVIEW_STYLE = {"confirmed": (1.0, 1.0, False), "unreviewed": (0.45, 0.55, False), "edited": (1.0, 1.0, True),
                "rejected": (0.15, 0.5, False)}
REVIEW_LABELS = {"confirmed": "confirmed (solid)", "unreviewed": "unreviewed (lighter)",
                 "edited": "edited (ringed)", "rejected": "rejected (grey, dashed)"}
REJECTED_COLOUR = "#9e9e9e"
_RADIUS = {"event": 8, "asset": 7, "position": 6, "claim": 6}
_VENDOR = Path(__file__).resolve().parents[2] / "static" / "vendor"


def actor_colours(actors: list[str]) -> dict[str, str]:
    """A stable colour per actor: sorted names take the palette in order."""
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(sorted(set(actors)))}


def _label(value: Any) -> str:
    """A cell as display text; missing values (None, NaN, NA) become ''."""
    return "" if value is None or pd.isna(value) else str(value)


def tooltip_text(row: Any) -> str:
    """Type, actor and date; the record id last, so that a click can find the record."""
    parts = [type_label(row.event_type, getattr(row, "sub_event_type", None)) or _label(row.kind),
             _label(row.actor) or "unknown actor",
             _label(row.event_date) or "undated", f"#{_label(row.record_id)}"]
    return esc(" · ".join(parts))


def quote_html(source: dict) -> str:
    """The quote, escaped, with the words that name the record's place marked."""
    quote = _label(source.get("quote"))
    start, end, origin = source.get("place_start"), source.get("place_end"), source.get("start")
    if any(v is None or pd.isna(v) for v in (start, end, origin)):
        return esc(quote)
    a, b = int(start) - int(origin), int(end) - int(origin)
    if not 0 <= a < b <= len(quote):
        return esc(quote)
    return f'{esc(quote[:a])}<mark class="geo-place">{esc(quote[a:b])}</mark>{esc(quote[b:])}'


def _source_html(source: dict) -> str:
    title = esc(source.get("title")) or esc(source.get("report"))
    meta = ", ".join(esc(x) for x in (source.get("outlet"), source.get("published")) if x)
    url = safe_url(source.get("url"))
    link = f' · <a href="{url}" target="_blank" rel="noopener noreferrer">open report</a>' if url else ""
    return (f'<li><blockquote class="geo-quote">{quote_html(source)}</blockquote>'
            f'<div class="geo-source"><b>{title}</b>{" — " + meta if meta else ""}{link}</div></li>')


def popup_html(row: Any) -> str:
    """The popup of one record: what, who, when, where, and every source."""
    who = esc(_label(row.actor) or "unknown actor")
    if _label(row.actor2):
        who += f" → {esc(row.actor2)}"
    what = esc(type_label(row.event_type, getattr(row, "sub_event_type", None)) or _label(row.kind))
    if _label(getattr(row, "sub_event_type", None)):
        what += f" ({esc(row.event_type)})"  # "Air/drone strike (Explosions/Remote violence)"
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
            f'<div>{when} · {where}</div>{_review_html(row)}{check}{_matches_html(row)}'
            f'<ol class="geo-sources">{sources}</ol></div>')


def _review_html(row: Any) -> str:
    """The record's review: its status, who and when (a records frame without one says nothing)."""
    status = _label(getattr(row, "review_status", None))
    if not status:
        return ""
    by, at = _label(getattr(row, "reviewed_by", None)), _label(getattr(row, "reviewed_at", None))
    said = f" by {esc(by)}" if by else ""
    said += f", {esc(at[:16].replace('T', ' '))} UTC" if at else ""
    dataset = _label(getattr(row, "dataset", None))
    of = f" · dataset {esc(dataset)}" if dataset else ""
    return f'<div class="geo-review geo-review-{css_token(status)}">Review: <b>{esc(status)}</b>{said}{of}</div>'


def _matches_html(row: Any) -> str:
    """The imported events that match ours (``geo.store.workspace.with_matches``)."""
    found = getattr(row, "matches", None)
    if not isinstance(found, list) or not found:
        return ""
    items = "".join(f"<li>{esc(m.get('dataset'))}: {esc(m.get('event_type'))} · {esc(m.get('actor') or 'unknown actor')}"
                    f" · {esc(m.get('place'))} · {esc(m.get('event_date'))} (#{esc(m.get('record_id'))})</li>"
                    for m in found)
    return f'<div class="geo-matches">Also in: <ul>{items}</ul></div>'


def _claim_shapes(row: Any, point, nearest) -> list[dict]:
    """The reported distance as a geodesic ring round the event, and a line to the nearest position
    labelled with both numbers (``ShapeLayer`` shapes)."""
    if not _label(row.claim_km):  # no reported distance (a claim read from a CSV export): its point only
        return []
    colour = VERDICT_COLOURS.get(_label(row.verdict), UNKNOWN_COLOUR)
    reported = float(row.claim_km)
    shapes = [{"kind": "polygon", "points": [[round(lat, 5), round(lon, 5)] for lat, lon in
                                             geodesic_ring(point.y, point.x, reported)],
               "style": {"color": colour, "weight": 2, "dashArray": "6 4", "fill": False, **_UNDER}}]
    if nearest is not None and not pd.isna(row.computed_km):
        target = nearest if nearest.geom_type == "Point" else nearest.representative_point()
        label = esc(f"reported {reported:.0f} km · data {float(row.computed_km):.0f} km · {row.verdict}")
        # The label shows on hover only (open at first, it would hide the markers round it); the line lies
        # under the markers, so the two it joins keep their clicks.
        shapes.append({"kind": "polyline", "points": [[point.y, point.x], [target.y, target.x]],
                       "style": {"color": colour, "weight": 3, "pane": LINE_PANE}, "tip": label})
    return shapes


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
    """The vendored country outlines, or None when ``python -m geo.render.assets`` has not run."""
    path = path or _VENDOR / BASEMAP_NAME
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def served_basemap(base_url: str = DEFAULT_BASE_URL, path: Path | None = None) -> str | None:
    """The URL the app serves the vendored outlines at (``static/`` at ``/app/static/``), or None when
    ``python -m geo.render.assets`` has not run."""
    path = path or _VENDOR / BASEMAP_NAME
    return f"{base_url.rstrip('/')}/{BASEMAP_NAME}" if path.exists() else None


_PLAIN_ID = re.compile(r"#[\w.:-]*", re.ASCII)  # nothing for esc to change


def _dots(compact: gpd.GeoDataFrame, index: dict[str, int], unknown: int) -> str:
    """{"lat": [...], "lon": [...], "colour": [colour index, ...], "tip": [tooltip, ...]} as HTML-safe
    JSON text, built with numpy: this runs for tens of thousands of records at every filter change, and
    a list per record cost twice the time (each list new work for the garbage collector). The tooltip
    is "#<record id>", escaped: Leaflet sets it as HTML."""
    points = representative_points(compact.geometry)
    lat = np.round(shapely.get_y(points), 4).tolist()
    lon = np.round(shapely.get_x(points), 4).tolist()
    codes, actors = pd.factorize(compact["actor"])  # each actor looked up once; a missing one: -1
    colour = np.array([*(index.get(str(a), unknown) for a in actors), unknown], dtype=np.int64)[codes].tolist()
    ids = ("#" + compact["record_id"].astype(str)).tolist()
    if not all(_PLAIN_ID.fullmatch(i) for i in ids):  # ids from a records file are anyone's
        ids = [esc(i) for i in ids]
    return safe_json({"lat": lat, "lon": lon, "colour": colour, "tip": ids})


_KIND_STYLE = {  # (fill opacity, dash) per kind: the symbol that tells kinds apart
    "event": (0.85, None), "asset": (0.15, None), "position": (0.15, "3 3"), "claim": (0.0, "1 3"),
}
_LEGEND_CSS = ("<style>.geo-legend{background:rgba(255,255,255,.92);padding:4px 8px;font:12px/1.4 sans-serif;"
               "border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.3);max-height:45vh;max-width:260px;overflow:auto}"
               ".geo-legend-head{display:block;font-weight:bold;color:#333;text-decoration:none;cursor:pointer}"
               ".geo-legend-head:after{content:' \\25BE'}.geo-folded .geo-legend-head:after{content:' \\25B8'}"
               ".geo-folded .geo-legend-body{height:0;width:0;overflow:hidden}"
               ".geo-framing-button,.geo-fullscreen-button{width:auto!important;padding:0 8px;"
               "font:12px/30px sans-serif;white-space:nowrap}"
               ".leaflet-tooltip.geo-claim-label{font-size:11px}"
               ".geo-legend i{display:inline-block;width:11px;height:11px;border-radius:50%;margin-right:5px;"
               "vertical-align:-1px;border:2px solid}"
               ".geo-legend .geo-subtypes{margin-left:18px;font-size:11px;color:#444}"
               ".geo-popup mark.geo-place{background:#ffe58a;padding:0 1px}"
               ".geo-popup blockquote{margin:4px 0;padding-left:6px;border-left:3px solid #ccc}</style>")


def legend_html(colours: dict[str, str], kinds: list[str], types: dict[str, list[str]] | None = None,
                statuses: list[str] | None = None) -> str:
    """The legend's HTML: one swatch per actor, one symbol per kind shown, the outline of
    each ACLED event type shown with its sub-event types (``types``: type -> sub-types), and
    the look of each review status shown."""
    actors = "".join(f'<div><i style="background:{c};border-color:{c}"></i>{esc(name)}</div>'
                     for name, c in colours.items())
    symbols = []
    for kind in kinds:
        fill, dash = _KIND_STYLE.get(kind, (0.5, None))
        style = f"background:rgba(80,80,80,{fill});border-color:#555;{'border-style:dashed;' if dash else ''}"
        symbols.append(f'<div><i style="{style}"></i>{esc(kind)}s</div>')
    listed = []
    for name, subs in (types or {}).items():
        ring = f"background:#fff;border-color:{TYPE_COLOURS.get(name, UNKNOWN_COLOUR)}"
        detail = f'<div class="geo-subtypes">{esc(", ".join(subs))}</div>' if subs else ""
        listed.append(f'<div class="geo-type"><i style="{ring}"></i>{esc(name)}{detail}</div>')
    shown = f"<b>Event types (ACLED)</b>{''.join(listed)}" if listed else ""
    review = []
    for status in statuses or []:
        fill, opacity, ring = REVIEW_STYLE.get(status, (1.0, 1.0, False))
        grey = REJECTED_COLOUR if status == "rejected" else "#555"
        style = (f"background:rgba(80,80,80,{0.85 * fill:.2f});border-color:{grey};opacity:{max(opacity, 0.5)};"
                 + ("box-shadow:0 0 0 2px #fff,0 0 0 4px #111;" if ring else "")
                 + ("border-style:dashed;" if status == "rejected" else ""))
        review.append(f'<div class="geo-status"><i style="{style}"></i>{esc(REVIEW_LABELS.get(status, status))}</div>')
    reviewed = f"<b>Review</b>{''.join(review)}" if review else ""
    return f"<b>Actors</b>{actors or '<div>none</div>'}<b>Kinds</b>{''.join(symbols)}{shown}{reviewed}"


def shown_types(frame: gpd.GeoDataFrame) -> dict[str, list[str]]:
    """The ACLED event types of the frame's events, in the codebook's order, each with the
    sub-event types shown."""
    subs = frame["sub_event_type"] if "sub_event_type" in frame else pd.Series(None, index=frame.index, dtype=object)
    events = frame["kind"].eq("event").to_numpy(bool, na_value=False)
    pairs = pd.DataFrame({"type": frame["event_type"], "sub": subs})[events]
    pairs = pairs.drop_duplicates()  # a few pairs for thousands of records: ordered once each
    return {name: codebook_order(pairs.loc[pairs["type"] == name, "sub"].dropna())
            for name in codebook_order(pairs["type"].dropna())}


_TYPE_COLUMNS = pd.Index(["kind", "event_type", "sub_event_type"])  # what shown_types reads


def _feature(row: Any, point, colour: str) -> dict:
    fill, dash = _KIND_STYLE.get(row.kind, (0.5, None))
    outline = TYPE_COLOURS.get(_label(row.event_type), colour) if row.kind == "event" else colour
    status = _label(getattr(row, "review_status", None))
    fill_scale, opacity, ring = REVIEW_STYLE.get(status, (1.0, 1.0, False))
    if status == "rejected":
        colour, outline, dash = REJECTED_COLOUR, REJECTED_COLOUR, "2 3"
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(point.x, 6), round(point.y, 6)]},
            "properties": {"r": _RADIUS.get(row.kind, 6), "c": colour, "s": outline, "fo": round(fill * fill_scale, 3),
                           "o": opacity, "ring": ring, "d": dash,
                           "cls": f"geo-marker geo-{css_token(row.kind)} geo-rec-{css_token(row.record_id)}"
                                  + (f" geo-status-{css_token(status)}" if status else ""),
                           "popup": popup_html(row), "tip": tooltip_text(row)}}


def build_map(
    frame: gpd.GeoDataFrame,
    *,
    basemap: dict | None = None,
    basemap_url: str | None = None,
    base_url: str = DEFAULT_BASE_URL,
    online_tiles: bool = True,
    colours: dict[str, str] | None = None,
    drawing: Drawing | None = None,
) -> folium.Map:
    """A folium map of the located rows of ``frame`` that works offline.

    Layers (in the layer control): events, assets, positions, claims, and the
    dots of records past the detail cap; the offline country outlines; and
    OpenStreetMap and satellite tiles, off until the user switches them on. The outlines are
    ``basemap``, in the page, or with ``basemap_url`` fetched by the page from there (the app serves
    the file: ``served_basemap``); a map saved as a file keeps them in it.
    """
    drawing = drawing or plan_drawing(frame)
    located = drawing.detailed
    m = folium.Map(location=[30, 20], zoom_start=3, tiles=None, control_scale=True, prefer_canvas=False)
    if basemap is not None or basemap_url:  # its land is opaque: in a pane of its own over the tiles, under the rings
        folium.map.CustomPane(BASEMAP_PANE, z_index=300, pointer_events=False).add_to(m)
        outlines = folium.FeatureGroup(name="Countries (offline)", show=True)
        Basemap(basemap, pane=BASEMAP_PANE, url=basemap_url).add_to(outlines)
        outlines.add_to(m)
    if online_tiles:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap (online)", overlay=True, show=False).add_to(m)
        folium.TileLayer(SATELLITE_TILES, attr=SATELLITE_ATTRIBUTION, name="Satellite, Esri (online)",
                         overlay=True, show=False).add_to(m)
    everyone = pd.concat([drawing.detailed["actor"], drawing.compact["actor"]]).dropna()
    colours = colours or actor_colours(list(everyone))
    groups = {kind: folium.FeatureGroup(name=f"{kind.title()}s", show=True)
              for kind in KINDS}
    features: dict[str, list[dict]] = {kind: [] for kind in groups}
    areas: dict[str, dict[tuple, str]] = {kind: {} for kind in groups}  # (lat, lon, radius): colour
    shapes: dict[str, list[dict]] = {kind: [] for kind in groups}
    folium.map.CustomPane(AREA_PANE, z_index=360, pointer_events=False).add_to(m)
    folium.map.CustomPane(LINE_PANE, z_index=390, pointer_events=True).add_to(m)
    wanted = set(located.loc[located["kind"] == "claim", "nearest_position"].dropna()) if "nearest_position" in located else set()
    targets = frame[frame["record_id"].isin(wanted)] if wanted else frame.iloc[0:0]
    by_id = dict(zip(targets["record_id"], targets.geometry))  # the positions claims measure to
    for row, shape in zip(located.itertuples(index=False), located.geometry):
        colour = colours.get(_label(row.actor), UNKNOWN_COLOUR)
        kind = row.kind if row.kind in groups else "event"
        group = groups[kind]
        point = shape if shape.geom_type == "Point" else shape.representative_point()
        if shape.geom_type != "Point":  # a control area from a positions file
            folium.GeoJson(shape.__geo_interface__, interactive=False,
                           style_function=lambda _, c=colour: {"color": c, "weight": 1, "fillOpacity": 0.15}
                           ).add_to(group)
        radius_km = UNCERTAINTY_KM.get(_label(row.geo_precision))
        if radius_km and row.kind != "claim":  # one outline a place and radius: its actor's colour, or grey
            place = (round(point.y, 4), round(point.x, 4), radius_km * 1000)
            areas[kind][place] = colour if areas[kind].get(place, colour) == colour else UNKNOWN_COLOUR
        route = transit_route(row, point)
        if route:
            shapes[kind].append({"kind": "polyline", "points": route, "style": {
                "color": colour, "weight": 3, "dashArray": "8 6", "className": "geo-route", **_UNDER}})
        if row.kind == "claim":
            shapes[kind] += _claim_shapes(row, point, by_id.get(_label(getattr(row, "nearest_position", None))))
            colour = VERDICT_COLOURS.get(_label(row.verdict), colour)
        features[kind].append(_feature(row, point, colour))
    for kind, group in groups.items():
        shapes[kind] += [{"kind": "circle", "at": [lat, lon], "radius": radius, "style": {
            "color": colour, "weight": 1.5, "opacity": 0.9, "dashArray": "4 4", "fill": False, "className": "geo-area",
            **_UNDER}} for (lat, lon, radius), colour in areas[kind].items()]
        if shapes[kind]:
            ShapeLayer(shapes[kind]).add_to(group)
        if features[kind]:
            RecordLayer(features[kind]).add_to(group)
        group.add_to(m)
    if len(drawing.compact):
        palette = list(colours.values()) + [UNKNOWN_COLOUR]
        index = {name: i for i, name in enumerate(colours)}
        dots = _dots(drawing.compact, index, len(palette) - 1)
        dot_group = folium.FeatureGroup(name=f"More records as dots ({len(drawing.compact):,})", show=True)
        DotLayer(dots, palette).add_to(dot_group)
        dot_group.add_to(m)
    shown_kinds = [k for k in groups if features[k]]
    m.get_root().header.add_child(Element(_LEGEND_CSS), name="geo_legend_css")
    statuses = set(located["review_status"].dropna()) if "review_status" in located else set()
    Legend(legend_html({a: colours[a] for a in sorted(set(everyone.astype(str))) if a in colours},
                        shown_kinds, shown_types(pd.concat([pd.DataFrame(part[_TYPE_COLUMNS.intersection(part.columns)])
                                                            for part in (drawing.detailed, drawing.compact)])),
                        [s for s in REVIEW_STYLE if s in statuses])).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    FullscreenControl().add_to(m)
    framing = drawing.framing
    if framing is not None:  # the main theatre first; a button zooms out to every record and back
        FramingControl(framing.view, framing.everything, framing.outside_text).add_to(m)
    return apply_offline(m, base_url=base_url, strict=False)
