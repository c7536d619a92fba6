"""Stage 6, a large store's map: the records of a view counted per cell of the map, as shaded squares."""

from __future__ import annotations

import math

import folium
import pandas as pd

from .timeline import layer_control_last

__all__ = ["add_cells"]

_MAX_CELLS = 3_000  # cells drawn at the most: more are merged into cells twice as large


def add_cells(m: folium.Map, cells: pd.DataFrame, step: float) -> None:
    """The records of a large view counted per cell of ``step`` degrees, drawn as shaded squares (their
    tooltip: the count), under the markers: one GeoJSON layer (an element per cell made the page's
    folium render cost seconds at each rerun). Only numbers reach the page. ``cells``: columns lat, lon
    (each cell's south-west corner) and n."""
    while len(cells) > _MAX_CELLS:
        step *= 2
        cells = cells.assign(lat=(cells["lat"] + 90.0) // step * step - 90.0,
                             lon=(cells["lon"] + 180.0) // step * step - 180.0).groupby(
            ["lat", "lon"], as_index=False)["n"].sum()
    folium.map.CustomPane("cells", z_index=350).add_to(m)  # under the markers (400): they keep their clicks
    most = max(int(cells["n"].max()), 2) if len(cells) else 2
    features = [{"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[  # (lon, lat) in GeoJSON
        [lon, lat], [lon + step, lat], [lon + step, lat + step], [lon, lat + step], [lon, lat]]]},
        "properties": {"label": f"{int(n):,} record{'' if n == 1 else 's'}",
                       "shade": round(0.08 + 0.5 * math.log(int(n)) / math.log(most), 3)}}
        for lat, lon, n in cells[["lat", "lon", "n"]].itertuples(index=False)]
    folium.GeoJson({"type": "FeatureCollection", "features": features}, name=f"Records per {step:g}° cell",
                   style_function=lambda feature: {"weight": 0, "fill": True, "fillColor": "#555555",
                                                   "fillOpacity": feature["properties"]["shade"]},
                   tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False), pane="cells").add_to(m)
    layer_control_last(m)  # it lists the cells' layer
