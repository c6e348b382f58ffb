"""The officer's core loop in Chromium, counting what the officer does.

From the dashboard: log a meeting held today in the coming dialogue round, with one
stakeholder already in Parley and one new, a colleague, three items raised (each with their
response and stance), a follow-up of ours and one of theirs, and a short note; then issue the
meeting's pack; then review the follow-ups. Every click, every field filled and every option
chosen is one interaction; the counts are printed (run with ``-s`` to see them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import DialogueEvent, FollowUp, Meeting, MeetingStatus
from tests.support.files import screenshot
from tests.support.signing_in import browser_login

pytestmark = pytest.mark.browser

ROUND = "EU-Kazakhstan Human Rights Dialogue 2026"
#: The most interactions logging the meeting may take, and issuing its pack (issue 13).
LOG_BUDGET = 20
PACK_BUDGET = 2


@dataclass
class Officer:
    """Acts in the page as an officer would, counting each interaction by kind."""

    page: object
    clicks: int = 0
    fills: int = 0
    options: int = 0
    steps: list[str] = field(default_factory=list)

    def click(self, locator, what: str) -> None:
        """Click ``locator``: one interaction."""
        locator.click()
        self.clicks += 1
        self.steps.append(f"click {what}")

    def fill(self, locator, text: str, what: str) -> None:
        """Fill one field: one interaction."""
        locator.fill(text)
        self.fills += 1
        self.steps.append(f"fill {what}")

    def choose(self, locator, what: str) -> None:
        """Choose one option (a radio chip): one interaction."""
        locator.check()
        self.options += 1
        self.steps.append(f"choose {what}")

    @property
    def total(self) -> int:
        """Every interaction so far."""
        return self.clicks + self.fills + self.options

    def report(self, stage: str) -> str:
        """One line for the log: the total and its parts."""
        return (f"{stage}: {self.total} interactions ({self.clicks} clicks, {self.fills} fields "
                f"filled, {self.options} options chosen)")


@pytest.fixture()
def coming_round(app, demo):
    """The demo's 2026 round moved to ten days from today, so it is the round "now"."""
    with app.app_context():
        event = db.session.scalar(select(DialogueEvent).where(DialogueEvent.title == ROUND))
        event.starts_on = event.ends_on = date.today() + timedelta(days=10)
        db.session.commit()
        return event.id


