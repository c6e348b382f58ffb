"""Merging duplicates in Chromium: from a person's page, compare two records of one person
side by side, take a value from the other one, merge, and find everything on the kept one."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models import Direction, FollowUp, Meeting, Person, Raising
from tests.support.files import screenshot
from tests.support.signing_in import browser_login

pytestmark = pytest.mark.browser


def _two_records(app) -> tuple[int, int]:
    with app.app_context():
        kept = Person(full_name="Aigerim Sekerbayeva", email="aigerim@example.org",
                      notes="Met at the OSCE meeting.")
        other = Person(full_name="Айгерим Секербаева", phone="+7 727 000 00 00",
                       notes="Speaks Kazakh and Russian.")
        db.session.add_all([kept, other])
        db.session.flush()
        for n, person in enumerate((kept, other)):
            meeting = Meeting(title=f"Hearing {n + 1}", their_attendees=[person],
                              starts_at=datetime(2026, 5, n + 1, 9, tzinfo=UTC))
            db.session.add(meeting)
            db.session.flush()
            db.session.add_all([
                Raising(meeting_id=meeting.id, person_id=person.id,
                        talking_point=f"Release of the journalists {n + 1}"),
                FollowUp(meeting_id=meeting.id, description=f"Send the list {n + 1}",
                         direction=Direction.THEIRS, owner_person_id=person.id)])
        db.session.commit()
        return kept.id, other.id


def test_officer_merges_two_records_of_one_person(page, live_server, app, make_user):
    kept_id, other_id = _two_records(app)
    officer = make_user("officer", name="Mira Merger")
    browser_login(page, live_server, officer.email)
    page.goto(f"{live_server}/persons/{kept_id}")
    duplicates = page.locator("section.possible-duplicates")
    expect(duplicates).to_contain_text("Айгерим Секербаева")
    screenshot(page, "merge-possible-duplicates")
    duplicates.get_by_role("link", name="Compare and merge").click()
    page.wait_for_url(f"{live_server}/persons/{kept_id}/merge/{other_id}")
    expect(page.get_by_role("heading", name="Compare and merge")).to_be_visible()
    expect(page.get_by_role("link", name=f"Keep #{other_id} instead")).to_be_visible()
    moving = page.locator("ul.merge-moving")
    expect(moving).to_contain_text("1 meeting")
    expect(moving).to_contain_text("1 raising")
    expect(moving).to_contain_text("1 follow-up")
    expect(moving).not_to_contain_text("post")
    expect(page.get_by_role("radio", name="aigerim@example.org")).to_be_checked()
    expect(page.get_by_role("radio", name="+7 727 000 00 00")).to_be_checked()
    screenshot(page, "merge-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.get_by_role("button", name=f"Merge #{other_id} into #{kept_id}")).to_be_visible()
    screenshot(page, "merge-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("radio", name="Айгерим Секербаева").check()
    page.get_by_role("radio", name="Keep both internal notes").check()
    page.get_by_role("button", name=f"Merge #{other_id} into #{kept_id}").click()
    page.wait_for_url(f"{live_server}/persons/{kept_id}")
    expect(page.get_by_text(f"Айгерим Секербаева (#{other_id}) was merged into this record "
                            f"(#{kept_id}).")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Айгерим Секербаева")
    expect(page.locator("p.other-names")).to_contain_text("Aigerim Sekerbayeva")
    meetings = page.locator("section[aria-labelledby=meetings]")
    expect(meetings.get_by_role("link", name="Hearing 1")).to_be_visible()
    expect(meetings.get_by_role("link", name="Hearing 2")).to_be_visible()
    raised = page.locator("section[aria-labelledby=raised]")
    expect(raised.locator("li")).to_have_count(2)
    expect(raised).to_contain_text("Hearing 1")
    expect(raised).to_contain_text("Hearing 2")
    commitments = page.locator("section[aria-labelledby=their-commitments]")
    expect(commitments).to_contain_text("Send the list 1")
    expect(commitments).to_contain_text("Send the list 2")
    expect(page.locator(".notes")).to_contain_text("Speaks Kazakh and Russian.")
    expect(page.locator(".notes")).to_contain_text("Met at the OSCE meeting.")
    expect(page.locator("section.possible-duplicates")).to_have_count(0)
    screenshot(page, "merge-kept")

    page.goto(f"{live_server}/persons/{other_id}")
    note = page.locator(".merged-note")
    expect(note).to_contain_text("Merged into")
    expect(page.get_by_role("button", name="Restore")).to_have_count(0)
    expect(page.get_by_role("link", name="Edit")).to_have_count(0)
    screenshot(page, "merge-twin")
    note.get_by_role("link", name=f"Айгерим Секербаева (#{kept_id})").click()
    page.wait_for_url(f"{live_server}/persons/{kept_id}")
