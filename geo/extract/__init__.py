"""Extraction: from a report's text to records, with the sentence that says so.

Owns: ``document`` (one report's annotated ``Document``: sentences, tokens and layers of
spans), ``annotate`` (its components chained), ``tokens`` (the words of a text as offsets), ``places`` (place
mentions), ``actors`` (the actor dictionary), ``events`` (events, assets and positions),
``claims`` (distance claims and their check) and ``merge`` (one record per event across
reports). Events and claims read the document; merging reads records.
May import: ``geo.errors``, ``geo.text``, ``geo.io``, ``geo.gazetteer``, ``geo.analysis``,
``geo.frame``; never ``geo.render``.
"""
