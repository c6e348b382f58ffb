"""Acting on follow-ups from the list: one-click Done, "+1 week", Kept and Broken on each row,
back to the same page (scope, filters, page); one scope, Mine or Team, with the same numbers
on the dashboard and the list; past meetings still planned on the dashboard; a hostile
``next`` refused."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from html import unescape
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import (
    DialogueEvent,
    Direction,
    FollowUp,
    FollowUpStatus,
    Meeting,
    MeetingStatus,
    Person,
    User,
)
from app.routing import safe_next
from app.services.follow_ups import changes
from app.services.follow_ups.changes import CHANGES, FollowUpAction
from app.services.follow_ups.lists import SECTION_PER_PAGE as PER
from tests.demo_users import AMINA, sign_in_demo
from tests.support.queries import count_queries
from tests.support.signing_in import login

TODAY = date.today()


class _Forms(HTMLParser):
    """Every POST form of a page: its action and hidden fields, and the button's words and
    accessible name."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and (attributes.get("method") or "").lower() == "post":
            self._open = {"action": attributes.get("action"), "fields": {}, "button": "",
                          "name": ""}
        elif self._open is not None and tag == "input" and attributes.get("type") == "hidden":
            self._open["fields"][attributes["name"]] = attributes.get("value") or ""
        elif self._open is not None and tag == "button":
            self._open["name"] = attributes.get("aria-label") or ""
            self._open["in_button"] = True

    def handle_data(self, data):
        if self._open is not None and self._open.get("in_button"):
            self._open["button"] += data.strip()

    def handle_endtag(self, tag):
        if tag == "button" and self._open is not None:
            self._open["in_button"] = False
        if tag == "form" and self._open is not None:
            self.forms.append(self._open)
            self._open = None


def post_forms(html: str) -> list[dict]:
    """The POST forms of a page."""
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def one_click_forms(html: str, description: str) -> dict[str, dict]:
    """The one-click buttons of one row, by their words ("Done", "+1 week", ...)."""
    return {form["button"]: form for form in post_forms(html)
            if "/one-click/" in form["action"] and form["name"].endswith(": " + description)}


def section(html: str, name: str) -> str:
    """One section of a page, found by its heading id."""
    match = re.search(rf'<section[^>]*aria-labelledby="{name}">(.*?)</section>', html, re.DOTALL)
    assert match, f"no section {name}"
    return match.group(1)


def count_in(html: str, name: str) -> int:
    """The number beside a section's heading."""
    return int(re.search(r'<span class="count">([\d,]+)</span>', section(html, name))
               .group(1).replace(",", ""))


def switch(html: str) -> dict[str, tuple[int, str]]:
    """The Mine | Team switch: each scope's number of open follow-ups and its link."""
    nav = re.search(r'<nav class="scope-switch".*?</nav>', html, re.DOTALL).group(0)
    return {label: (int(n.replace(",", "")), unescape(href)) for href, label, n in re.findall(
        r'<a href="([^"]+)"[^>]*>(Mine|Team) <span class="count">([\d,]+)</span>', nav)}


def press(client, form: dict, **overrides):
    """Send a one-click form as the browser would (its hidden fields, no JavaScript)."""
    return client.post(form["action"], data={**form["fields"], **overrides})


