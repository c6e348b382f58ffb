"""The meeting-log flow in Chromium: log a meeting on one page, then find it everywhere."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import Meeting, Person
from tests.browser.lookup_helpers import pick
from tests.factories import make_world
from tests.support.files import screenshot
from tests.support.signing_in import browser_login

pytestmark = pytest.mark.browser
#: How Anna appears in the page's lists: her name and current post.
ANNA = "Anna Desk (Desk Officer for Kazakhstan, EEAS)"


@pytest.fixture()
def world(app):
    """Two officials, a recommendation, a case and an event to log against."""
    return make_world(app)


def choose_attendee(page, query: str, name: str, keyboard: bool = False) -> None:
    """Pick one of their attendees through the type-ahead, by mouse or by keyboard."""
    pick(page, "Their attendees", query, name, keyboard=keyboard)
    expect(page.locator(".lookup-chosen label", has_text=name)).to_be_visible()
    expect(page.get_by_role("combobox", name="Their attendees")).to_have_value("")


def start_new_meeting(page, base_url: str, email: str, title: str) -> None:
    """Sign in, open the meeting log and fill its required fields."""
    browser_login(page, base_url, email)
    page.goto(f"{base_url}/meetings/new")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Date", exact=True).fill("2026-06-10")
    page.get_by_label("Start time (local)").fill("11:00")


def test_log_a_meeting_and_find_it_everywhere(app, page, live_server, officer, world):
    due = date.today() + timedelta(days=3)
    with app.app_context():
        db.session.add(Person(full_name="Someone Not At This Meeting"))
        db.session.commit()
    browser_login(page, live_server, officer.email)
    page.goto(f"{live_server}/events/{world['event']}")
    page.get_by_role("link", name="Log a meeting").click()
    page.get_by_role("heading", name="Log a meeting", level=1).wait_for()

    page.get_by_label("Title").fill("Side meeting with the EEAS desk")
    page.get_by_label("Date", exact=True).fill(date.today().isoformat())
    page.get_by_label("Start time (local)").fill("09:30")
    page.get_by_label("End time (local)").fill("10:15")
    page.get_by_label("Place").fill("EEAS, room 4")
    page.get_by_label("Status").select_option(label="Held")
    page.get_by_label("Purpose: why this meeting").fill("Brief the desk before the round.")
    assert page.get_by_label("Olga Officer").is_checked()

    choose_attendee(page, "EEAS", "Anna Desk")
    choose_attendee(page, "Ministry", "Bolat Zhylanbaev", keyboard=True)
    page.get_by_label("Name", exact=True).fill("Chris Newcomer")
    page.get_by_label("Organisation", exact=True).fill("EEAS")
    page.get_by_label("Post or role").fill("Political Officer")

    raised = page.locator("fieldset.raising").first
    offered = raised.get_by_label("With whom").evaluate(
        "s => Array.from(s.options).filter(o => !o.hidden).map(o => o.textContent)")
    bolat = "Bolat Zhylanbaev (Deputy Minister, Ministry of Foreign Affairs of Kazakhstan)"
    assert offered == ["The meeting as a whole", ANNA, bolat, "Chris Newcomer (new)"], offered
    pick(raised, "What was raised", "article 274", "Kazakhstani authorities: Repeal article 274")
    raised.get_by_label("With whom").select_option(label=ANNA)
    raised.get_by_label("Talking point used").fill("Article 274 is used against journalists.")
    raised.get_by_label("Their response").fill("The EEAS will mention it in the plenary.")
    raised.get_by_label("Supportive").check()
    raised.get_by_label("Our reply next time").fill("Ask for it in the press release too.")
    second = page.locator("fieldset.raising").nth(1)
    pick(second, "What was raised", "journalist", "Case of a jailed journalist", keyboard=True)
    second.get_by_label("With whom").select_option(label="Chris Newcomer (new)")
    second.get_by_label("Their response").fill("Not aware of the case.")

    page.get_by_role("button", name="Add another row").click()
    page.get_by_text("Raised item 4").wait_for()
    fourth = page.locator("fieldset.raising").nth(3)
    assert fourth.get_by_label("Their response").input_value() == ""
    expect(fourth.get_by_label("Not recorded")).to_be_checked()

    page.get_by_label("Notes (Markdown, internal)").fill("**Candid** exchange.")
    follow_up = page.locator("fieldset.follow-up").first
    follow_up.get_by_label("What was committed").fill("Send the updated case list")
    pick(follow_up, "Who", "olga", "Olga Officer")
    follow_up.get_by_label("Due date").fill(due.isoformat())
    theirs = page.locator("fieldset.follow-up").nth(1)
    theirs.get_by_label("What was committed").fill("Raise article 274 in the plenary")
    pick(theirs, "Who", "anna", "Anna Desk")
    theirs.get_by_label("Due date").fill(due.isoformat())
    pick(theirs, "About (optional)", "repeal", "Kazakhstani authorities: Repeal article 274")
    screenshot(page, "meeting-log-form-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "meeting-log-form-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("button", name="Save meeting").click()
    page.get_by_text("Meeting “Side meeting with the EEAS desk” saved.").wait_for()
    main = page.locator("main")
    for expected in ("Anna Desk", "Bolat Zhylanbaev", "Chris Newcomer", "Repeal article 274",
                     "The EEAS will mention it in the plenary.", "Supportive",
                     "Not aware of the case.", "Send the updated case list",
                     "Raise article 274 in the plenary", "Olga Officer"):
        expect(main.get_by_text(expected).first).to_be_visible()
    expect(main.locator("strong", has_text="Candid")).to_be_visible()
    screenshot(page, "meeting-page")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "meeting-page-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    meeting_url = page.url

    page.goto(f"{live_server}/")
    week = page.locator("section", has=page.get_by_role("heading", name="Due this week"))
    expect(week.get_by_text("Send the updated case list")).to_be_visible()
    expect(week.get_by_text("Raise article 274 in the plenary")).to_be_visible()

    with app.app_context():
        meeting_id = db.session.scalar(select(Meeting.id))
    assert meeting_url.endswith(f"/meetings/{meeting_id}")
    page.goto(f"{live_server}/persons/{world['anna']}")
    profile = page.locator("main")
    expect(profile.get_by_text("Side meeting with the EEAS desk").first).to_be_visible()
    expect(profile.get_by_text("The EEAS will mention it in the plenary.").first).to_be_visible()
    page.goto(f"{live_server}/recommendations/{world['rec']}")
    rec_page = page.locator("main")
    expect(rec_page.get_by_text("Side meeting with the EEAS desk").first).to_be_visible()
    expect(rec_page.get_by_text("The EEAS will mention it in the plenary.").first).to_be_visible()

    page.goto(f"{live_server}/events/{world['event']}")
    expect(page.get_by_role("link", name="Side meeting with the EEAS desk")).to_be_visible()
    expect(page.get_by_text("No pack yet")).to_be_visible()
    screenshot(page, "event-page")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "event-page-390")


def test_meeting_log_works_without_javascript(app, browser, live_server, officer, world):
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        browser_login(page, live_server, officer.email)
        page.goto(f"{live_server}/meetings/new")
        page.get_by_label("Title").fill("Meeting logged without scripts")
        page.get_by_label("Date", exact=True).fill("2026-06-10")
        page.get_by_label("Start time (local)").fill("11:00")
        page.get_by_label("Their attendees").fill("Anna Desk; Zhylanbaev")
        raised = page.locator("fieldset.raising").first
        raised.get_by_label("What was raised").fill("Freedom of expression")
        raised.get_by_label("Their response").fill("Kept after More rows")
        page.get_by_role("button", name="Add another row").click()
        page.get_by_text("Raised item 4").wait_for()
        assert page.locator("fieldset.raising").first.get_by_label("Their response") \
            .input_value() == "Kept after More rows"
        assert raised.get_by_label("What was raised").input_value() == "Freedom of expression"
        page.get_by_role("button", name="Save meeting").click()
        page.get_by_text("Meeting “Meeting logged without scripts” saved.").wait_for()
        main = page.locator("main")
        expect(main.get_by_text("Kept after More rows")).to_be_visible()
        expect(main.get_by_text("Bolat Zhylanbaev").first).to_be_visible()
    finally:
        context.close()


def test_bad_input_in_the_browser_keeps_everything(app, page, live_server, officer, world):
    start_new_meeting(page, live_server, officer.email, "Kept title")
    page.get_by_label("End time (local)").fill("10:00")
    choose_attendee(page, "Anna", "Anna Desk")
    follow_up = page.locator("fieldset.follow-up").first
    follow_up.get_by_label("What was committed").fill("A follow-up without an owner")
    owner = follow_up.get_by_role("combobox", name="Who")
    expect(owner).to_have_value("Olga Officer")  # a new row starts with the officer
    owner.fill("")
    page.get_by_role("button", name="Save meeting").click()
    page.get_by_text("Please correct the highlighted fields.").wait_for()
    expect(page.get_by_text("The end time must be after the start time.")).to_be_visible()
    expect(page.locator('input[name="ends_time"]')).to_be_focused()  # the first field in error
    expect(page.get_by_text("Choose who committed: one of us or one of them.")).to_be_visible()
    assert page.get_by_label("Title").input_value() == "Kept title"
    expect(page.locator(".lookup-chosen label", has_text="Anna Desk")).to_be_visible()
    assert follow_up.get_by_label("What was committed").input_value() == \
        "A follow-up without an owner"
    screenshot(page, "meeting-log-errors")


def test_demo_event_and_meeting_pages(app, page, live_server, demo, admin):
    """The demo's dialogue round reads well: schedule, a held meeting, and its log form."""
    from sqlalchemy import func

    from app.models import DialogueEvent, MeetingStatus, Raising

    with app.app_context():
        event_id = db.session.scalar(
            select(DialogueEvent.id).join(Meeting).group_by(DialogueEvent.id)
            .order_by(func.count(Meeting.id).desc()).limit(1))
        held = db.session.scalar(
            select(Meeting).join(Raising).where(Meeting.status == MeetingStatus.HELD).limit(1))
        held_id, held_title = held.id, held.title
    browser_login(page, live_server, admin.email)
    page.goto(f"{live_server}/events/")
    screenshot(page, "demo-events")
    page.goto(f"{live_server}/events/{event_id}")
    expect(page.get_by_role("heading", name="Schedule")).to_be_visible()
    screenshot(page, "demo-event-page")
    page.goto(f"{live_server}/meetings/{held_id}")
    expect(page.get_by_role("heading", name=held_title)).to_be_visible()
    assert page.locator("li.raising").count() >= 1
    screenshot(page, "demo-meeting-page")
    page.get_by_role("link", name="Edit the log").click()
    assert page.locator("fieldset.raising").count() >= 2
    screenshot(page, "demo-meeting-edit")
    page.goto(f"{live_server}/meetings/")
    screenshot(page, "demo-meetings-list")
    page.goto(f"{live_server}/events/{event_id}/edit")
    page.get_by_label("Last day").fill("2020-01-01")
    page.get_by_role("button", name="Save event").click()
    page.get_by_text("The last day cannot be before the first day.").wait_for()
    screenshot(page, "demo-event-form-error")


