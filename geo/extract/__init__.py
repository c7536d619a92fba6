"""Extraction: from a report's text to records, with the sentence that says so.

Owns: ``document`` (one report's annotated ``Document``: sentences, tokens and layers of
spans), ``annotate`` (its components chained), ``tokens`` (the words of a text as offsets),
``recognise`` (which words name a place), ``places`` (place mentions resolved, the mentions
layer), ``context`` (the area a text puts a place in, and its villages), ``relative`` (points
at a distance and bearing from a place), ``actors`` (the actor dictionary), ``cues`` (the
prepositions and phrases the rules read), ``events`` (events, assets and positions),
``claims`` (distance claims and their check) and ``merge`` (one record per event across
reports). Events and claims read the document's layers, never its text; merging reads records.
May import: ``geo.errors``, ``geo.text``, ``geo.io``, ``geo.gazetteer``, ``geo.analysis``,
``geo.frame``; never ``geo.render``.
"""
