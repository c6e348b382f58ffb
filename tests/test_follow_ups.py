"""The follow-ups page: overdue first, filters, status changes with history, their promises."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from flask import render_template
from markupsafe import escape as _escape
from sqlalchemy import select

from app.extensions import db
from app.models import (
    DialogueEvent,
    Direction,
    FollowUp,
    FollowUpChange,
    FollowUpStatus,
    Meeting,
    Person,
    Sensitivity,
    User,
)
from app.services.follow_ups import changes
from app.services.follow_ups import lists as service
from tests.demo_users import AMINA, JONAS, sign_in_demo
from tests.support.queries import count_queries
from tests.support.signing_in import login

TODAY = date.today()


def escape(text: str) -> str:
    """Text as Jinja writes it into the page."""
    return str(_escape(text))


def _section(html: str, heading_id: str) -> str:
    """The HTML of one section of the page, found by its heading id."""
    match = re.search(rf'<section[^>]*aria-labelledby="{heading_id}">(.*?)</section>', html, re.DOTALL)
    assert match, f"no section {heading_id}"
    return match.group(1)


def _oldest_overdue(app, email: str) -> FollowUp:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        row = db.session.scalars(
            select(FollowUp).where(FollowUp.owner_user_id == user.id,
                                   FollowUp.status == FollowUpStatus.OPEN,
                                   FollowUp.due_on < TODAY)
            .order_by(FollowUp.due_on)).first()
        db.session.expunge(row)
        return row


def test_oldest_overdue_demo_follow_up_is_first_on_the_officers_page(app, client, demo):
    sign_in_demo(app, client, AMINA)
    oldest = _oldest_overdue(app, AMINA)
    html = client.get("/follow-ups/").get_data(as_text=True)
    overdue = _section(html, "overdue")
    first_row = re.search(r"<tbody>\s*<tr[^>]*>(.*?)</tr>", overdue, re.DOTALL).group(1)
    assert escape(oldest.description) in first_row
    assert f"{(TODAY - oldest.due_on).days} days overdue" in first_row
    # overdue rows come oldest first, then this week, then later
    dues = [datetime.strptime(d, "%d %b %Y").date()
            for d in re.findall(r'class="due overdue">([^<]+)<', overdue)]
    assert dues == sorted(dues) and len(dues) >= 2
    assert html.index('id="overdue"') < html.index('id="this_week"') < html.index('id="later"')
    assert "Pending" in overdue  # a stakeholder's open promise from a meeting she attended


def test_marking_done_moves_it_and_records_who_and_when(app, client, demo):
    user = sign_in_demo(app, client, AMINA)
    oldest = _oldest_overdue(app, AMINA)
    response = client.post(f"/follow-ups/{oldest.id}/done", data={
        "done-version": oldest.version, "done-note": "Update sent to the desk by e-mail."},
        follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Marked done: " in html
    assert escape(oldest.description) not in _section(html, "overdue")
    closed = _section(html, "closed")
    assert escape(oldest.description) in closed
    assert f"by {user.name}" in closed and "Update sent to the desk by e-mail." in closed
    with app.app_context():
        follow_up = db.session.get(FollowUp, oldest.id)
        assert follow_up.status is FollowUpStatus.DONE
        assert follow_up.outcome == "Update sent to the desk by e-mail."
        change = service.last_change(follow_up)
        assert change.action == "done" and change.changed_by_id == user.id
        assert (change.from_status, change.to_status) == ("open", "done")
        assert abs(change.changed_at - datetime.now(UTC)) < timedelta(minutes=1)
    detail = client.get(f"/follow-ups/{oldest.id}").get_data(as_text=True)
    history = _section(detail, "history")
    assert "Marked done" in history and user.name in history
    assert "Open → Done" in history


def test_reschedule_needs_a_reason_and_keeps_the_old_date_in_history(app, officer_client,
                                                                      officer):
    follow_up_id = _make_follow_up(app, owner_id=officer.id, due=TODAY - timedelta(days=2))
    response = officer_client.post(f"/follow-ups/{follow_up_id}/reschedule", data={
        "reschedule-version": "1", "reschedule-due_on": "2030-01-15", "reschedule-note": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Give the reason for the new date." in html
    assert 'value="2030-01-15"' in html  # what was typed is kept
    response = officer_client.post(f"/follow-ups/{follow_up_id}/reschedule", data={
        "reschedule-version": "1", "reschedule-due_on": "2030-01-15",
        "reschedule-note": "The desk asked us to wait for the new speaking points."},
        follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Rescheduled: " in html
    history = _section(html, "history")
    old = (TODAY - timedelta(days=2)).strftime("%d %b %Y").lstrip("0")
    assert f"{old} → 15 Jan 2030" in history
    assert "wait for the new speaking points" in history and "Olga Officer" in history


def test_bad_date_is_a_message_not_an_error(app, officer_client, officer):
    follow_up_id = _make_follow_up(app, owner_id=officer.id)
    response = officer_client.post(f"/follow-ups/{follow_up_id}/reschedule", data={
        "reschedule-version": "1", "reschedule-due_on": "next tuesday",
        "reschedule-note": "why not"})
    assert response.status_code == 400
    assert "Not a valid date value." in response.get_data(as_text=True) or \
        "YYYY-MM-DD" in response.get_data(as_text=True)


def test_drop_and_reopen(app, officer_client, officer):
    follow_up_id = _make_follow_up(app, owner_id=officer.id)
    response = officer_client.post(f"/follow-ups/{follow_up_id}/drop", data={
        "drop-version": "1", "drop-note": ""})
    assert "Give the reason for dropping it." in response.get_data(as_text=True)
    officer_client.post(f"/follow-ups/{follow_up_id}/drop", data={
        "drop-version": "1", "drop-note": "Overtaken by the EU statement."})
    detail = officer_client.get(f"/follow-ups/{follow_up_id}").get_data(as_text=True)
    assert "Dropped" in detail and "Overtaken by the EU statement." in detail
    assert "Reopen" in detail and "Mark done" not in detail
    officer_client.post(f"/follow-ups/{follow_up_id}/reopen", data={
        "reopen-version": "2", "reopen-note": "The statement was withdrawn."})
    with app.app_context():
        follow_up = db.session.get(FollowUp, follow_up_id)
        assert follow_up.status is FollowUpStatus.OPEN and follow_up.outcome is None
        assert [c.action for c in follow_up.changes] == ["reopened", "dropped", "created"]


def test_their_promise_is_kept_or_broken_not_done(app, officer_client, officer):
    with app.app_context():
        person = Person(full_name="Ilse Example")
        db.session.add(person)
        db.session.commit()
        person_id = person.id
    follow_up_id = _make_follow_up(app, direction=Direction.THEIRS, person_id=person_id)
    detail = officer_client.get(f"/follow-ups/{follow_up_id}").get_data(as_text=True)
    assert "Pending" in detail and "Mark kept" in detail and "Mark broken" in detail
    assert "Mark done" not in detail
    refused = officer_client.post(f"/follow-ups/{follow_up_id}/done", data={
        "done-version": "1", "done-note": "x"}, follow_redirects=True)
    assert "marked kept or broken, not done" in refused.get_data(as_text=True)
    officer_client.post(f"/follow-ups/{follow_up_id}/broken", data={
        "broken-version": "1", "broken-note": "No reply after two reminders."})
    html = officer_client.get("/follow-ups/?scope=all").get_data(as_text=True)
    closed = _section(html, "closed")
    assert "Broken" in closed and "No reply after two reminders." in closed
    assert re.search(r"Broken\s*1<", html)  # the promise counts


def test_stale_change_is_refused_and_says_what_it_is_now(app, officer_client, officer):
    follow_up_id = _make_follow_up(app, owner_id=officer.id)
    with app.app_context():
        follow_up = db.session.get(FollowUp, follow_up_id)
        changes.reschedule(db.session, follow_up, date(2031, 3, 1), "moved", None)
        db.session.commit()
    response = officer_client.post(f"/follow-ups/{follow_up_id}/done", data={
        "done-version": "1", "done-note": "did it"})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else changed this record while you were working on it" in html and "due 01 Mar 2031" in html
    with app.app_context():
        assert db.session.get(FollowUp, follow_up_id).status is FollowUpStatus.OPEN


def test_filters_by_direction_owner_event_and_stakeholder(app, client, demo):
    sign_in_demo(app, client, AMINA)
    theirs = client.get("/follow-ups/?scope=all&direction=theirs").get_data(as_text=True)
    assert "Confirm whether the EU&#39;s post-dialogue statement" in theirs
    assert "Share our trial-monitoring notes" not in theirs
    with app.app_context():
        jonas = db.session.scalar(select(User).where(User.email == JONAS))
        event_2025 = db.session.scalar(select(DialogueEvent).where(
            DialogueEvent.title.contains("2025")))
        katrin = db.session.scalar(select(Person).where(
            Person.full_name == "Katrin Vollmer-Hesse"))
        ids = jonas.id, event_2025.id, katrin.id
    by_owner = client.get(f"/follow-ups/?scope=all&owner={ids[0]}").get_data(as_text=True)
    assert "Share our trial-monitoring notes" in by_owner
    assert "Send the EEAS desk a one-page update" not in by_owner
    by_event = client.get(f"/follow-ups/?scope=all&event={ids[1]}").get_data(as_text=True)
    assert "Send the MFA a written list" in by_event and "Atajurt" not in by_event
    by_person = client.get(f"/follow-ups/?scope=all&person={ids[2]}").get_data(as_text=True)
    assert "Find out whether embassy staff can attend" in by_person
    assert "Send the attaché our legal analysis" in by_person  # ours, at a meeting with her
    assert "Atajurt" not in by_person
    mine = client.get("/follow-ups/").get_data(as_text=True)
    assert "Share our trial-monitoring notes" not in mine  # Jonas's, not Amina's


def test_unknown_filter_values_are_ignored(app, officer_client):
    response = officer_client.get("/follow-ups/?event=abc&direction=sideways&scope=x")
    assert response.status_code == 200
    assert "Follow-ups" in response.get_data(as_text=True)


def test_viewer_sees_the_page_but_cannot_change_anything(app, viewer_client, officer):
    follow_up_id = _make_follow_up(app, owner_id=officer.id)
    html = viewer_client.get(f"/follow-ups/{follow_up_id}").get_data(as_text=True)
    assert "Mark done" not in html
    response = viewer_client.post(f"/follow-ups/{follow_up_id}/done", data={
        "done-version": "1", "done-note": "x"})
    assert response.status_code == 403


def test_change_without_csrf_token_is_refused(app, officer_client, officer, csrf_on):
    follow_up_id = _make_follow_up(app, owner_id=officer.id)
    response = officer_client.post(f"/follow-ups/{follow_up_id}/done", data={
        "done-version": "1", "done-note": "x"})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(FollowUp, follow_up_id).status is FollowUpStatus.OPEN


def test_a_follow_up_of_a_restricted_stakeholder_is_left_out(app, make_user):
    viewer = make_user("viewer", clearance="normal", email="v2@parley.example")
    with app.app_context():
        person = Person(full_name="Hidden Witness", sensitivity=Sensitivity.AT_RISK)
        db.session.add(person)
        db.session.commit()
        person_id = person.id
    follow_up_id = _make_follow_up(app, direction=Direction.THEIRS, person_id=person_id)
    client = app.test_client()
    login(client, viewer.email)
    html = client.get("/follow-ups/?scope=all").get_data(as_text=True)
    assert "Hidden Witness" not in html
    assert "not cleared to see" not in html  # left out, never a placeholder
    assert f"/follow-ups/{follow_up_id}" not in html
    assert client.get(f"/follow-ups/{follow_up_id}").status_code == 404


def _add_follow_ups(app, officer_id: int, start: int, stop: int) -> None:
    with app.app_context():
        meeting = db.session.scalar(select(Meeting).where(Meeting.title == "Desk"))
        if meeting is None:
            meeting = Meeting(title="Desk", event=DialogueEvent(title="Round"),
                              starts_at=datetime(2026, 1, 5, 10, tzinfo=UTC))
            db.session.add_all([meeting, Person(full_name="Desk Officer")])
            db.session.flush()
        person = db.session.scalar(select(Person).where(Person.full_name == "Desk Officer"))
        follow_ups = []
        for n in range(start, stop):
            theirs = n % 3 == 0
            follow_ups.append(FollowUp(
                description=f"Task {n}", meeting_id=meeting.id,
                direction=Direction.THEIRS if theirs else Direction.OURS,
                owner_user_id=None if theirs else officer_id,
                owner_person_id=person.id if theirs else None,
                due_on=None if n % 9 == 8 else TODAY + timedelta(days=(n * 7) % 40 - 20),
                status=FollowUpStatus.DONE if n % 5 == 0 else FollowUpStatus.OPEN))
        db.session.add_all(follow_ups)
        db.session.flush()
        db.session.add_all(FollowUpChange(follow_up_id=f.id, action="created", to_status="open",
                                          to_due_on=f.due_on, changed_by_id=officer_id)
                           for f in follow_ups)
        db.session.commit()


def test_the_list_runs_the_same_number_of_queries_for_10_and_200(app, officer_client, officer):
    counts = {}
    for start, stop in ((0, 10), (10, 200)):
        _add_follow_ups(app, officer.id, start, stop)
        officer_client.get("/follow-ups/")  # builds the name matcher once (new persons)
        with count_queries(app) as statements:
            response = officer_client.get("/follow-ups/?scope=all")
        assert response.status_code == 200
        assert response.get_data(as_text=True).count("Task ") >= min(stop, 10)
        counts[stop] = len(statements)
    assert counts[10] == counts[200], counts
    assert counts[200] <= 22


def test_commitments_for_person_and_the_partial(app, demo):
    with app.app_context():
        katrin = db.session.scalar(select(Person).where(
            Person.full_name == "Katrin Vollmer-Hesse"))
        commitments = service.commitments_for_person(db.session, katrin.id)
        descriptions = [f.description for f in commitments]
        assert "Find out whether embassy staff can attend the next Bazhkenova hearing" \
            in descriptions
        assert "Share our trial-monitoring notes on the Bazhkenova case with the embassy" \
            in descriptions
        assert all("Atajurt" not in d for d in descriptions)
        open_first = [f.status is FollowUpStatus.OPEN for f in commitments]
        assert open_first == sorted(open_first, reverse=True)
        with app.test_request_context():
            html = render_template("follow_ups/_commitments.html", commitments=commitments)
        assert "Their promise" in html and "Ours to them" in html and "Pending" in html


def _make_follow_up(app, *, owner_id=None, direction=Direction.OURS, person_id=None,
                    due=None) -> int:
    with app.app_context():
        follow_up = FollowUp(description="Send the desk a note", direction=direction,
                             owner_user_id=owner_id, owner_person_id=person_id,
                             due_on=due or TODAY + timedelta(days=3))
        db.session.add(follow_up)
        db.session.flush()
        changes.record_created(db.session, follow_up, owner_id)
        db.session.commit()
        return follow_up.id


def test_history_is_kept_for_every_change(app, officer):
    follow_up_id = _make_follow_up(app, owner_id=officer.id)
    with app.app_context():
        follow_up = db.session.get(FollowUp, follow_up_id)
        changes.reschedule(db.session, follow_up, TODAY + timedelta(days=9), "later", officer.id)
        changes.mark_done(db.session, follow_up, "done it", officer.id)
        with pytest.raises(changes.FollowUpRuleError):
            changes.mark_done(db.session, follow_up, "again", officer.id)
        db.session.commit()
        rows = db.session.scalars(select(FollowUpChange).where(
            FollowUpChange.follow_up_id == follow_up_id).order_by(FollowUpChange.id)).all()
        assert [r.action for r in rows] == ["created", "rescheduled", "done"]
        assert rows[1].to_due_on == TODAY + timedelta(days=9)
        assert rows[2].note == "done it" and rows[2].changed_by_id == officer.id


def test_mine_and_a_stakeholder_s_are_exactly_the_follow_ups_they_name(app, make_user):
    """"Mine": owned by the officer, or a stakeholder's promise at a meeting they attended;
    a stakeholder's: promised by them, or made at a meeting they attended. Each follow-up once,
    in the rows and in the counts."""
    officer, colleague = make_user(), make_user()
    with app.app_context():
        officer, colleague = db.session.get(User, officer.id), db.session.get(User, colleague.id)
        anna, boris = Person(full_name="Anna Met"), Person(full_name="Boris Elsewhere")
        attended = Meeting(title="Attended", starts_at=datetime(2026, 1, 5, 10, tzinfo=UTC),
                           our_attendees=[officer], their_attendees=[anna])
        other = Meeting(title="Other", starts_at=datetime(2026, 1, 6, 10, tzinfo=UTC),
                        our_attendees=[colleague], their_attendees=[boris])
        db.session.add_all([anna, boris, attended, other])
        db.session.flush()

        def add(description, meeting, direction, user=None, person=None, status="open"):
            db.session.add(FollowUp(description=description, meeting=meeting,
                                    direction=direction, owner_user=user, owner_person=person,
                                    due_on=TODAY - timedelta(days=3),
                                    status=FollowUpStatus(status)))

        add("owned, at the meeting", attended, Direction.OURS, user=officer)
        add("owned, elsewhere", other, Direction.OURS, user=officer, status="done")
        add("owned, no meeting", None, Direction.OURS, user=officer)
        add("colleague's, at the meeting", attended, Direction.OURS, user=colleague)
        add("Anna's promise", attended, Direction.THEIRS, person=anna)
        add("Boris's promise", other, Direction.THEIRS, person=boris, status="broken")
        add("colleague's, elsewhere", other, Direction.OURS, user=colleague)
        db.session.commit()

        def shown(filters):
            rows = [f.description for section in service.review_sections(filters)
                    for f in db.session.scalars(section.statement)]
            counts = service.review_counts(db.session, filters)
            assert sum(counts.sections.values()) == len(rows), counts
            return sorted(rows), counts

        mine, counts = shown(service.FollowUpFilters(user_id=officer.id))
        assert mine == ["Anna's promise", "owned, at the meeting", "owned, elsewhere",
                        "owned, no meeting"]
        assert counts.sections == {"overdue": 3, "this_week": 0, "later": 0, "undated": 0,
                                   "closed": 1}
        assert counts.promises == {"Pending": 1, "Kept": 0, "Broken": 0}
        annas, _ = shown(service.FollowUpFilters(person_id=anna.id))
        assert annas == ["Anna's promise", "colleague's, at the meeting",
                         "owned, at the meeting"]
        boris_and_colleague, counts = shown(service.FollowUpFilters(
            person_id=boris.id, user_id=colleague.id))
        assert boris_and_colleague == ["Boris's promise", "colleague's, elsewhere"]
        assert counts.promises == {"Pending": 0, "Kept": 0, "Broken": 1}