def test_two_officers_editing_the_same_meeting(app, page, live_server, officer, world):
    """The second save is refused with the first officer's values shown; nothing is lost."""
    from tests.factories import make_meeting

    meeting_id = make_meeting(app, "Shared meeting", their_attendee_ids=[world["anna"]])
    browser_login(page, live_server, officer.email)
    other = page.context.new_page()
    for tab in (page, other):
        tab.goto(f"{live_server}/meetings/{meeting_id}/edit")
    other.get_by_label("Place").fill("Room chosen by the first officer")
    other.get_by_role("button", name="Save meeting").click()
    other.get_by_text("Meeting “Shared meeting” saved.").wait_for()

    page.get_by_label("Title").fill("Title from the second officer")
    page.get_by_role("button", name="Save meeting").click()
    page.get_by_text("Someone else changed this record while you were working on it; your change was not saved.").wait_for()
    expect(page.get_by_text("Room chosen by the first officer")).to_be_visible()
    assert page.get_by_label("Title").input_value() == "Title from the second officer"
    screenshot(page, "meeting-log-stale")
    page.get_by_role("button", name="Save meeting").click()
    page.get_by_text("Meeting “Title from the second officer” saved.").wait_for()
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        assert meeting.title == "Title from the second officer"
        assert meeting.place is None  # the second form's (empty) place was saved knowingly


def test_a_likely_duplicate_new_person_is_flagged(app, page, live_server, officer, world):
    start_new_meeting(page, live_server, officer.email, "Meeting with a familiar face")
    page.get_by_label("Name", exact=True).fill("Ana Desk")
    page.get_by_role("button", name="Save meeting").click()
    page.get_by_text("A new person may already be in Parley.").wait_for()
    expect(page.locator(".duplicate-warning", has_text="Anna Desk")).to_be_visible()
    screenshot(page, "meeting-log-duplicate")
    assert page.evaluate("document.activeElement.name") == "new_persons-0-create_anyway"
    page.get_by_label("Create anyway: this is a different person").check()
    page.get_by_role("button", name="Save meeting").click()
    page.get_by_text("New stakeholder Ana Desk added.").wait_for()
