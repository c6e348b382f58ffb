"""Simultaneous writes to one record: exactly one is saved, the rest are refused with 409.

Eight tabs post the same kind of change at once (lined up by a barrier), each from
its own test client, so each request has its own app context, session and connection. Every
post carries the version its page was opened at, as the pages send it. Whatever the timing
(the version check before saving, or ``StaleDataError`` at commit), the outcome must be: one
302, seven 409 with the stale message, no server error, and the database holding the one
saved change. Runs on SQLite and PostgreSQL (``PARLEY_TEST_BACKEND``).
"""

from __future__ import annotations

import html
import threading
from datetime import date

import pytest
from sqlalchemy import select

from app.extensions import db, limiter
from app.models import (
    Case,
    CaseStatus,
    CaseUpdate,
    Direction,
    FollowUp,
    FollowUpChange,
    FollowUpStatus,
    ImplementationStatus,
    Meeting,
    Person,
    Recommendation,
    RecommendationStatusChange,
)
from app.record_views.saving import STALE_MESSAGE
from app.services.follow_ups import changes as follow_up_service
from tests.factories import add, load, make_meeting
from tests.support.signing_in import login

pytestmark = pytest.mark.truncate(
    "eight threads post at once, each with its own app context, session and connection")

WRITERS = 8
TODAY = date.today().isoformat()


@pytest.fixture()
def tabs(app, officer):
    """Eight test clients signed in as the officer (one sign-in, the cookie shared)."""
    limiter.reset()
    first = app.test_client()
    assert login(first, officer.email).status_code == 302
    cookie = first.get_cookie("session")
    clients = [first]
    for _ in range(WRITERS - 1):
        other = app.test_client()
        other.set_cookie("session", cookie.value, domain=cookie.domain, path=cookie.path)
        clients.append(other)
    return clients


