"""A busy stakeholder's profile in Chromium: the latest 10 of each section, the totals, and the
full list a click away, readable at 1280 px and on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.section_world import World, fill
from tests.support.files import screenshot
from tests.support.signing_in import browser_login

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _both_widths(page, name):
    """Screenshot at 1280 px and at a phone's width (no sideways scrolling), then back."""
    screenshot(page, f"{name}-1280")
    page.set_viewport_size(PHONE)
    screenshot(page, f"{name}-390")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1, \
        f"{name} scrolls sideways on a phone"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_busy_profile_shows_latest_rows_and_links_to_all(app, page, live_server, officer):
    world = fill(app, World(), 23, officer.id)
    browser_login(page, live_server, officer.email)
    page.goto(f"{live_server}/persons/{world.ids['person']}")
    meetings = page.locator("section", has=page.locator("#meetings"))
    expect(meetings.get_by_role("heading", name="Meetings with them 23")).to_be_visible()
    expect(meetings.get_by_role("listitem")).to_have_count(10)
    expect(meetings.get_by_role("link", name="Talk022")).to_be_visible()
    expect(meetings.get_by_role("link", name="Talk012")).to_have_count(0)
    raised = page.locator("section", has=page.locator("#raised"))
    expect(raised.get_by_text("Reply022")).to_be_visible()
    stances = page.locator("section", has=page.locator("#stances"))
    expect(stances.get_by_role("listitem")).to_have_count(1)
    expect(stances).to_contain_text("raised 23 times: Supportive 12 · Opposed 11")
    _both_widths(page, "busy-profile")

    meetings.get_by_role("link", name="All 23").click()
    expect(page.get_by_role("heading", name="Meetings with them 23", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Talk000")).to_be_visible()
    expect(page.get_by_role("link", name="← Busy Official")).to_be_visible()
    _both_widths(page, "busy-profile-all-meetings")
    page.get_by_role("link", name="← Busy Official").click()
    expect(page.get_by_role("heading", name="Busy Official", level=1)).to_be_visible()
