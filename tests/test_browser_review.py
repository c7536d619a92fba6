"""Two analysts in two browser contexts on one store: a review made in one (the place by a click
on the map, the actor, a note) is seen in the other after a refresh (the real app in headless
Chromium, offline)."""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from .offline_browser import CHROMIUM, CHROMIUM_ARGS, SHOTS, guard
from .test_browser import serve  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser

MAP = 'iframe[title="streamlit_folium.st_folium"]'


@contextmanager
def two_analysts():
    """Two pages of one Chromium, each in a browser context of its own (own cookies, own session)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            pages = [guard(browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()) for _ in range(2)]
            yield pages
        finally:
            browser.close()


def _count(page, selector: str) -> int:
    """The markers matching ``selector`` in the newest map of the page."""
    return page.evaluate("""(selector) => {
        const frames = [...document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]')];
        const frame = frames[frames.length - 1];
        return frame && frame.contentDocument ? frame.contentDocument.querySelectorAll(selector).length : -1;
    }""", selector)


def _map_ready(page) -> None:
    page.frame_locator(MAP).last.locator("path.geo-marker").first.wait_for(timeout=180_000)  # a new server: slow


def test_an_edit_made_in_one_browser_is_seen_in_another_after_refresh(serve):
    url = serve()
    with two_analysts() as (ann, bob):
        for page in (ann, bob):
            page.goto(url)
            _map_ready(page)
        assert _count(bob, "path.geo-status-edited") == 0 and _count(bob, "path.geo-status-unreviewed") > 0

        reviewer = ann.get_by_label("Reviewer", exact=True)
        reviewer.fill("Ann <b>Analyst</b>")
        reviewer.press("Enter")
        # the place by a click on the map: away from the legend (bottom left) and the controls
        area = ann.frame_locator(MAP).last.locator(".leaflet-container")
        box = area.bounding_box()
        area.click(position={"x": box["width"] * 0.8, "y": box["height"] * 0.45})
        ann.get_by_role("button", name="Use the map click").click(timeout=60_000)
        latitude = ann.get_by_label("or latitude", exact=True)
        for _ in range(120):
            if latitude.input_value():
                break
            ann.wait_for_timeout(500)
        assert float(latitude.input_value()) and float(ann.get_by_label("and longitude", exact=True).input_value())
        ann.get_by_label("Actor", exact=True).fill("Hezbollah")
        ann.get_by_label("Note", exact=True).fill("actor named in the second paragraph")
        ann.get_by_role("button", name="Save edits").click()
        ann.get_by_text("by Ann <b>Analyst</b>: lat:").wait_for(timeout=60_000)  # the name as text
        ann.wait_for_function("""() => [...document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]')]
            .some(f => f.contentDocument && f.contentDocument.querySelectorAll("path.geo-status-edited").length === 1)""",
                              timeout=60_000)

        assert _count(bob, "path.geo-status-edited") == 0  # nothing moves under Bob until he refreshes
        bob.reload()
        _map_ready(bob)
        bob.wait_for_function("""() => [...document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]')]
            .some(f => f.contentDocument && f.contentDocument.querySelectorAll("path.geo-status-edited").length === 1)""",
                              timeout=60_000)
        frame = bob.frame_locator(MAP).last
        assert frame.locator("path.geo-edited-ring").count() == 1
        frame.locator("path.geo-status-edited").dispatch_event("click")
        popup = frame.locator(".leaflet-popup-content")
        popup.wait_for(timeout=10_000)
        text = popup.inner_text()
        assert "Hezbollah" in text and "edited by Ann <b>Analyst</b>" in text
        assert frame.locator(".geo-review b", has_text="Analyst").count() == 0  # the name's markup shown, never made
        bob.wait_for_timeout(500)
        bob.screenshot(path=SHOTS / "review-seen-by-another.png")
        for page in (ann, bob):
            assert page.outside == [] and page.dialogs == [] and page.errors == []
