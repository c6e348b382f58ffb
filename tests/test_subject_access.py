"""Subject-access export: everything Parley holds about one person, for admins only."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import (
    Affiliation,
    Audience,
    AuditEvent,
    Case,
    CaseUpdate,
    Direction,
    FollowUp,
    Meeting,
    Organisation,
    Pack,
    PackFormat,
    Person,
    PersonName,
    Raising,
    Sensitivity,
    Stance,
    User,
)


@pytest.fixture()
def subject(app, admin):
    """A person named in every kind of record; returns their id."""
    with app.app_context():
        issuer = db.session.get(User, admin.id)
        person = Person(full_name="Aliya Temirkhanova", email="aliya@pgo.example",
                        country="Kazakhstan", sensitivity=Sensitivity.CONFIDENTIAL,
                        lawful_basis="Legitimate interest: official contact",
                        other_names=[PersonName(name="Алия Темирханова", script="Cyrillic")])
        org = Organisation(name="Prosecutor General's Office")
        other = Person(full_name="Unrelated Person")
        meeting = Meeting(title="Delegation meeting", starts_at=datetime(2025, 11, 3, 10,
                                                                          tzinfo=UTC),
                          their_attendees=[person, other])
        case = Case(title="Aliya Temirkhanova", person=person, summary="Test case")
        db.session.add_all([
            person, org, other, meeting, case,
            Affiliation(person=person, organisation=org, role="Head of Department",
                        start_on=date(2024, 1, 1)),
            Raising(meeting=meeting, person=person, talking_point="Publish the statistics",
                    response="Will be considered", stance=Stance.NON_COMMITTAL),
            FollowUp(meeting=meeting, description="Send the January 2022 figures",
                     direction=Direction.THEIRS, owner_person=person, due_on=date(2026, 1, 1)),
            CaseUpdate(case=case, happened_on=date(2025, 12, 1), text="Hearing postponed"),
            FollowUp(meeting=meeting, description="Ask the embassy to observe the hearing",
                     direction=Direction.OURS, case=case, due_on=date(2026, 2, 1)),
            Pack(meeting=meeting, audience=Audience.EXTERNAL, format=PackFormat.PDF,
                 snapshot={}, filename="pack.pdf", content_type="application/pdf",
                 content=b"%PDF", issued_by=issuer, persons_named=[person]),
            Pack(meeting=meeting, audience=Audience.INTERNAL, format=PackFormat.HTML,
                 snapshot={}, filename="other.html", content_type="text/html", content=b"",
                 issued_by=issuer, persons_named=[other]),
        ])
        db.session.commit()
        person.email = "aliya.t@pgo.example"
        db.session.commit()
        return person.id


def test_admin_downloads_everything_held_about_the_person(app, admin_client, subject):
    response = admin_client.get(f"/exports/subject-access/{subject}")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert f"parley-subject-access-{subject}.json" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["person"]["full_name"] == "Aliya Temirkhanova"
    assert data["person"]["sensitivity"] == "confidential"
    assert data["other_spellings"] == [{"name": "Алия Темирханова", "script": "Cyrillic"}]
    assert data["affiliations"][0]["role"] == "Head of Department"
    assert [m["title"] for m in data["meetings_attended"]] == ["Delegation meeting"]
    assert data["raisings_with_them"][0]["response"] == "Will be considered"
    assert [(f["description"], f["committed_by_them"], f["about_their_case"])
            for f in data["follow_ups"]] == [
        ("Send the January 2022 figures", True, False),
        ("Ask the embassy to observe the hearing", False, True)]
    assert data["cases"][0]["updates"][0]["text"] == "Hearing postponed"
    assert [p["filename"] for p in data["packs_naming_them"]] == ["pack.pdf"]
    pack = data["packs_naming_them"][0]
    assert pack["issued_by"]["name"] == "Ada Admin" and pack["audience"] == "external"
    assert pack["issued_to"] == ["Aliya Temirkhanova", "Unrelated Person"] and pack["issued_at"]
    actions = [(e["entity"], e["action"]) for e in data["audit_events"]]
    assert ("Person", "create") in actions and ("Person", "update") in actions
    assert ("Case", "create") in actions
    update = next(e for e in data["audit_events"] if e["action"] == "update")
    assert update["changes"]["email"] == ["aliya@pgo.example", "aliya.t@pgo.example"]
    with app.app_context():
        audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "export"))
        assert (audit.entity_type, audit.entity_id) == ("Person", subject)


@pytest.mark.parametrize("role", ["officer", "viewer"])
def test_only_admins_may_export(app, client, make_user, subject, role):
    user = make_user(role, clearance="at_risk" if role == "officer" else "normal")
    client.post("/login", data={"email": user.email,
                                "password": "correct battery horse staple 42"})
    response = client.get(f"/exports/subject-access/{subject}")
    assert response.status_code == 403
    assert "Aliya" not in response.get_data(as_text=True)


def test_unknown_person_is_404(admin_client):
    assert admin_client.get("/exports/subject-access/999").status_code == 404


def test_command_line_export(app, runner, subject, tmp_path):
    result = runner.invoke(args=["subject-access", str(subject)])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["person"]["id"] == subject
    target = tmp_path / "sar.json"
    result = runner.invoke(args=["subject-access", str(subject), "--output", str(target)])
    assert result.exit_code == 0 and "Wrote the subject-access export" in result.output
    assert json.loads(target.read_text())["cases"][0]["title"] == "Aliya Temirkhanova"
    result = runner.invoke(args=["subject-access", "999"])
    assert result.exit_code != 0 and "No person with id 999" in result.output


def test_profile_offers_the_subject_access_export_to_admins_only(app, make_user, client):
    from app.extensions import db
    from app.models import Person
    from tests.support.signing_in import login

    with app.app_context():
        person = Person(full_name="Profiled Person")
        db.session.add(person)
        db.session.commit()
        person_id = person.id
    admin = make_user("admin")
    officer = make_user("officer")
    login(client, admin.email)
    assert "Subject-access export (JSON)" in client.get(f"/persons/{person_id}").get_data(
        as_text=True)
    client.post("/logout")
    login(client, officer.email)
    assert "Subject-access export (JSON)" not in client.get(f"/persons/{person_id}").get_data(
        as_text=True)