def race(tabs, url: str, data_for) -> list[tuple[int, str]]:
    """Post ``data_for(i)`` to ``url`` from every tab at once; each (status, page text)."""
    barrier = threading.Barrier(len(tabs))
    results: list = [None] * len(tabs)

    def post(i: int, client) -> None:
        data = data_for(i)
        barrier.wait(timeout=30)
        try:
            response = client.post(url, data=data)
            results[i] = (response.status_code, html.unescape(response.get_data(as_text=True)))
        except Exception as exc:  # noqa: BLE001 -- an unhandled error is a 500 in production
            results[i] = (500, repr(exc))

    threads = [threading.Thread(target=post, args=(i, c)) for i, c in enumerate(tabs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(r is not None for r in results), "a writer never answered"
    return results


def one_winner(results) -> int:
    """Assert one 302 and 409s with the stale message for the rest; return the winner."""
    statuses = sorted(status for status, _ in results)
    assert statuses == [302] + [409] * (WRITERS - 1), [(s, t[:300]) for s, t in results
                                                        if s not in (302, 409)] or statuses
    for status, text in results:
        if status == 409:
            assert STALE_MESSAGE in text
    return next(i for i, (status, _) in enumerate(results) if status == 302)


def test_simultaneous_case_updates_with_a_status_change(app, tabs):
    case_id = add(app, Case(title="Case of a jailed journalist", status=CaseStatus.DETAINED))
    statuses = [CaseStatus.ON_TRIAL, CaseStatus.CONVICTED]
    results = race(tabs, f"/cases/{case_id}/updates", lambda i: {
        "happened_on": TODAY, "text": f"Development seen by tab {i}",
        "new_status": statuses[i % 2].value, "version": "1"})
    winner = one_winner(results)
    for i, (status, text) in enumerate(results):
        if status == 409:  # the officer's typed text is still in the form
            assert f"Development seen by tab {i}" in text
    with app.app_context():
        case = db.session.get(Case, case_id)
        updates = db.session.scalars(select(CaseUpdate).where(CaseUpdate.case_id == case_id)).all()
        assert [u.text for u in updates] == [f"Development seen by tab {winner}"]
        assert case.status is statuses[winner % 2] and case.version == 2


def test_simultaneous_recommendation_status_changes(app, tabs):
    rec_id = add(app, Recommendation(text="Repeal article 274.", short_title="Repeal 274",
                                     addressee="Kazakhstani authorities"))
    statuses = [ImplementationStatus.IN_PROGRESS, ImplementationStatus.PARTIAL]
    results = race(tabs, f"/recommendations/{rec_id}/status", lambda i: {
        "to_status": statuses[i % 2].value, "changed_on": TODAY,
        "evidence": f"Evidence from tab {i}", "version": "1"})
    winner = one_winner(results)
    for i, (status, text) in enumerate(results):
        if status == 409:
            assert f"Evidence from tab {i}" in text
    with app.app_context():
        rec = db.session.get(Recommendation, rec_id)
        changes = db.session.scalars(select(RecommendationStatusChange).where(
            RecommendationStatusChange.recommendation_id == rec_id)).all()
        assert [c.evidence for c in changes] == [f"Evidence from tab {winner}"]
        assert rec.status is statuses[winner % 2] and rec.version == 2


def test_simultaneous_archivings_of_one_person(app, tabs):
    person_id = add(app, Person(full_name="Anna Desk"))
    results = race(tabs, f"/persons/{person_id}/archive", lambda i: {"version": "1"})
    one_winner(results)
    person = load(app, Person, person_id)
    assert person.archived_at is not None and person.version == 2


def test_simultaneous_follow_up_done(app, tabs, officer):
    with app.app_context():
        follow_up = FollowUp(description="Send the desk a note", direction=Direction.OURS,
                             owner_user_id=officer.id, due_on=date.today())
        db.session.add(follow_up)
        db.session.flush()
        follow_up_service.record_created(db.session, follow_up, officer.id)
        db.session.commit()
        follow_up_id, version = follow_up.id, follow_up.version
    results = race(tabs, f"/follow-ups/{follow_up_id}/done", lambda i: {
        "done-version": str(version), "done-note": f"Sent by tab {i}"})
    winner = one_winner(results)
    with app.app_context():
        follow_up = db.session.get(FollowUp, follow_up_id)
        notes = db.session.scalars(select(FollowUpChange.note).where(
            FollowUpChange.follow_up_id == follow_up_id, FollowUpChange.action == "done")).all()
        assert notes == [f"Sent by tab {winner}"]
        assert follow_up.status is FollowUpStatus.DONE and follow_up.version == version + 1


def test_simultaneous_meeting_saves(app, tabs):
    meeting_id = make_meeting(app, title="Meeting with the EEAS desk")
    results = race(tabs, f"/meetings/{meeting_id}/edit", lambda i: {
        "title": f"Meeting retitled by tab {i}", "meeting_date": "2026-06-10",
        "starts_time": "09:00", "format": "in_person", "event_id": "", "status": "held",
        "version": "1"})
    winner = one_winner(results)
    for i, (status, text) in enumerate(results):
        if status == 409:
            assert f'value="Meeting retitled by tab {i}"' in text
    meeting = load(app, Meeting, meeting_id)
    assert meeting.title == f"Meeting retitled by tab {winner}" and meeting.version == 2


def test_a_stale_write_outside_save_once_answers_409_with_a_way_back(app, tabs, monkeypatch):
    """Any write path that meets ``StaleDataError`` gets the same 409 page, never a 500."""
    from sqlalchemy.orm.exc import StaleDataError

    from app.cases import routes

    case_id = add(app, Case(title="Case of a jailed journalist"))

    def stale_write(record, *args, **kwargs):
        record.title = "Never saved"
        raise StaleDataError("UPDATE statement on table 'cases' expected to update 1 row(s)")

    monkeypatch.setattr(routes, "change_page", stale_write)
    client = tabs[0]
    data = {"happened_on": TODAY, "text": "Typed by the officer"}
    inside = client.post(f"/cases/{case_id}/updates", data=data,
                         headers={"Referer": f"http://localhost/cases/{case_id}?tab=updates"})
    page = html.unescape(inside.get_data(as_text=True))
    assert inside.status_code == 409 and STALE_MESSAGE in page
    assert f'href="/cases/{case_id}?tab=updates">Open the record as it is now' in page
    assert "What you typed is not on this page" in page
    outside = client.post(f"/cases/{case_id}/updates", data=data,
                          headers={"Referer": "https://elsewhere.example/cases/1"})
    page = html.unescape(outside.get_data(as_text=True))
    assert outside.status_code == 409 and 'href="/">Open the record as it is now' in page
    assert "elsewhere.example" not in page
    assert load(app, Case, case_id).title == "Case of a jailed journalist"
