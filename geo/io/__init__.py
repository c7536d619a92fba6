"""Data in and out: report files, positions files, records files, exports, TopoJSON.

Owns: ``reports`` (report files and their metadata), ``jsonl`` (JSON lines of id and text), ``positions`` (positions and control
areas from GeoJSON, GeoPackage or CSV), ``records`` (records files read back), ``export``
(GeoJSON, ACLED-like CSV, GeoPackage) and ``topojson`` (world-atlas outlines).
May import: ``geo.errors``, ``geo.fileio``, ``geo.frame``, ``geo.text``.
"""