@pytest.fixture()
def desk(app, officer, make_user):
    """30 overdue follow-ups of the officer (two pages of the overdue section), a promise of a
    stakeholder at the officer's meeting, and a colleague's own follow-up."""
    colleague = make_user(name="Colleague Kim")
    with app.app_context():
        me = db.session.get(User, officer.id)
        person = Person(full_name="Dana Desk")
        meeting = Meeting(title="Desk briefing", starts_at=datetime(2026, 1, 5, 10, tzinfo=UTC),
                          status=MeetingStatus.HELD, our_attendees=[me],
                          their_attendees=[person], event=DialogueEvent(title="Round 2026"))
        db.session.add_all([person, meeting])
        rows = [FollowUp(description=f"Overdue task {n:02d}", direction=Direction.OURS,
                         owner_user_id=officer.id, meeting=meeting,
                         due_on=TODAY - timedelta(days=40 - n)) for n in range(30)]
        rows += [FollowUp(description="Dana sends the draft law", direction=Direction.THEIRS,
                          owner_person=person, meeting=meeting,
                          due_on=TODAY - timedelta(days=1)),
                 FollowUp(description="Dana confirms the visit", direction=Direction.THEIRS,
                          owner_person=person, meeting=meeting,
                          due_on=TODAY - timedelta(days=2)),
                 FollowUp(description="Kim calls the embassy", direction=Direction.OURS,
                          owner_user_id=colleague.id, due_on=TODAY - timedelta(days=5))]
        db.session.add_all(rows)
        db.session.flush()
        for row in rows:
            changes.record_created(db.session, row, officer.id)
        db.session.commit()
        return {"event": meeting.event_id, "colleague": colleague}


def _follow_up(app, description: str) -> FollowUp:
    with app.app_context():
        row = db.session.scalar(select(FollowUp).where(FollowUp.description == description))
        db.session.expunge(row)
        return row


def test_done_from_the_second_page_returns_to_it_with_its_filters(app, officer_client, desk):
    url = f"/follow-ups/?scope=mine&direction=ours&event={desk['event']}&overdue_page=2"
    page = officer_client.get(url).get_data(as_text=True)
    overdue = section(page, "overdue")
    assert f"Overdue task {PER}" in overdue and f"Overdue task {PER - 1}" not in overdue  # page 2
    buttons = one_click_forms(page, "Overdue task 27")
    assert set(buttons) == {"Done", "+1 week"}  # ours: no Kept or Broken
    assert buttons["Done"]["fields"]["next"] == url + "#overdue"
    response = press(officer_client, buttons["Done"])
    assert response.status_code == 302
    assert response.headers["Location"] == url + "#overdue"
    after = officer_client.get(url).get_data(as_text=True)
    assert "Marked done: Overdue task 27" in after
    overdue = section(after, "overdue")
    assert "Overdue task 27" not in overdue and "Overdue task 26" in overdue
    assert count_in(after, "overdue") == 29
    assert 'value="ours" selected' in after or 'selected value="ours"' in after  # filter kept
    assert "Overdue task 27" in section(after, "closed")
    with app.app_context():
        row = db.session.scalar(select(FollowUp).where(FollowUp.description == "Overdue task 27"))
        assert row.status is FollowUpStatus.DONE
        assert [c.action for c in row.changes][:1] == ["done"]


def test_a_week_later_moves_the_due_date_and_keeps_the_page(app, officer_client, desk):
    url = "/follow-ups/?direction=ours"
    page = officer_client.get(url).get_data(as_text=True)
    response = press(officer_client, one_click_forms(page, "Overdue task 03")["+1 week"])
    assert response.headers["Location"] == url + "#overdue"
    after = officer_client.get(url).get_data(as_text=True)
    new_due = TODAY + timedelta(days=7)  # from today, as it was overdue
    assert f"Moved a week later: Overdue task 03, now due {new_due:%d %b %Y}".replace(
        " 0", " ") in after.replace(" 0", " ")
    assert "Overdue task 03" not in section(after, "overdue")
    assert "Overdue task 03" in section(after, "later")
    with app.app_context():
        row = db.session.scalar(select(FollowUp).where(FollowUp.description == "Overdue task 03"))
        assert row.due_on == new_due and row.status is FollowUpStatus.OPEN
        assert row.changes[0].action == "rescheduled"
        assert row.changes[0].from_due_on == TODAY - timedelta(days=37)


def test_a_week_later_counts_from_a_future_due_date(app, officer):
    with app.app_context():
        row = FollowUp(description="Later one", direction=Direction.OURS,
                       owner_user_id=officer.id, due_on=TODAY + timedelta(days=3))
        db.session.add(row)
        db.session.flush()
        changes.apply_change(db.session, row, changes.Change(FollowUpAction.WEEK_LATER),
                             officer.id)
        assert row.due_on == TODAY + timedelta(days=10)


