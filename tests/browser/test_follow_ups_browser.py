"""Completing a follow-up in Chromium, and the pages of issue 5 as a person sees them."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.lookup_helpers import pick
from tests.demo_users import AMINA, set_known_password
from tests.support.files import screenshot
from tests.support.signing_in import browser_login

pytestmark = pytest.mark.browser

OLDEST = "Send the EEAS desk a one-page update on Marat Zhylanbaev's health and contacts"


def test_complete_the_oldest_overdue_follow_up(page, live_server, app, demo):
    set_known_password(app, AMINA)
    browser_login(page, live_server, AMINA)
    page.get_by_role("link", name="Follow-ups", exact=True).click()
    overdue = page.locator("section[aria-labelledby=overdue]")
    first_row = overdue.locator("tbody tr").first
    assert OLDEST in first_row.inner_text()
    assert "14 days overdue" in first_row.inner_text()
    screenshot(page, "follow-ups")
    first_row.get_by_role("link", name=OLDEST).click()
    page.wait_for_url(re.compile(r"/follow-ups/\d+"))
    expect(page.get_by_role("heading", name=OLDEST, level=1)).to_be_visible()
    page.get_by_label("Outcome").fill("One-page update sent to the desk; they will use it.")
    screenshot(page, "follow-up-detail")
    page.get_by_role("button", name="Mark done").click()
    page.wait_for_url(re.compile(r"/follow-ups/(\?.*)?$"))
    assert page.locator(".flash-success").inner_text().startswith("Marked done: ")
    assert OLDEST not in overdue.inner_text()
    done = page.locator("section[aria-labelledby=closed]")
    row = done.locator("tr", has_text=OLDEST)
    text = row.inner_text()
    assert "Done" in text and "by Amina Rahimova" in text
    assert f"{date.today():%d %b %Y}".lstrip("0") in text
    assert "One-page update sent to the desk" in text
    screenshot(page, "follow-ups-after-done")
    row.get_by_role("link", name=OLDEST).click()
    history = page.locator("section[aria-labelledby=history]")
    assert "Marked done" in history.inner_text() and "Amina Rahimova" in history.inner_text()


def test_tracker_debrief_and_dashboard_charts_render(page, live_server, app, demo):
    set_known_password(app, AMINA)
    browser_login(page, live_server, AMINA)
    charts = page.locator(".dashboard-charts svg")
    assert charts.count() == 2
    page.locator(".dashboard-charts").scroll_into_view_if_needed()
    screenshot(page, "dashboard-charts")
    page.get_by_role("link", name="Tracker", exact=True).click()
    expect(page.get_by_role("heading", name="Recommendation tracker")).to_be_visible()
    assert page.locator("td.cell.raised").count() >= 8
    pick(page, "Never raised with the people at meeting", "Government delegation",
         "Government delegation: MFA")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading",
                            name=re.compile("Never raised with the people at"))).to_be_visible()
    screenshot(page, "tracker")
    page.get_by_role("link", name="Debriefs", exact=True).click()
    page.get_by_role("link", name="EU-Kazakhstan Human Rights Dialogue 2026").click()
    expect(page.get_by_role("heading", name="Still open", exact=False)).to_be_visible()
    screenshot(page, "debrief")
    page.goto(f"{live_server}/calendar/settings")
    page.get_by_role("button", name="Create a link").click()
    link = page.get_by_label("Your secret address").input_value()
    assert re.search(r"/calendar/[\w-]+\.ics$", link)
    screenshot(page, "calendar-settings")


def test_filters_apply_on_change_and_a_row_button_keeps_the_list(page, live_server, app, demo):
    set_known_password(app, AMINA)
    browser_login(page, live_server, AMINA)
    page.goto(f"{live_server}/follow-ups/?scope=team")
    page.get_by_label("Direction").select_option("theirs")  # no click on Filter
    expect(page).to_have_url(re.compile(r"direction=theirs"))
    expect(page.get_by_label("Direction")).to_have_value("theirs")
    pick(page, "Stakeholder", "Katrin", "Katrin Vollmer-Hesse")
    expect(page).to_have_url(re.compile(r"person=\d+"))
    assert "direction=theirs" in page.url and "scope=team" in page.url
    listed = page.url
    row = page.locator("section[aria-labelledby=this_week] tbody tr, "
                       "section[aria-labelledby=overdue] tbody tr, "
                       "section[aria-labelledby=later] tbody tr").first
    description = row.get_by_role("link").first.inner_text()
    row.get_by_role("button", name=f"Kept: {description}").click()
    expect(page.locator(".flash-success")).to_have_text(f"Marked kept: {description}")
    assert page.url.split("#")[0] == listed  # the same list: scope, filters
    expect(page.locator("section[aria-labelledby=closed]")).to_contain_text(description)
    expect(page.get_by_label("Direction")).to_have_value("theirs")
