"""Signing in and out in Chromium."""

import pytest
from playwright.sync_api import expect

from tests.support.files import screenshot
from tests.support.signing_in import browser_login

pytestmark = pytest.mark.browser


def test_sign_in_see_dashboard_sign_out(page, live_server, officer):
    page.goto(f"{live_server}/")
    assert "/login" in page.url
    page.get_by_label("Email").fill(officer.email)
    page.get_by_label("Password").fill("wrong password for sure")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Email or password is not correct.")).to_be_visible()
    browser_login(page, live_server, officer.email)
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()
    expect(page.get_by_text("Olga Officer")).to_be_visible()
    screenshot(page, "dashboard-empty")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server}/login")
    expect(page.get_by_text("You have signed out.")).to_be_visible()
