"""News reports to a map an analyst can trust.

One sub-package per stage; data flows one way, and each layer imports only those below it
(checked in CI by import-linter, see ``.importlinter``)::

    geo.__main__, geo.cli         the command line: geo.cli's modules hold its commands (extract,
                                  places, workspace) and where they write (output)
    geo.store                     the analyst's workspace: reports, records, decisions (SQLite or
                                  PostgreSQL + PostGIS)
    geo.pipeline                  the stages chained
    geo.render                    the map, its layers, the standalone HTML, tables, escaping
    geo.extract                   places, actors, events, claims, merging
    geo.gazetteer                 the offline index of places, resolution, online fallback
    geo.io                        report, positions and records files; exports
    geo.analysis                  filters, and distances in metres
    geo.frame                     the records GeoDataFrame: its columns and kinds
    geo.text                      normalised text, dates
    geo.errors, geo.fileio        typed errors; bounded reads and atomic writes

No module in this package imports streamlit; the app in ``app.py`` is a thin shell over these
functions.
"""

__version__ = "0.1.0"
