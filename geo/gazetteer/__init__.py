"""Places and their names, offline: the index, its sources and cache, resolution, online fallback.

Owns: ``index`` (the Gazetteer and how it is built), ``cache`` (the built index on disk, in a
form that cannot run code), ``sources`` (what each registry package and data file contributes),
``keys`` and ``variants`` (how names and their transliterations are folded), ``villages``
(the local tier of GeoNames villages, read by ``geonames``), ``userplaces`` and ``placelist``
(the places an analyst adds), ``resolve`` (scoring candidates in context) and ``geocode`` (the
optional online fallback through geopy).
May import: ``geo.errors``, ``geo.fileio``, ``geo.io``, ``geo.analysis``, ``geo.text``.
"""

from .cache import default_cache_dir, load_gazetteer
from .index import FEATURES, Gazetteer, Place, build_gazetteer, loose_key, name_key

__all__ = ["Place", "Gazetteer", "FEATURES", "name_key", "loose_key", "load_gazetteer", "build_gazetteer",
           "default_cache_dir"]
