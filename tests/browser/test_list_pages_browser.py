"""The pager and the dashboard's totals in Chromium, at 1280 px and at a phone's width."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models import Direction, FollowUp, Meeting, MeetingStatus
from app.services.follow_ups.lists import SECTION_PER_PAGE as PER
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


@pytest.fixture()
def many(app, officer):
    """130 past meetings, 25 planned ones and 35 overdue follow-ups of the officer."""
    now = datetime.now(UTC).replace(microsecond=0)
    with app.app_context():
        db.session.add_all(
            [Meeting(title=f"Round table {i:03d}", starts_at=now - timedelta(days=i + 1),
                     status=MeetingStatus.HELD) for i in range(130)]
            + [Meeting(title=f"Planned visit {i:03d}", starts_at=now + timedelta(days=i + 1))
               for i in range(25)]
            + [FollowUp(description=f"Send the letter {i:03d}", direction=Direction.OURS,
                        owner_user_id=officer.id, due_on=date.today() - timedelta(days=90 - i))
               for i in range(35)])
        db.session.commit()


def test_the_pager_walks_the_meetings_list(app, many, page, live_server, officer):
    browser_login(page, live_server, officer.email)
    page.goto(f"{live_server}/meetings/")
    pager = page.get_by_role("navigation", name="Pages")
    expect(pager.get_by_text("1–50 of 155")).to_be_visible()
    expect(page.locator("table.meetings tbody tr")).to_have_count(50)
    _both_widths(page, "meetings-list")
    pager.get_by_role("link", name="Next →").click()
    expect(pager.get_by_text("51–100 of 155")).to_be_visible()
    expect(pager.locator("[aria-current=page]")).to_have_text("2")
    pager.get_by_role("link", name="Page 4").click()
    expect(pager.get_by_text("151–155 of 155")).to_be_visible()
    expect(page.locator("table.meetings tbody tr")).to_have_count(5)
    pager.get_by_role("link", name="← Previous").click()
    expect(pager.get_by_text("101–150 of 155")).to_be_visible()


def test_the_dashboard_shows_ten_of_each_with_the_totals(app, many, page, live_server, officer):
    browser_login(page, live_server, officer.email)
    overdue = page.get_by_role("region", name="Overdue follow-ups")
    expect(overdue.locator(".count")).to_have_text("35")
    expect(overdue.locator("li.follow-up")).to_have_count(10)
    upcoming = page.get_by_role("region", name="Upcoming meetings")
    expect(upcoming.locator(".count")).to_have_text("25")
    expect(upcoming.get_by_role("link", name="All 25 meetings from today")).to_be_visible()
    _both_widths(page, "dashboard")
    overdue.get_by_role("link", name="All 35 overdue follow-ups").click()
    section = page.get_by_role("region", name="Overdue")
    expect(section.get_by_text(f"1–{PER} of 35")).to_be_visible()
    section.get_by_role("link", name="Next →").click()
    expect(page.get_by_role("region", name="Overdue").get_by_text(f"{PER + 1}–35 of 35")).to_be_visible()
    _both_widths(page, "follow-ups-overdue-page-2")


def test_a_column_header_sorts_the_list_and_the_pager_keeps_the_order(app, many, page,
                                                                      live_server, officer):
    browser_login(page, live_server, officer.email)
    page.goto(f"{live_server}/meetings/")
    when = page.get_by_role("columnheader", name="When")
    expect(when).to_have_attribute("aria-sort", "descending")
    page.get_by_role("columnheader", name="Meeting").get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"sort=title&dir=asc"))
    expect(page.get_by_role("columnheader", name="Meeting")).to_have_attribute(
        "aria-sort", "ascending")
    expect(page.get_by_role("columnheader", name="When")).not_to_have_attribute(
        "aria-sort", re.compile(".*"))
    rows = page.locator("table.meetings tbody tr td:nth-child(2) a")
    expect(rows.first).to_have_text("Planned visit 000")
    page.get_by_role("link", name="Next →").click()
    expect(page).to_have_url(re.compile(r"sort=title"))
    expect(rows.first).to_have_text("Round table 025")
    # once more on the header: the other way round, from the first page
    page.get_by_role("columnheader", name="Meeting").get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"sort=title&dir=desc"))
    expect(rows.first).to_have_text("Round table 129")
    expect(page.get_by_role("navigation", name="Pages").get_by_text("1–50 of 155")).to_be_visible()
    # on a phone the headers fold away, but the sort links stay, on one line above the rows
    page.set_viewport_size(PHONE)
    expect(page.locator("table.meetings thead a.sort", has_text="Meeting")).to_be_visible()
    expect(page.locator("table.meetings thead th", has_text="With")).to_be_hidden()
    _both_widths(page, "meetings-sorted-by-title")
