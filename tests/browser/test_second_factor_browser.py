"""Setting up the TOTP second factor and signing in with a code, in Chromium."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from playwright.sync_api import expect

from tests.support.files import screenshot
from tests.support.signing_in import PASSWORD, browser_login

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _both_widths(page, name: str) -> None:
    screenshot(page, f"{name}-1280")
    page.set_viewport_size(PHONE)
    screenshot(page, f"{name}-390")
    page.set_viewport_size(DESKTOP)


def _set_up(page) -> pyotp.TOTP:
    """On the set-up page: read the key shown, enter the app's first code, keep the codes."""
    secret_text = page.locator("#totp-secret")
    expect(secret_text).to_have_text(re.compile(r"^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$"))
    totp = pyotp.TOTP(secret_text.inner_text().replace(" ", ""))
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    page.get_by_label("Code from the app").fill(totp.now())
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.locator("ol.recovery-codes li")).to_have_count(10)
    return totp


def test_a_user_sets_up_totp_then_signs_in_with_a_code(page, live_server, officer):
    browser_login(page, live_server, officer.email)
    page.get_by_role("link", name="Olga Officer").click()
    page.get_by_role("link", name="Second factor").click()
    expect(page.get_by_text("you sign in with your password only")).to_be_visible()
    page.get_by_role("link", name="Set up a second factor").click()
    expect(page.get_by_role("heading", name="Set up a second factor")).to_be_visible()
    _both_widths(page, "two-factor-setup")
    page.get_by_label("Code from the app").fill("000000")
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_text("This code does not match.")).to_be_visible()
    totp = _set_up(page)
    _both_widths(page, "two-factor-recovery-codes")
    page.get_by_role("link", name="I have kept them, continue").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server}/login")

    page.get_by_label("Email").fill(officer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server}/login/code*")
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    _both_widths(page, "two-factor-code")
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_text("This code is not right, or it has been used already.")).to_be_visible()
    # The set-up code spent this 30-second step; the app's next code is newer, so accepted.
    page.get_by_label("Code").fill(totp.at(time.time() + 30))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{live_server}/")
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()
    page.goto(f"{live_server}/account/two-factor")
    expect(page.get_by_text("unused recovery codes of 10")).to_contain_text("10")


def test_an_admin_without_a_factor_is_sent_to_set_it_up(page, live_server, make_user):
    admin = make_user("admin", second_factor=False, name="Ada Admin")
    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill(admin.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server}/account/two-factor/setup")
    expect(page.get_by_text("A second factor is required for your account")).to_be_visible()
    _both_widths(page, "two-factor-required")
    page.get_by_role("link", name="Users").click()
    page.wait_for_url(f"{live_server}/account/two-factor/setup")
    page.goto(f"{live_server}/persons/")
    page.wait_for_url(f"{live_server}/account/two-factor/setup")
    _set_up(page)
    page.get_by_role("link", name="I have kept them, continue").click()
    page.wait_for_url(f"{live_server}/")
    page.get_by_role("link", name="Users").click()
    expect(page.get_by_role("heading", name="Users")).to_be_visible()
    expect(page.get_by_role("row", name="Ada Admin")).to_contain_text("On")
