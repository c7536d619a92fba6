import json
import re

from geo.render.assets import unlocalised_links
from geo.render.webmap import TYPE_COLOURS, actor_colours, build_map, plan_drawing, popup_html, tooltip_text


def drawn_features(html: str) -> list[dict]:
    """The record features embedded in the page's record layers."""
    features = []
    for match in re.finditer(r"L\.geoJson\((\{.*?\}), \{\s*pointToLayer", html, re.S):
        features += json.loads(match.group(1))["features"]
    return features


def test_map_has_a_marker_per_record_coloured_by_actor_with_a_legend(sample):
    frame = sample.frame
    colours = actor_colours(list(frame["actor"].dropna()))
    html = build_map(frame, basemap=None, colours=colours).get_root().render()
    features = drawn_features(html)
    assert sorted(f["properties"]["cls"].split()[-1] for f in features) == sorted(f"geo-rec-{i}" for i in frame["record_id"])
    russia = frame[(frame["actor"] == "Russia") & (frame["kind"] == "event")]["record_id"].iloc[0]
    marker = next(f for f in features if f"geo-rec-{russia}" in f["properties"]["cls"])
    assert marker["properties"]["c"] == colours["Russia"]
    assert "geo-legend" in html and colours["Islamic State"] in html
    # the outline says the ACLED event type, and the legend lists the types with their sub-types
    assert marker["properties"]["s"] == TYPE_COLOURS["Explosions/Remote violence"]
    assert "Event types (ACLED)" in html and "Explosions/Remote violence" in html and "Air/drone strike" in html


def test_popup_and_tooltip_say_the_acled_types(sample):
    row = next(sample.frame[sample.frame["place"] == "Homs"].itertuples())
    assert tooltip_text(row).startswith("Air/drone strike · Russia")
    assert "<b>Air/drone strike (Explosions/Remote violence)</b>" in popup_html(row)


def test_map_loads_nothing_remote_but_the_optional_tiles(sample):
    m = build_map(sample.frame, basemap={"type": "FeatureCollection", "features": []})
    assert [name for name, _ in unlocalised_links(m)] == ["OpenStreetMap (online)", "Satellite, Esri (online)"]
    html = m.get_root().render()
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts and all(src.startswith("/app/static/vendor/") for src in scripts)


def test_the_app_page_fetches_the_outlines_a_saved_map_holds_them(sample):
    outlines = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "Landia"},
                                                           "geometry": {"type": "Point", "coordinates": [1, 2]}}]}
    page = build_map(sample.frame, basemap_url="/app/static/vendor/countries.geo.json").get_root().render()
    assert 'fetch("/app/static/vendor/countries.geo.json")' in page and "Landia" not in page
    saved = build_map(sample.frame, basemap=outlines).get_root().render()
    assert "Landia" in saved and "fetch(" not in saved
    assert 'fillColor: "#eeeeea"' in page and 'fillColor: "#eeeeea"' in saved  # the same land either way


def test_the_place_is_marked_in_the_quote(sample):
    row = next(sample.frame[sample.frame["place"] == "Homs"].itertuples())
    assert 'around <mark class="geo-place">Homs</mark>' in popup_html(row)


def test_large_views_are_capped_with_a_notice(sample):
    import pandas as pd

    big = pd.concat([sample.frame] * 40, ignore_index=True)
    big["record_id"] = [f"r{i}" for i in range(len(big))]
    drawing = plan_drawing(big, detail_cap=50, draw_cap=300)
    assert len(drawing.detailed) == 50 and len(drawing.compact) == 250 and drawing.total == len(big)
    assert f"{len(big):,} records match" in drawing.notice and f"leaves out {len(big) - 300:,}" in drawing.notice
    assert set(drawing.detailed["kind"]) >= {"claim", "position"}  # checks and positions keep their popups
    html = build_map(big, basemap=None, drawing=drawing).get_root().render()
    assert len(drawn_features(html)) == 50
    dots = json.loads(re.search(r"var dots = (\{.*?\});", html, re.S).group(1))
    assert all(len(dots[column]) == 250 for column in ("lat", "lon", "colour", "tip"))
    assert plan_drawing(sample.frame).notice is None