def test_their_promise_is_kept_or_broken_from_its_row(app, officer_client, desk):
    url = "/follow-ups/?direction=theirs"
    page = officer_client.get(url).get_data(as_text=True)
    buttons = one_click_forms(page, "Dana sends the draft law")
    assert set(buttons) == {"Kept", "Broken", "+1 week"}  # no Done for their promise
    assert press(officer_client, buttons["Kept"]).headers["Location"] == url + "#overdue"
    page = officer_client.get(url).get_data(as_text=True)
    assert "Marked kept: Dana sends the draft law" in page
    assert "Dana sends the draft law" in section(page, "closed")
    press(officer_client, one_click_forms(page, "Dana confirms the visit")["Broken"])
    page = officer_client.get(url).get_data(as_text=True)
    assert "Marked broken: Dana confirms the visit" in page
    assert re.search(r"Kept\s*1<", page) and re.search(r"Broken\s*1<", page)
    with app.app_context():
        statuses = dict(db.session.execute(select(FollowUp.description, FollowUp.status).where(
            FollowUp.direction == Direction.THEIRS)).all())
    assert statuses == {"Dana sends the draft law": FollowUpStatus.DONE,
                        "Dana confirms the visit": FollowUpStatus.BROKEN}


def test_closing_the_only_row_of_the_last_page_returns_to_the_last_page(app, officer_client,
                                                                        desk):
    url = "/follow-ups/?direction=ours&overdue_page=2"
    for n in range(PER, 29):  # leave one row on page 2 (Overdue task 29)
        page = officer_client.get(url).get_data(as_text=True)
        press(officer_client, one_click_forms(page, f"Overdue task {n}")["Done"])
    page = officer_client.get(url).get_data(as_text=True)
    assert section(page, "overdue").count("<tr data-follow-up") == 1
    response = press(officer_client, one_click_forms(page, "Overdue task 29")["Done"])
    assert response.headers["Location"] == url + "#overdue"
    back = officer_client.get(url)
    assert back.status_code == 200
    assert "Marked done: Overdue task 29" in back.get_data(as_text=True)
    assert f"Overdue task {PER - 1}" in section(back.get_data(as_text=True), "overdue")  # last
    # any other request for a page past the last one still answers 404
    assert officer_client.get(url).status_code == 404


def test_a_stale_or_closed_row_is_said_and_changes_nothing(app, officer_client, desk):
    url = "/follow-ups/?direction=ours"
    page = officer_client.get(url).get_data(as_text=True)
    buttons = one_click_forms(page, "Overdue task 05")
    press(officer_client, buttons["+1 week"])  # the same page, pressed twice: the second is stale
    response = press(officer_client, buttons["Done"])
    assert response.headers["Location"] == url + "#overdue"
    after = officer_client.get(url).get_data(as_text=True)
    assert "Someone else changed this record while you were working on it" in after
    assert _follow_up(app, "Overdue task 05").status is FollowUpStatus.OPEN
    follow_up = _follow_up(app, "Overdue task 06")
    refused = officer_client.post(f"/follow-ups/{follow_up.id}/one-click/kept", data={
        "version": follow_up.version, "next": url})
    assert refused.headers["Location"] == url
    assert "Only a stakeholder&#39;s promise can be marked kept." in \
        officer_client.get(url).get_data(as_text=True)
    assert _follow_up(app, "Overdue task 06").status is FollowUpStatus.OPEN
    assert officer_client.post(f"/follow-ups/{follow_up.id}/one-click/drop",
                               data={"next": url}).status_code == 404  # not a one-click change


