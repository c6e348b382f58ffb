"""Never lose typed work, in Chromium: the meeting log autosaves a draft and offers it back
after a reload; a save that meets an ended session is completed after signing in again."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from app.extensions import db
from app.models import Draft, Meeting, User
from tests.browser.lookup_helpers import pick
from tests.factories import make_world
from tests.support.files import screenshot
from tests.support.signing_in import PASSWORD, browser_login, totp_code

pytestmark = pytest.mark.browser
NOTES = "Long notes typed during the meeting: the desk will raise article 274 by name."


@pytest.fixture()
def world(app):
    """Officials, a recommendation, a case and an event to log against."""
    return make_world(app)


def fill_meeting_log(page, base_url: str) -> None:
    """Fill the meeting log as during a meeting: details, an attendee, three raised items
    (one in a row added on the page), notes."""
    page.goto(f"{base_url}/meetings/new")
    page.get_by_label("Title").fill("Side meeting with the EEAS desk")
    page.get_by_label("Date", exact=True).fill("2026-06-10")
    page.get_by_label("Start time (local)").fill("09:30")
    pick(page, "Their attendees", "EEAS", "Anna Desk")
    rows = page.locator("fieldset.raising")
    pick(rows.first, "What was raised", "article 274", "Kazakhstani authorities: Repeal article 274")
    rows.first.get_by_label("With whom").select_option(label="Anna Desk (Desk Officer for Kazakhstan, EEAS)")
    rows.first.get_by_label("Their response").fill("The EEAS will mention it in the plenary.")
    page.get_by_role("button", name="Add another row").click()
    page.get_by_text("Raised item 4").wait_for()
    rows.nth(3).get_by_label("Talking point used").fill("Third item, in a row added on the page.")
    pick(rows.nth(3), "What was raised", "journalist", "Case of a jailed journalist")
    page.get_by_label("Notes (Markdown, internal)").fill(NOTES)


def sign_in_again(page, base_url: str, email: str) -> None:
    """The sign-in form shown after the session ended (with the code step when set up)."""
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if "/login/code" in page.url:
        page.get_by_label("Code").fill(totp_code(page.context.parley_app, email))
        page.get_by_role("button", name="Verify").click()


def expect_meeting_saved_with_everything(app, page) -> None:
    """The meeting page after the save, and the saved meeting, hold all that was typed."""
    expect(page.get_by_text("Meeting “Side meeting with the EEAS desk” saved.")).to_be_visible()
    main = page.locator("main")
    for typed in ("Anna Desk", "The EEAS will mention it in the plenary.",
                  "Third item, in a row added on the page.", "Case of a jailed journalist", NOTES):
        expect(main.get_by_text(typed).first).to_be_visible()
    with app.app_context():
        meeting = db.session.scalar(select(Meeting))
        assert meeting.notes == NOTES
        assert [p.full_name for p in meeting.their_attendees] == ["Anna Desk"]
        assert len(meeting.raisings) == 2
        assert db.session.scalar(select(func.count()).select_from(Draft)) == 0


@pytest.mark.parametrize("second_factor", [False, True], ids=["password", "second factor"])
def test_a_save_after_the_session_ended_is_completed_after_signing_in(
        app, page, live_server, make_user, world, second_factor):
    user = make_user("officer", second_factor=second_factor, email="olga@parley.example",
                     name="Olga Officer")
    page.context.parley_app = app
    browser_login(page, live_server, user.email)
    fill_meeting_log(page, live_server)

    with app.app_context():  # the session ends on the server: signed out everywhere
        db.session.get(User, user.id).rotate_session()
        db.session.commit()
    page.get_by_role("button", name="Save meeting").click()
    page.wait_for_url(f"{live_server}/login")
    expect(page.get_by_text("Your session had ended, so nothing was saved yet.")).to_be_visible()
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Meeting)) == 0
    screenshot(page, "drafts-held-save-login")

    sign_in_again(page, live_server, user.email)
    page.wait_for_url(lambda url: "/meetings/" in url and url.split("/")[-1].isdigit())
    expect_meeting_saved_with_everything(app, page)


def test_the_idle_clock_ending_the_session_loses_nothing(app, page, live_server, officer, world):
    browser_login(page, live_server, officer.email)
    fill_meeting_log(page, live_server)
    idle = app.config["PARLEY_IDLE_TIMEOUT"]
    app.config["PARLEY_IDLE_TIMEOUT"] = -1  # every session has now been idle too long
    try:
        page.get_by_role("button", name="Save meeting").click()
        page.wait_for_url(f"{live_server}/login")
    finally:
        app.config["PARLEY_IDLE_TIMEOUT"] = idle
    sign_in_again(page, live_server, officer.email)
    page.wait_for_url(lambda url: "/meetings/" in url and url.split("/")[-1].isdigit())
    expect_meeting_saved_with_everything(app, page)


def test_a_draft_is_offered_back_after_a_reload(app, page, live_server, officer, world):
    browser_login(page, live_server, officer.email)
    fill_meeting_log(page, live_server)
    expect(page.locator(".draft-status")).to_contain_text("Draft saved at")
    screenshot(page, "drafts-saved-status")

    page.reload()
    banner = page.get_by_role("region", name="Unsaved draft")
    expect(banner).to_contain_text("Restore your unsaved draft from")
    expect(page.get_by_label("Notes (Markdown, internal)")).to_have_value("")
    screenshot(page, "drafts-restore-offer-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "drafts-restore-offer-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    banner.get_by_role("button", name="Restore").click()
    expect(page.get_by_text("Draft restored: check it, then save.")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Side meeting with the EEAS desk")
    expect(page.get_by_label("Notes (Markdown, internal)")).to_have_value(NOTES)
    expect(page.locator(".lookup-chosen label", has_text="Anna Desk")).to_be_visible()
    rows = page.locator("fieldset.raising")
    expect(rows).to_have_count(4)
    expect(rows.nth(3).get_by_label("Talking point used")).to_have_value(
        "Third item, in a row added on the page.")
    expect(rows.nth(3).get_by_role("combobox", name="What was raised")).to_have_value(
        "Case of a jailed journalist")
    expect(rows.first.get_by_label("With whom")).to_have_value(f"p{world['anna']}")
    page.get_by_role("button", name="Save meeting").click()
    expect_meeting_saved_with_everything(app, page)

    with page.expect_response(lambda r: "/drafts/form?" in r.url and r.request.method == "GET") as asked:
        page.goto(f"{live_server}/meetings/new")  # saved: nothing left to offer
    assert asked.value.status == 204
    expect(page.get_by_role("region", name="Unsaved draft")).to_have_count(0)


def test_a_discarded_draft_is_gone(app, page, live_server, officer, world):
    browser_login(page, live_server, officer.email)
    page.goto(f"{live_server}/persons/new")
    page.get_by_label("Full name").fill("Someone half typed")
    expect(page.locator(".draft-status")).to_contain_text("Draft saved at")
    page.reload()
    with page.expect_response(lambda r: r.request.method == "DELETE") as deleted:
        page.get_by_role("region", name="Unsaved draft").get_by_role(
            "button", name="Discard").click()
    assert deleted.value.status == 204
    expect(page.get_by_text("Draft discarded.")).to_be_visible()
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Draft)) == 0
    with page.expect_response(lambda r: "/drafts/form?" in r.url and r.request.method == "GET") as asked:
        page.reload()
    assert asked.value.status == 204
    expect(page.get_by_role("region", name="Unsaved draft")).to_have_count(0)
