"""Alerts that hold untrusted text (a file name, a dataset's name, an error)."""

from __future__ import annotations

import streamlit as st

from geo.render.html import md_text

__all__ = ["say"]


def say(kind: str, text: object, where=st) -> None:
    """An alert holding untrusted text (a file name, an error), shown as text, never as Markdown."""
    getattr(where, kind)(md_text(text))