def test_popup_lists_every_source_with_escaped_text(sample):
    row = next(sample.frame.itertuples())
    row = row._replace(sources=[
        {"report": "r1", "title": "<b>T</b>", "outlet": "O", "url": "javascript:alert(1)", "published": "2015-09-30",
         "quote": "Strikes ${alert(1)} near Homs.", "start": 0, "end": 5},
        {"report": "r2", "title": "Second", "outlet": "", "url": "https://example.org/x", "published": None,
         "quote": "Another <script>alert(1)</script>", "start": 0, "end": 5},
    ])
    html = popup_html(row)
    assert html.count("<li>") == 2
    assert "&lt;b&gt;T&lt;/b&gt;" in html and "&#36;&#123;alert(1)&#125;" in html and "&lt;script&gt;" in html
    assert "javascript:" not in html
    assert 'href="https://example.org/x" target="_blank" rel="noopener noreferrer"' in html


def _shapes(html: str) -> list[dict]:
    """Every shape the map's ShapeLayers draw (rings, lines, routes, areas)."""
    found, decoder = [], json.JSONDecoder()
    for match in re.finditer(r"var shapes = ", html):
        found += decoder.raw_decode(html, match.end())[0]
    return found


def test_transit_with_known_ends_is_drawn_as_a_line(sample):
    frame = sample.frame
    transit = frame[frame["event_type"] == "transit"]
    assert transit["origin"].iloc[0]["name"] == "Black Sea"
    html = build_map(transit, basemap=None).get_root().render()
    routes = [shape for shape in _shapes(html) if shape["style"].get("className") == "geo-route"]
    assert len(routes) == 1 and routes[0]["kind"] == "polyline"
    vertices = routes[0]["points"]
    assert len(vertices) == 3
    (lat0, _), (lat1, lon1), (lat2, _) = vertices
    assert lat0 > lat1 > lat2  # Black Sea, then the Bosphorus (41.1 N, 29.0 E), then the Mediterranean
    assert abs(lat1 - 41.1) < 0.3 and abs(lon1 - 29.05) < 0.3


def test_no_template_ever_sees_report_text(sample):
    """branca compiles rendered scripts as Jinja again: '{{7*7}}' in any field must stay text."""
    from geo.render.timeline import add_timeline

    frame = sample.frame.copy()
    payload = "A{{7*7}}Z B{% if true %}T{% endif %}Y {{ lipsum.__globals__.os.getpid() }}"
    for column in ("record_id", "actor", "actor2", "place", "event_type"):
        frame[column] = [f"{payload} {i}" for i in range(len(frame))]
    frame["sources"] = [[{**s, "title": payload, "outlet": payload, "quote": payload} for s in sources]
                        for sources in frame["sources"]]
    colours = actor_colours(list(frame["actor"]))
    m = build_map(frame, basemap=None, colours=colours, drawing=plan_drawing(frame, detail_cap=5))
    add_timeline(m, frame, colours)
    html = m.get_root().render()
    assert "A49Z" not in html and "BTY" not in html and "getpid()" in html
    assert "A\\u0026#123;\\u0026#123;7*7\\u0026#125;\\u0026#125;Z" in html  # popups: escaped HTML in JSON
    assert "A\\u007b{7*7}}Z" in html  # a record id in the playback data, as JSON text


def test_the_pages_map_loads_leaflet_and_the_playback_plugin_only(sample):
    from geo.render.assets import lean_links
    from geo.render.timeline import add_timeline

    m = lean_links(build_map(sample.frame, basemap=None))
    add_timeline(m, sample.frame, actor_colours(list(sample.frame["actor"].dropna())))
    html = m.get_root().render()
    scripts = [url.rsplit("/", 1)[1] for url in re.findall(r'<script src="([^"]+)"', html)]
    styles = [url.rsplit("/", 1)[1] for url in re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)]
    assert sorted(scripts) == ["leaflet.js", "leaflet.timeline.js", "moment.min.js"]
    assert styles == ["leaflet.css"]  # no Bootstrap, no Font Awesome: 0.4 MB the map never used
    assert len(drawn_features(html)) == len(sample.frame)  # the same markers


def test_a_layer_added_after_the_playback_is_defined_before_the_layer_control_lists_it(sample):
    import folium

    from geo.render.timeline import add_timeline, layer_control_last

    m = build_map(sample.frame, basemap=None)
    add_timeline(m, sample.frame, actor_colours(list(sample.frame["actor"].dropna())))
    cells = folium.GeoJson({"type": "FeatureCollection", "features": []}, name="Records per 1° cell").add_to(m)
    html = layer_control_last(m).get_root().render()
    # Listed before its script ran, the layer was undefined in the page: the map's script stopped there
    # (a large store's counted cells were never drawn).
    assert html.index(f"var {cells.get_name()} =") < html.index("L.control.layers(")
