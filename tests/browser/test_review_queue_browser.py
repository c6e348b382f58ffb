"""The review queue in Chromium: a cleared officer finds the twin from the dashboard and merges it."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models import Meeting, Person, PossibleDuplicate
from tests.factories import make_restricted
from tests.support.files import screenshot
from tests.support.signing_in import browser_login

pytestmark = pytest.mark.browser


def test_cleared_officer_merges_a_twin_from_the_queue(page, live_server, app, make_user):
    ids = make_restricted(app)
    officer = make_user("officer", clearance="at_risk", name="Rita Reviewer")
    colleague = make_user("officer", clearance="normal", name="Nora Normal")
    with app.app_context():
        twin = Person(full_name="Dinara Smailova")
        db.session.add_all([twin, Meeting(title="Visit to the shelter", their_attendees=[twin],
                                          starts_at=datetime(2026, 6, 10, 9, tzinfo=UTC))])
        db.session.flush()
        db.session.add(PossibleDuplicate(new_person_id=twin.id,
                                         restricted_person_id=ids["dinara"],
                                         created_by_id=colleague.id))
        db.session.commit()

    browser_login(page, live_server, officer.email)
    queue_link = page.get_by_role("link", name="1 possible duplicate of restricted records")
    expect(queue_link).to_be_visible()
    queue_link.click()
    page.wait_for_url(f"{live_server}/review/")
    item = page.locator(".review-item")
    expect(item).to_have_count(1)
    expect(item.get_by_role("heading", name="Possible duplicate of a restricted record")) \
        .to_be_visible()
    expect(item).to_contain_text("Added by Nora Normal")
    expect(item).to_contain_text("Динара Смаилова")
    screenshot(page, "review-queue-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    expect(item.get_by_role("button", name="Merge into the restricted record")).to_be_visible()
    screenshot(page, "review-queue-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    item.get_by_role("button", name="Merge into the restricted record").click()
    page.wait_for_url(f"{live_server}/persons/{ids['dinara']}")
    expect(page.get_by_text("“Dinara Smailova” merged into this record: 1 link(s) moved"))\
        .to_be_visible()
    expect(page.get_by_role("link", name="Visit to the shelter")).to_be_visible()
    screenshot(page, "review-merged")
    page.goto(f"{live_server}/review/")
    expect(page.get_by_text("Nothing to review.")).to_be_visible()