def test_core_loop_log_a_held_meeting_issue_its_pack_review_follow_ups(
        app, page, live_server, officer, coming_round):
    due_ours, due_theirs = date.today() + timedelta(days=7), date.today() + timedelta(days=14)
    browser_login(page, live_server, officer.email)
    me = Officer(page)

    # ---- log the meeting ------------------------------------------------------------------
    me.click(page.get_by_role("link", name=f"Log a meeting at {ROUND}"), "log a meeting at the round")
    expect(page.get_by_role("heading", name="Log a meeting", level=1)).to_be_visible()
    expect(page.get_by_label("Status")).to_have_value("held")
    expect(page.get_by_label("Date", exact=True)).to_have_value(date.today().isoformat())

    people = page.locator('[data-picks-for="their_attendees"]')
    stakeholder = people.get_by_role("button").first
    expect(stakeholder).to_be_visible()
    known = stakeholder.inner_text()
    me.click(stakeholder, "a stakeholder met at this round")
    expect(page.locator(".lookup-chosen label", has_text=known)).to_be_visible()
    me.fill(page.get_by_label("Name", exact=True), "Dana Seitkali", "the new person's name")
    colleagues = page.locator('[data-picks-for="our_attendees"]')
    me.click(colleagues.get_by_role("button", name="Jonas Keller"), "our colleague")
    expect(page.locator(".lookup-chosen label", has_text="Jonas Keller")).to_be_visible()

    asks = page.locator("[data-subject-picks] button")
    expect(asks.first).to_be_visible()
    assert asks.count() >= 3
    subjects, stances = [], ["Supportive", "Non-committal", "Opposed"]
    for index in range(3):
        ask = asks.nth(index)
        subjects.append(ask.get_attribute("data-label"))
        me.click(ask, f"ask {index + 1}")
        row = page.locator("fieldset.raising").nth(index)
        expect(row.get_by_role("combobox", name="What was raised")).to_have_value(subjects[-1])
        me.fill(row.get_by_label("Their response"), f"Response number {index + 1} to our ask.",
                f"response {index + 1}")
        me.choose(row.get_by_label(stances[index], exact=True), f"stance {index + 1}")

    me.fill(page.get_by_label("Notes (Markdown, internal)"), "Short and **frank** meeting.",
            "the note")
    ours = page.locator("fieldset.follow-up").nth(0)
    expect(ours.get_by_role("combobox", name="Who")).to_have_value(officer.name)
    me.fill(ours.get_by_label("What was committed"), "Send them our case list", "our promise")
    me.fill(ours.get_by_label("Due date"), due_ours.isoformat(), "its due date")
    theirs = page.locator("fieldset.follow-up").nth(1)
    me.fill(theirs.get_by_label("What was committed"), "Reply in writing on the cases",
            "their promise")
    me.click(theirs.locator(".owner-picks").get_by_role("button", name=known), "who promised")
    expect(theirs.get_by_role("combobox", name="Who")).to_have_value(re.compile(re.escape(known)))
    me.fill(theirs.get_by_label("Due date"), due_theirs.isoformat(), "its due date")
    screenshot(page, "core-loop-log-1280")
    me.click(page.get_by_role("button", name="Save meeting"), "save")
    expect(page.get_by_text("saved.").first).to_be_visible()
    logged = me.report("log the meeting from the dashboard")
    log_total = me.total
    print("\n" + logged)

    main = page.locator("main")
    for expected in (known, "Dana Seitkali", "Jonas Keller", "Send them our case list",
                     "Reply in writing on the cases", "Response number 3 to our ask.", "Opposed"):
        expect(main.get_by_text(expected).first).to_be_visible()
    expect(main.locator("strong", has_text="frank")).to_be_visible()
    with app.app_context():
        meeting = db.session.scalars(select(Meeting).order_by(Meeting.id.desc())).first()
        assert meeting.status is MeetingStatus.HELD and meeting.event_id == coming_round
        assert meeting.time_known is False
        assert meeting.title.startswith("Meeting with ")
        assert len(meeting.raisings) == 3
        assert [r.stance.label for r in meeting.raisings] == stances
        assert {u.name for u in meeting.our_attendees} == {officer.name, "Jonas Keller"}
        promises = {f.description: f for f in db.session.scalars(
            select(FollowUp).where(FollowUp.meeting_id == meeting.id))}
        assert promises["Send them our case list"].owner_user_id == officer.id
        assert promises["Send them our case list"].due_on == due_ours
        assert promises["Reply in writing on the cases"].owner_person.full_name == known
        meeting_id = meeting.id

    # ---- its pack -------------------------------------------------------------------------
    pack = Officer(page)
    pack.click(page.get_by_role("link", name="Talking-point pack").first, "the pack")
    with page.expect_download(timeout=60_000) as download_info:
        pack.click(page.get_by_role("button", name="Issue pack"), "issue")
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    assert page.url.startswith(f"{live_server}/meetings/{meeting_id}/pack")
    print(pack.report("from the meeting page to a downloaded pack"))

    # ---- the follow-ups -------------------------------------------------------------------
    page.goto(f"{live_server}/follow-ups/?scope=team")
    listed = page.locator("main")
    expect(listed.get_by_text("Send them our case list")).to_be_visible()
    expect(listed.get_by_text("Reply in writing on the cases")).to_be_visible()

    assert log_total <= LOG_BUDGET, "\n".join(me.steps)
    assert pack.total <= PACK_BUDGET, "\n".join(pack.steps)
