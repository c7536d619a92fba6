"""Analysis over the records frame: filters, and distances in metres.

Owns: ``filters`` (what the app's sidebar and the URL choose) and ``distances`` (the one way
this project measures a distance: UTM zones and pyproj.Geod, the vectorised nearest search).
May import: numpy, pandas, geopandas, shapely, pyproj; nothing else of ``geo``.
"""

from .distances import distance_check, geodesic_m, nearest_positions, representative_points, utm_epsg
from .filters import actors_in, date_bounds, filter_frame, outlets_in

__all__ = ["filter_frame", "actors_in", "outlets_in", "date_bounds", "geodesic_m", "utm_epsg", "nearest_positions",
           "distance_check", "representative_points"]