def test_the_buttons_work_without_javascript_with_the_csrf_token(app, officer_client, desk,
                                                                 csrf_on):
    url = "/follow-ups/?scope=team"
    page = officer_client.get(url).get_data(as_text=True)
    done = one_click_forms(page, "Overdue task 10")["Done"]
    assert done["fields"]["csrf_token"]  # a plain form: token, version, where to return
    assert set(done["fields"]) == {"csrf_token", "version", "next"}
    forged = dict(done["fields"], csrf_token="")
    assert officer_client.post(done["action"], data=forged).status_code == 400
    assert _follow_up(app, "Overdue task 10").status is FollowUpStatus.OPEN
    assert press(officer_client, done).headers["Location"] == url + "#overdue"
    assert _follow_up(app, "Overdue task 10").status is FollowUpStatus.DONE
    # the filters are a GET form with its own button; the script only sends it on change
    assert re.search(r'<form method="get" action="/follow-ups/"[^>]*data-apply-on-change', page)
    assert '<button type="submit" class="button primary">Filter</button>' in page
    assert "/static/apply-filters.js" in page
    with app.test_client().get("/static/apply-filters.js") as response:
        script = response.get_data(as_text=True)
    assert "lookup:change" in script and "requestSubmit" in script


def test_mine_and_team_say_the_same_on_the_dashboard_and_the_list(app, client, demo):
    sign_in_demo(app, client, AMINA)
    for scope, label in (("mine", "Mine"), ("team", "Team")):
        dashboard = client.get(f"/?scope={scope}").get_data(as_text=True)
        overdue_link = re.search(r'<h2 id="overdue"><a href="([^"]+)"',
                                 section(dashboard, "overdue")).group(1)
        assert overdue_link == f"/follow-ups/?scope={scope}#overdue"
        listing = client.get(overdue_link.split("#")[0]).get_data(as_text=True)
        assert switch(dashboard)["Mine"][0] == switch(listing)["Mine"][0]
        assert switch(dashboard)["Team"][0] == switch(listing)["Team"][0]
        assert 'aria-current="true">' + label in listing.replace("\n", "")
        assert count_in(dashboard, "overdue") == count_in(listing, "overdue")
        assert count_in(dashboard, "week") == count_in(listing, "this_week")
    mine = client.get("/?scope=mine").get_data(as_text=True)
    team = client.get("/?scope=team").get_data(as_text=True)
    # the case: the team has overdue follow-ups that are not Amina's
    assert count_in(team, "overdue") > count_in(mine, "overdue") > 0
    assert switch(mine)["Team"][0] > switch(mine)["Mine"][0]
    with app.app_context():
        amina = db.session.scalar(select(User).where(User.email == AMINA))
        everyone = db.session.scalar(select(db.func.count(FollowUp.id)).where(
            FollowUp.status == FollowUpStatus.OPEN, FollowUp.due_on < TODAY))
        hers = db.session.scalar(select(db.func.count(FollowUp.id)).where(
            FollowUp.status == FollowUpStatus.OPEN, FollowUp.due_on < TODAY,
            FollowUp.owner_user_id == amina.id))
    assert count_in(team, "overdue") == everyone and count_in(mine, "overdue") >= hers
    # the list's switch keeps the filters and leaves the pages
    listing = client.get("/follow-ups/?direction=theirs&overdue_page=1").get_data(as_text=True)
    assert switch(listing)["Team"][1] == "/follow-ups/?direction=theirs&scope=team"


def test_the_switch_counts_follow_the_other_filters(app, officer_client, desk):
    theirs = officer_client.get("/follow-ups/?direction=theirs").get_data(as_text=True)
    assert switch(theirs)["Mine"][0] == 2 and switch(theirs)["Team"][0] == 2
    ours = officer_client.get("/follow-ups/?direction=ours").get_data(as_text=True)
    assert switch(ours)["Mine"][0] == 30 and switch(ours)["Team"][0] == 31
    team = officer_client.get(switch(ours)["Team"][1]).get_data(as_text=True)
    assert count_in(team, "overdue") == 31 and "Kim calls the embassy" not in team  # page 2
    page_2 = officer_client.get(switch(ours)["Team"][1] + "&overdue_page=2")
    assert "Kim calls the embassy" in section(page_2.get_data(as_text=True), "overdue")
    odd = officer_client.get("/follow-ups/?endpoint=x&_external=1&_scheme=javascript&direction=ours")
    assert odd.status_code == 200  # only the filters are carried to the other scope
    assert switch(odd.get_data(as_text=True))["Team"][1] == "/follow-ups/?direction=ours&scope=team"


