"""Debian's Chromium, driven by Playwright, with the network cut off.

Every request to anything but the allowed prefixes (this machine, data: and
blob: URLs) is refused and recorded in ``page.outside``; dialogs (alert,
confirm, prompt) are dismissed and recorded in ``page.dialogs``; uncaught
page errors go to ``page.errors``. Tests assert all three stay empty.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from .conftest import ROOT

CHROMIUM = os.environ.get("GEO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = ROOT / "test-output"  # screenshots, for review
LOCAL = ("http://127.0.0.1", "data:", "blob:", "about:")


def guard(page, *, allow: tuple[str, ...] = LOCAL):
    """``page`` with the network cut but for ``allow``, and its refusals, dialogs and errors recorded."""
    page.outside, page.dialogs, page.errors = [], [], []

    def route(route):
        if route.request.url.startswith(allow):
            return route.continue_()
        page.outside.append(route.request.url)
        return route.abort()

    page.route("**/*", route)
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


@contextmanager
def offline_page(*, allow: tuple[str, ...] = LOCAL, **options) -> Iterator:
    """A new page; ``options`` go to ``browser.new_page`` (viewport, timezone_id, ...)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"expected Debian's chromium at {CHROMIUM}: run `make test` (it installs it)")
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = guard(browser.new_page(**({"viewport": {"width": 1400, "height": 900}} | options)), allow=allow)
        try:
            yield page
        finally:
            browser.close()
