"""Audit findings: the log is append-only in the database; views of and probes for restricted
records are written to it, once per request."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import DBAPIError

from app.extensions import db
from app.models import AuditEvent, Case, Meeting, Person, Sensitivity
from tests.factories import add
from tests.security.helpers import blank_csrf

pytestmark = pytest.mark.truncate(
    "the audit of restricted views (present or absent) is written through a connection of its own")


def _events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                                  .order_by(AuditEvent.id)).all()
        db.session.expunge_all()
        return list(rows)


def _one_event(app_context) -> int:
    audit_event = AuditEvent(action="login", entity_type="User", entity_id=7,
                             changes={"note": "original"}, ip_address="10.0.0.1")
    db.session.add(audit_event)
    db.session.commit()
    return audit_event.id


# --- Finding: audit rows could be rewritten or removed through the application's own account.

def test_audit_log_refuses_update_through_the_orm(app, app_context):
    event_id = _one_event(app_context)
    audit_event = db.session.get(AuditEvent, event_id)
    audit_event.action = "nothing_happened"
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.commit()
    db.session.rollback()
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(update(AuditEvent).values(ip_address="0.0.0.0"))
    db.session.rollback()
    db.session.expire_all()
    kept = db.session.get(AuditEvent, event_id)
    assert (kept.action, kept.ip_address, kept.changes) == ("login", "10.0.0.1",
                                                            {"note": "original"})


def test_audit_log_refuses_delete_through_the_orm(app, app_context):
    event_id = _one_event(app_context)
    db.session.delete(db.session.get(AuditEvent, event_id))
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.commit()
    db.session.rollback()
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(delete(AuditEvent))
    db.session.rollback()
    assert db.session.scalar(select(func.count(AuditEvent.id))) == 1
    assert db.session.get(AuditEvent, event_id).action == "login"


def test_audit_log_still_accepts_new_events(app, app_context):
    _one_event(app_context)
    _one_event(app_context)
    assert db.session.scalar(select(func.count(AuditEvent.id))) == 2


# --- Finding: list and meeting pages showed restricted persons without an audit line.

@pytest.fixture()
def guarded(app):
    """A confidential person attending a meeting, with a confidential case, and a normal person."""
    with app.app_context():
        person = Person(full_name="Guarded Witness", sensitivity=Sensitivity.CONFIDENTIAL)
        plain = Person(full_name="Plain Official")
        meeting = Meeting(title="Consultation with the witness",
                          starts_at=datetime(2026, 3, 5, 10, tzinfo=UTC),
                          their_attendees=[person, plain])
        case = Case(title="Case of the witness", person=person,
                    sensitivity=Sensitivity.CONFIDENTIAL)
        db.session.add_all([person, plain, meeting, case])
        db.session.commit()
        ids = {"person": person.id, "plain": plain.id, "meeting": meeting.id, "case": case.id}
        db.session.remove()
        return ids


def test_list_and_meeting_pages_audit_restricted_views_once_per_request(app, officer_client,
                                                                        officer, guarded):
    listing = officer_client.get("/persons/")
    assert "Guarded Witness" in listing.get_data(as_text=True)
    events = _events(app, "viewed_restricted")
    assert len(events) == 1
    assert events[0].user_id == officer.id
    assert events[0].changes["records"] == [f"Person {guarded['person']}"]
    assert (events[0].entity_type, events[0].entity_id) == ("Person", guarded["person"])

    meeting = officer_client.get(f"/meetings/{guarded['meeting']}")
    assert "Guarded Witness" in meeting.get_data(as_text=True)
    events = _events(app, "viewed_restricted")
    assert len(events) == 2
    assert f"Person {guarded['person']}" in events[1].changes["records"]
    assert f"Person {guarded['plain']}" not in events[1].changes["records"]


def test_a_page_naming_a_person_and_their_case_writes_one_event(app, officer_client, guarded):
    page = officer_client.get(f"/cases/{guarded['case']}")
    assert "Case of the witness" in page.get_data(as_text=True)
    events = _events(app, "viewed_restricted")
    assert len(events) == 1
    assert sorted(events[0].changes["records"]) == sorted(
        [f"Case {guarded['case']}", f"Person {guarded['person']}"])
    assert events[0].entity_type is None  # several records: named in the list only


def test_a_page_of_normal_records_writes_no_view_event(app, officer_client, guarded):
    page = officer_client.get(f"/persons/{guarded['plain']}")
    assert "Plain Official" in page.get_data(as_text=True)
    assert _events(app, "viewed_restricted") == []


def test_a_viewer_who_cannot_see_the_person_leaves_no_view_event(app, viewer_client, guarded):
    listing = viewer_client.get("/persons/")
    assert "Plain Official" in listing.get_data(as_text=True)
    assert "Guarded Witness" not in listing.get_data(as_text=True)
    assert _events(app, "viewed_restricted") == []


# --- Finding: guessing ids of hidden records left no trace.

def test_a_hidden_record_answers_the_same_404_and_the_refusal_is_recorded(app, viewer_client,
                                                                         viewer, guarded):
    hidden = viewer_client.get(f"/persons/{guarded['person']}")
    missing = viewer_client.get("/persons/987654")
    assert hidden.status_code == missing.status_code == 404
    assert blank_csrf(hidden.get_data(as_text=True)) == blank_csrf(missing.get_data(as_text=True))
    refused = _events(app, "refused_restricted")
    assert [(e.entity_type, e.entity_id, e.user_id) for e in refused] == [
        ("Person", guarded["person"], viewer.id)]
    assert viewer_client.get(f"/cases/{guarded['case']}").status_code == 404
    assert [e.entity_type for e in _events(app, "refused_restricted")] == ["Person", "Case"]


def test_absurd_ids_and_page_numbers_answer_without_an_error(viewer_client):
    assert viewer_client.get("/persons/99999999999999999999").status_code == 404
    page = viewer_client.get("/persons/?page=99999999999999999999")
    assert page.status_code == 404  # out of range, as SECURITY.md says
    assert "Traceback" not in page.get_data(as_text=True)


def _refusals(app, user_id: int, count: int, minutes_ago: float) -> None:
    at = datetime.now(UTC) - timedelta(minutes=minutes_ago)
    with app.app_context():
        db.session.add_all([
            AuditEvent(action="refused_restricted", entity_type="Person", entity_id=1000 + n,
                       user_id=user_id, at=at) for n in range(count)])
        db.session.commit()


def test_probing_alert_appears_above_twenty_refusals_in_ten_minutes(app, make_user, admin,
                                                                    client):
    from tests.support.signing_in import login

    prober = make_user("viewer", clearance="normal", name="Petr Prober")
    _refusals(app, prober.id, 21, minutes_ago=5)
    _refusals(app, admin.id, 30, minutes_ago=25)  # long ago: no alert
    login(client, admin.email)
    text = client.get("/").get_data(as_text=True)
    assert "Possible probing: Petr Prober, 21 refused requests for restricted records" in text
    assert "Possible probing: Ada Admin" not in text


def test_no_probing_alert_at_twenty_refusals(app, make_user, admin, client):
    from tests.support.signing_in import login

    prober = make_user("viewer", clearance="normal", name="Petr Prober")
    _refusals(app, prober.id, 20, minutes_ago=5)
    login(client, admin.email)
    text = client.get("/").get_data(as_text=True)
    assert "Possible probing" not in text


def test_probing_through_the_web_raises_the_alert(app, viewer_client, admin, guarded):
    ids = add(app, *[Person(full_name=f"Hidden {n}", sensitivity=Sensitivity.AT_RISK)
                     for n in range(21)])
    for person_id in ids:
        assert viewer_client.get(f"/persons/{person_id}").status_code == 404
    from tests.support.signing_in import login

    viewer_client.post("/logout")
    login(viewer_client, admin.email)
    text = viewer_client.get("/").get_data(as_text=True)
    assert "Possible probing: Vik Viewer, 21 refused requests for restricted records since" in text


def test_officers_do_not_see_the_probing_alert(app, make_user, officer_client):
    prober = make_user("viewer", clearance="normal", name="Petr Prober")
    _refusals(app, prober.id, 25, minutes_ago=1)
    assert "Possible probing" not in officer_client.get("/").get_data(as_text=True)


def test_the_view_event_never_commits_the_views_unfinished_work(app, guarded):
    from flask import Response, g

    from app.security.restricted_access import write_request_audit
    from app.security.visibility import ALL_LEVELS

    with app.test_request_context("/persons/"):
        g.parley_levels = ALL_LEVELS
        assert db.session.get(Person, guarded["person"]).full_name == "Guarded Witness"
        db.session.get(Person, guarded["plain"]).full_name = "Half-done edit"
        db.session.flush()  # written, never committed by the view
        write_request_audit(Response("ok"))
        db.session.remove()
    [viewed] = _events(app, "viewed_restricted")
    assert viewed.changes["records"] == [f"Person {guarded['person']}"]
    with app.app_context():
        assert db.session.get(Person, guarded["plain"]).full_name == "Plain Official"


# --- Finding: a call refused to the user's role was audited by a commit in a before_request
# hook (committing whatever the request's session held by then).

def test_a_call_refused_to_the_role_is_audited_once(app, viewer_client, viewer):
    assert viewer_client.post("/persons/new", data={"full_name": "Not Saved"}).status_code == 403
    assert viewer_client.get("/admin/users").status_code == 403
    denied = _events(app, "denied")
    assert [(e.user_id, e.entity_type, e.changes) for e in denied] == [
        (viewer.id, "route", {"endpoint": "persons.new", "method": "POST"}),
        (viewer.id, "route", {"endpoint": "admin.users", "method": "GET"})]
    assert all(e.ip_address == "127.0.0.1" for e in denied)
    with app.app_context():
        assert db.session.scalar(select(Person).where(Person.full_name == "Not Saved")) is None


def test_the_refusal_is_kept_and_the_requests_unfinished_work_is_not(app, viewer, guarded):
    from flask import Response, g
    from werkzeug.exceptions import Forbidden

    from app.models import User
    from app.security.access import enforce_access
    from app.security.restricted_access import write_request_audit
    from app.security.visibility import ALL_LEVELS

    with app.test_request_context("/persons/new", method="POST"):
        g.parley_levels = ALL_LEVELS
        g._login_user = db.session.get(User, viewer.id)
        db.session.get(Person, guarded["plain"]).full_name = "Half-done edit"
        db.session.flush()  # written before the refusal, never committed
        with pytest.raises(Forbidden):
            enforce_access()
        write_request_audit(Response("Not allowed", status=403))
        db.session.remove()
    [denied] = _events(app, "denied")
    assert (denied.user_id, denied.changes) == (viewer.id, {"endpoint": "persons.new",
                                                           "method": "POST"})
    with app.app_context():
        assert db.session.get(Person, guarded["plain"]).full_name == "Plain Official"