def test_past_planned_meetings_are_to_log_on_the_dashboard(app, officer_client, officer,
                                                           make_user):
    other = make_user(name="Other Officer")
    with app.app_context():
        me, them = db.session.get(User, officer.id), db.session.get(User, other.id)
        start = datetime.combine(TODAY, datetime.min.time(), tzinfo=UTC)
        mine = [Meeting(title=f"Unlogged {n:02d}", starts_at=start - timedelta(days=n + 1),
                        status=MeetingStatus.PLANNED, our_attendees=[me]) for n in range(12)]
        db.session.add_all(mine + [
            Meeting(title="Their unlogged", starts_at=start - timedelta(days=1),
                    status=MeetingStatus.PLANNED, our_attendees=[them]),
            Meeting(title="Logged already", starts_at=start - timedelta(days=1),
                    status=MeetingStatus.HELD, our_attendees=[me]),
            Meeting(title="Still to come", starts_at=start + timedelta(days=2),
                    status=MeetingStatus.PLANNED, our_attendees=[me])])
        db.session.commit()
        first_id = mine[0].id
    page = officer_client.get("/").get_data(as_text=True)
    to_log = section(page, "to-log")
    assert "Log the outcome" in to_log and count_in(page, "to-log") == 12
    shown = re.findall(r"Unlogged (\d\d)", to_log)
    assert shown == [f"{n:02d}" for n in range(10)]  # the latest 10, latest first
    assert "The latest 10 of 12 shown." in to_log
    assert f'href="/meetings/{first_id}/edit"' in to_log
    assert "Their unlogged" not in to_log and "Logged already" not in to_log
    assert "Still to come" not in to_log
    team = section(officer_client.get("/?scope=team").get_data(as_text=True), "to-log")
    assert "Their unlogged" in team and '<span class="count">13</span>' in team
    with count_queries(app) as few:
        officer_client.get("/")
    with app.app_context():
        me = db.session.get(User, officer.id)
        db.session.add_all(Meeting(title=f"More unlogged {n}", status=MeetingStatus.PLANNED,
                                   starts_at=start - timedelta(days=30 + n), our_attendees=[me])
                           for n in range(40))
        db.session.commit()
    with count_queries(app) as many:
        page = officer_client.get("/").get_data(as_text=True)
    assert count_in(page, "to-log") == 52 and len(many) == len(few)


def test_a_viewer_sees_no_buttons_and_no_meetings_to_log(app, desk, make_user):
    viewer = make_user("viewer", clearance="at_risk")
    with app.app_context():
        db.session.add(Meeting(title="Unlogged one", status=MeetingStatus.PLANNED,
                               starts_at=datetime.now(UTC) - timedelta(days=3)))
        db.session.commit()
    client = app.test_client()
    login(client, viewer.email)
    page = client.get("/follow-ups/?scope=team").get_data(as_text=True)
    assert "Overdue task 00" in page and count_in(page, "overdue") == 33
    theirs = client.get("/follow-ups/?scope=team&direction=theirs").get_data(as_text=True)
    assert "Dana sends the draft law" in theirs and "one-click" not in theirs
    assert "one-click" not in page and "<th scope=\"col\">Actions</th>" not in page
    assert post_forms(page) == [f for f in post_forms(page) if f["action"] == "/logout"]
    dashboard = client.get("/?scope=team").get_data(as_text=True)
    assert "Log the outcome" not in dashboard and "Unlogged one" not in dashboard
    follow_up = _follow_up(app, "Overdue task 00")
    detail = client.get(f"/follow-ups/{follow_up.id}").get_data(as_text=True)
    assert "+1 week" not in detail and "one-click" not in detail
    refused = client.post(f"/follow-ups/{follow_up.id}/one-click/done",
                          data={"version": follow_up.version, "next": "/follow-ups/"})
    assert refused.status_code == 403
    assert _follow_up(app, "Overdue task 00").status is FollowUpStatus.OPEN


