"""Finding: one officer could lower a person's or case's sensitivity alone. Lowering now needs a
second person (an admin other than the requester); raising stays immediate."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import (
    AuditEvent,
    Case,
    CaseStatus,
    Decision,
    Person,
    Sensitivity,
    SensitivityChange,
)
from app.security.visibility import levels_for
from app.services.data_protection.sensitivity_changes import pending_changes, pending_count
from tests.factories import add, load
from tests.support.signing_in import login

REQUESTED = "Lowering the sensitivity needs an admin's approval; requested."


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _edit_person(client, person_id: int, **fields):
    person_fields = {"full_name": "Aliya Witness", "sensitivity": "confidential", "version": "1"}
    return client.post(f"/persons/{person_id}/edit", data={**person_fields, **fields},
                       follow_redirects=True)


def _changes(app) -> list[SensitivityChange]:
    with app.app_context():
        rows = db.session.scalars(select(SensitivityChange).order_by(SensitivityChange.id)).all()
        db.session.expunge_all()
        return list(rows)


@pytest.fixture()
def witness(app):
    """A confidential person."""
    return add(app, Person(full_name="Aliya Witness", sensitivity=Sensitivity.CONFIDENTIAL))


def test_an_officer_lowering_a_person_saves_the_rest_and_requests_approval(
        app, officer_client, officer, witness):
    response = _edit_person(officer_client, witness, full_name="Aliya W. Witness",
                            sensitivity="normal")
    assert REQUESTED in _text(response)
    person = load(app, Person, witness)
    assert person.full_name == "Aliya W. Witness"
    assert person.sensitivity is Sensitivity.CONFIDENTIAL
    [change] = _changes(app)
    assert (change.person_id, change.case_id) == (witness, None)
    assert (change.from_level, change.to_level) == (Sensitivity.CONFIDENTIAL, Sensitivity.NORMAL)
    assert change.requested_by_id == officer.id and change.decision is None


def test_raising_a_sensitivity_is_immediate(app, officer_client, witness):
    response = _edit_person(officer_client, witness, sensitivity="confidential")
    assert REQUESTED not in _text(response)
    plain = add(app, Person(full_name="Plain Person"))
    response = officer_client.post(f"/persons/{plain}/edit", data={
        "full_name": "Plain Person", "sensitivity": "confidential", "version": "1"},
        follow_redirects=True)
    assert REQUESTED not in _text(response)
    assert load(app, Person, plain).sensitivity is Sensitivity.CONFIDENTIAL
    assert _changes(app) == []


def test_lowering_a_case_needs_approval_too(app, admin_client, admin):
    case_id = add(app, Case(title="Case of the at-risk group", sensitivity=Sensitivity.AT_RISK,
                            status=CaseStatus.DETAINED))
    response = admin_client.post(f"/cases/{case_id}/edit", data={
        "title": "Case of the at-risk group", "status": "detained", "sensitivity": "confidential",
        "version": "1"}, follow_redirects=True)
    assert REQUESTED in _text(response)
    assert load(app, Case, case_id).sensitivity is Sensitivity.AT_RISK
    [change] = _changes(app)
    assert (change.case_id, change.to_level, change.requested_by_id) == (
        case_id, Sensitivity.CONFIDENTIAL, admin.id)


def test_an_admin_approves_an_officers_request(app, client, officer, admin, witness):
    login(client, officer.email)
    _edit_person(client, witness, sensitivity="normal")
    client.post("/logout")
    login(client, admin.email)
    assert "1 request to lower a sensitivity waiting for approval" in _text(client.get("/"))
    page = _text(client.get("/admin/sensitivity-requests/"))
    assert "Aliya Witness" in page and "Olga Officer" in page
    [change] = _changes(app)
    response = client.post(f"/admin/sensitivity-requests/{change.id}/approve",
                           follow_redirects=True)
    assert "is now normal" in _text(response)
    assert load(app, Person, witness).sensitivity is Sensitivity.NORMAL
    [change] = _changes(app)
    assert change.decision is Decision.APPROVED and change.decided_by_id == admin.id
    with app.app_context():
        audit = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "sensitivity_lowered"))
        assert (audit.entity_type, audit.entity_id, audit.user_id) == ("Person", witness, admin.id)
        assert audit.changes["requested_by"] == "Olga Officer"
        assert audit.changes["decided_by"] == "Ada Admin"
        assert audit.changes["sensitivity"] == ["confidential", "normal"]
    assert "No request is waiting." in _text(client.get("/admin/sensitivity-requests/"))


def test_an_admins_own_request_needs_another_admin(app, client, admin, make_user, witness):
    other = make_user("admin", name="Bea Admin")
    login(client, admin.email)
    _edit_person(client, witness, sensitivity="normal")
    [change] = _changes(app)
    page = _text(client.get("/admin/sensitivity-requests/"))
    assert "Your request: another admin decides." in page
    assert f"/admin/sensitivity-requests/{change.id}/approve" not in page
    refused = client.post(f"/admin/sensitivity-requests/{change.id}/approve",
                          follow_redirects=True)
    assert "another admin must decide it" in _text(refused)
    assert load(app, Person, witness).sensitivity is Sensitivity.CONFIDENTIAL
    assert _changes(app)[0].decision is None
    client.post("/logout")
    login(client, other.email)
    client.post(f"/admin/sensitivity-requests/{change.id}/approve")
    assert load(app, Person, witness).sensitivity is Sensitivity.NORMAL
    assert _changes(app)[0].decided_by_id == other.id


def test_a_refused_request_leaves_the_sensitivity(app, client, officer, admin, witness):
    login(client, officer.email)
    _edit_person(client, witness, sensitivity="normal")
    client.post("/logout")
    login(client, admin.email)
    [change] = _changes(app)
    response = client.post(f"/admin/sensitivity-requests/{change.id}/refuse",
                           follow_redirects=True)
    assert "was refused; it stays confidential" in _text(response)
    assert load(app, Person, witness).sensitivity is Sensitivity.CONFIDENTIAL
    assert _changes(app)[0].decision is Decision.REFUSED
    assert client.post(f"/admin/sensitivity-requests/{change.id}/approve").status_code == 404


def test_officers_cannot_decide(officer_client, app, witness):
    _edit_person(officer_client, witness, sensitivity="normal")
    [change] = _changes(app)
    assert officer_client.get("/admin/sensitivity-requests/").status_code == 403
    assert officer_client.post(f"/admin/sensitivity-requests/{change.id}/approve"
                               ).status_code == 403
    assert load(app, Person, witness).sensitivity is Sensitivity.CONFIDENTIAL


def test_pending_requests_follow_the_visibility_rule(app, app_context, officer):
    hidden = Person(full_name="At-risk Person", sensitivity=Sensitivity.AT_RISK)
    db.session.add(hidden)
    db.session.flush()
    db.session.add(SensitivityChange(person_id=hidden.id, from_level=Sensitivity.AT_RISK,
                                     to_level=Sensitivity.CONFIDENTIAL,
                                     requested_by_id=officer.id))
    db.session.commit()
    assert len(pending_changes(db.session)) == pending_count(db.session) == 1
    with levels_for(db.session, (Sensitivity.NORMAL, Sensitivity.CONFIDENTIAL)):
        assert pending_changes(db.session) == []
        assert pending_count(db.session) == 0


def test_the_requests_page_holds_fifty_a_page(app, admin_client):
    with app.app_context():
        persons = [Person(full_name=f"Waiting {n}", sensitivity=Sensitivity.CONFIDENTIAL)
                   for n in range(60)]
        db.session.add_all(persons)
        db.session.flush()
        db.session.add_all([SensitivityChange(person_id=p.id, from_level=Sensitivity.CONFIDENTIAL,
                                              to_level=Sensitivity.NORMAL) for p in persons])
        db.session.commit()
    first = _text(admin_client.get("/admin/sensitivity-requests/"))
    second = _text(admin_client.get("/admin/sensitivity-requests/?page=2"))
    assert first.count("Approve") == 50 and second.count("Approve") == 10
    assert "Waiting 0" in first and "Waiting 59" in second
