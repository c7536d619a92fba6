"""Places and their names, offline: the index, its sources and cache, resolution, online fallback.

Owns: ``index`` (the Gazetteer and its cache), ``sources`` (what each registry package and data
file contributes), ``keys`` (how names are folded), ``resolve`` (scoring candidates in context)
and ``geocode`` (the optional online fallback through geopy).
May import: ``geo.errors``, ``geo.fileio``, ``geo.io``, ``geo.text``.
"""

from .index import FEATURES, Gazetteer, Place, build_gazetteer, default_cache_dir, load_gazetteer, loose_key, name_key

__all__ = ["Place", "Gazetteer", "FEATURES", "name_key", "loose_key", "load_gazetteer", "build_gazetteer",
           "default_cache_dir"]