@pytest.mark.parametrize("hostile", [
    "https://evil.example/follow-ups/", "//evil.example/", "/\\evil.example", "\\\\evil.example",
    "javascript:alert(1)", "/\t/evil.example", "/\n/evil.example", "http:/evil.example",
    "evil.example", " //evil.example",
])
def test_a_hostile_next_is_refused(app, officer_client, desk, hostile):
    assert safe_next(hostile) is None
    follow_up = _follow_up(app, "Overdue task 00")
    response = officer_client.post(f"/follow-ups/{follow_up.id}/one-click/week",
                                   data={"version": follow_up.version, "next": hostile})
    assert response.status_code == 302
    assert response.headers["Location"] == "/follow-ups/"  # the list, not the hostile address
    detail = officer_client.get(f"/follow-ups/{follow_up.id}",
                                query_string={"next": hostile}).get_data(as_text=True)
    assert "evil.example" not in detail
    response = officer_client.post(f"/follow-ups/{follow_up.id}/broken", data={
        "broken-version": _follow_up(app, "Overdue task 00").version, "broken-note": "x",
        "next": hostile})
    assert response.status_code == 400  # ours cannot be broken: the page, not a redirect
    assert "evil.example" not in response.get_data(as_text=True)


def test_reschedule_and_broken_on_the_page_return_to_where_the_officer_came_from(
        app, officer_client, desk):
    came_from = "/follow-ups/?scope=team&direction=theirs"
    page = officer_client.get(came_from).get_data(as_text=True)
    promise = _follow_up(app, "Dana sends the draft law")
    link = re.search(rf'href="(/follow-ups/{promise.id}\?next=[^"]+)"', page).group(1)
    detail = officer_client.get(unescape(link)).get_data(as_text=True)
    assert f'<a href="{came_from}">← Follow-ups</a>'.replace("&", "&amp;") in detail
    response = officer_client.post(f"/follow-ups/{promise.id}/reschedule", data={
        "reschedule-version": promise.version, "reschedule-due_on": "2031-02-03",
        "reschedule-note": "After the session.", "next": came_from})
    assert response.status_code == 302 and response.headers["Location"] == came_from
    back = officer_client.get(came_from).get_data(as_text=True)
    assert "Rescheduled: Dana sends the draft law, now due 3 Feb 2031" in back
    assert "Dana sends the draft law" in section(back, "later")
    response = officer_client.post(f"/follow-ups/{promise.id}/broken", data={
        "broken-version": promise.version + 1, "broken-note": "Never sent.",
        "next": came_from})
    assert response.headers["Location"] == came_from
    back = officer_client.get(came_from).get_data(as_text=True)
    assert "Marked broken: Dana sends the draft law" in back
    assert "Never sent." in section(back, "closed")
    # from the dashboard: its rows link with the way back to it
    dashboard = officer_client.get("/?scope=team").get_data(as_text=True)
    assert re.search(r'href="/follow-ups/\d+\?next=/%3Fscope%3Dteam"', dashboard) or \
        re.search(r'href="/follow-ups/\d+\?next=/\?scope%3Dteam"', dashboard)


def test_every_action_has_one_function():
    assert set(CHANGES) == set(FollowUpAction)
    assert CHANGES[FollowUpAction.DONE].__code__.co_names[:1] == ("mark_done",)


def test_the_list_with_buttons_runs_the_same_queries_for_10_and_200_rows(app, officer_client,
                                                                         officer, desk):
    def add(n):
        with app.app_context():
            db.session.add_all(FollowUp(description=f"Bulk {i}", direction=Direction.OURS,
                                        owner_user_id=officer.id,
                                        due_on=TODAY - timedelta(days=i % 9))
                               for i in range(n))
            db.session.commit()

    add(10)
    officer_client.get("/follow-ups/")
    with count_queries(app) as few:
        page = officer_client.get("/follow-ups/?scope=team").get_data(as_text=True)
    assert page.count("/one-click/done") >= PER
    add(200)
    officer_client.get("/follow-ups/")
    with count_queries(app) as many:
        page = officer_client.get("/follow-ups/?scope=team").get_data(as_text=True)
    assert page.count("/one-click/") >= 50 and len(many) == len(few)
