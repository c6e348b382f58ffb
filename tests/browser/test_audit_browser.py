"""The audit log in Chromium: an admin opens it from the menu and filters by user."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models import AuditEvent
from tests.browser.lookup_helpers import pick
from tests.support.files import screenshot
from tests.support.signing_in import browser_login

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_admin_filters_the_audit_log_by_user(app, page, live_server, admin, officer, viewer):
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with app.app_context():
        db.session.add_all([
            AuditEvent(action="update", user_id=officer.id, entity_type="Person", entity_id=12,
                       changes={"full_name": ["Old", "New"], "notes": ["", "x"]},
                       at=start, ip_address="10.0.0.7"),
            AuditEvent(action="viewed_restricted", user_id=viewer.id,
                       changes={"records": ["Case 3", "Person 12"]},
                       at=start + timedelta(hours=1), ip_address="10.0.0.8"),
        ])
        db.session.commit()
    browser_login(page, live_server, admin.email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Users").click()
    page.get_by_role("navigation", name="Admin area").get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", name="Audit log", level=1)).to_be_visible()
    table = page.get_by_role("table")
    expect(table.get_by_text("viewed_restricted")).to_be_visible()

    pick(page, "User", "olga", "Olga Officer", keyboard=True)
    page.get_by_role("button", name="Search").click()
    expect(table.get_by_role("row")).to_have_count(2)  # header and the officer's update
    expect(table.get_by_text("full_name, notes")).to_be_visible()
    expect(table.get_by_text("viewed_restricted")).to_have_count(0)
    expect(page.get_by_role("link", name="Export CSV")).to_have_attribute(
        "href", f"/admin/audit/export.csv?user={officer.id}")

    screenshot(page, "audit-log-1280")
    page.set_viewport_size(PHONE)
    screenshot(page, "audit-log-390")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1, \
        "the audit log scrolls sideways on a phone"
