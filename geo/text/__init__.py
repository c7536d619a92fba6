"""Plain text, before any meaning: normalisation for matching, and dates.

Owns: ``normalise`` (NFC, spaces, invisible marks, with offsets back to the original) and
``dates`` (dates in text, resolved against a publication date).
May import: ``geo.errors``; nothing else of ``geo``.
"""
