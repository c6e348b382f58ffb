"""Record factories: the functions that add test records, and the fixtures built on them.

Registered for every test by ``pytest_plugins`` in tests/conftest.py. The purpose-built worlds
stay beside the tests they serve, as plain helper modules: tests/section_world.py (busy record
pages), tests/bulk_records.py (every growing table past 200 rows), tests/pack_scenarios.py,
tests/security/world.py and tests/security/leak_fixtures.py (restricted records planted for
the leak tests).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pyotp
import pytest

from app.extensions import db
from app.models import (
    Affiliation,
    Case,
    DialogueEvent,
    Direction,
    FollowUp,
    Meeting,
    MeetingStatus,
    Organisation,
    OrganisationKind,
    Person,
    PersonName,
    Recommendation,
    Role,
    Sensitivity,
    Theme,
    User,
    utcnow,
)
from app.security.passwords import hash_password
from app.services.follow_ups import changes
from tests.support.signing_in import PASSWORD


def add(app, *records):
    """Commit ``records`` and return their ids (one id for one record)."""
    with app.app_context():
        db.session.add_all(records)
        db.session.commit()
        ids = [r.id for r in records]
        db.session.remove()
    return ids[0] if len(ids) == 1 else ids


def load(app, model, record_id):
    """A fresh copy of one record, read outside any request (sees everything)."""
    with app.app_context():
        record = db.session.get(model, record_id)
        if record is not None:
            db.session.expunge(record)
        return record


def make_world(app) -> dict:
    """An event, two officials (one with a Cyrillic spelling), a hidden person, a
    recommendation, a case and a theme; returns their ids."""
    with app.app_context():
        eeas = Organisation(name="European External Action Service", acronym="EEAS",
                            kind=OrganisationKind.EU_INSTITUTION)
        ministry = Organisation(name="Ministry of Foreign Affairs of Kazakhstan",
                                kind=OrganisationKind.GOVERNMENT)
        anna = Person(full_name="Anna Desk", country="Belgium")
        bolat = Person(full_name="Bolat Zhylanbaev", country="Kazakhstan",
                       other_names=[PersonName(name="Болат Жыланбаев", script="Cyrillic")])
        hidden = Person(full_name="Hidden Witness", sensitivity=Sensitivity.AT_RISK)
        theme = Theme(name="Freedom of expression")
        rec = Recommendation(text="Decriminalise defamation and repeal article 274.",
                             short_title="Repeal article 274", addressee="Kazakhstani authorities",
                             priority=1)
        case = Case(title="Case of a jailed journalist",
                    charges="Criminal Code art. 274")
        event_ = DialogueEvent(title="EU-Kazakhstan Human Rights Dialogue 2026",
                               starts_on=date(2026, 6, 10), ends_on=date(2026, 6, 11),
                               place="Astana", counterpart_country="Kazakhstan")
        db.session.add_all([eeas, ministry, anna, bolat, hidden, theme, rec, case, event_])
        db.session.add_all([
            Affiliation(person=anna, organisation=eeas, role="Desk Officer for Kazakhstan"),
            Affiliation(person=bolat, organisation=ministry, role="Deputy Minister"),
        ])
        db.session.commit()
        return {"anna": anna.id, "bolat": bolat.id, "hidden": hidden.id, "theme": theme.id,
                "rec": rec.id, "case": case.id, "event": event_.id, "eeas": eeas.id}


def make_meeting(app, title="Meeting with the EEAS desk", event_id=None,
                 starts_at=datetime(2026, 6, 10, 9, 0, tzinfo=UTC), **values) -> int:
    """A committed meeting; returns its id."""
    with app.app_context():
        attendees = values.pop("their_attendee_ids", [])
        meeting = Meeting(title=title, event_id=event_id, starts_at=starts_at, **values)
        if attendees:
            meeting.their_attendees = [db.session.get(Person, i) for i in attendees]
        db.session.add(meeting)
        db.session.commit()
        return meeting.id


def make_restricted(app) -> dict:
    """Dinara Smailova (at risk, with a Cyrillic and a Latin other spelling and an email) and
    an at-risk group case; returns their ids."""
    with app.app_context():
        dinara = Person(full_name="Dinara Smailova", sensitivity=Sensitivity.AT_RISK,
                        email="dinara@shelter.example",
                        other_names=[PersonName(name="Динара Смаилова", script="Cyrillic"),
                                     PersonName(name="Dinara Smaylova", script="Latin")])
        group = Case(title="Atajurt movement activists", is_group=True,
                     sensitivity=Sensitivity.AT_RISK)
        db.session.add_all([dinara, group])
        db.session.commit()
        return {"dinara": dinara.id, "group": group.id}


def make_uncleared(make_user):
    """An officer cleared only for normal records."""
    return make_user("officer", clearance="normal", name="Nora Normal",
                     email="normal.officer@parley.example")


@pytest.fixture()
def make_user(app):
    """Factory: ``make_user(role="officer", clearance=None, second_factor=None, **fields)``.

    Returns a committed, detached User. ``second_factor`` (default: only for admins) enrols a
    TOTP secret, as an admin must have one.
    """
    counter = {"n": 0}

    def make(role: str | Role = "officer", clearance: str | Sensitivity | None = None,
             second_factor: bool | None = None, **fields):
        counter["n"] += 1
        role = Role(role)
        if clearance is None:
            clearance = Sensitivity.AT_RISK if role is Role.ADMIN else Sensitivity.CONFIDENTIAL
        if second_factor if second_factor is not None else role is Role.ADMIN:
            fields.setdefault("totp_secret", pyotp.random_base32())
            fields.setdefault("totp_enabled_at", utcnow())
        with app.app_context():
            user = User(
                email=fields.pop("email", f"{role.value}{counter['n']}@parley.example"),
                name=fields.pop("name", f"{role.value.capitalize()} {counter['n']}"),
                role=role, clearance=Sensitivity(clearance),
                password_hash=hash_password(fields.pop("password", PASSWORD)), **fields,
            )
            db.session.add(user)
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
            return user

    return make


@pytest.fixture()
def officer(make_user):
    """An officer cleared for confidential records."""
    return make_user("officer", name="Olga Officer", email="officer@parley.example")


@pytest.fixture()
def admin(make_user):
    """An admin (sees every record)."""
    return make_user("admin", name="Ada Admin", email="admin@parley.example")


@pytest.fixture()
def viewer(make_user):
    """A viewer cleared only for normal records."""
    return make_user("viewer", clearance="normal", name="Vik Viewer",
                     email="viewer@parley.example")


@pytest.fixture()
def demo(app):
    """The demo data, loaded and committed; returns the counts created."""
    from app.demo.build import seed_demo

    with app.app_context():
        counts = seed_demo(db.session)
        db.session.commit()
        return counts


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
                         due_on=date.today() - timedelta(days=40 - n)) for n in range(30)]
        rows += [FollowUp(description="Dana sends the draft law", direction=Direction.THEIRS,
                          owner_person=person, meeting=meeting,
                          due_on=date.today() - timedelta(days=1)),
                 FollowUp(description="Dana confirms the visit", direction=Direction.THEIRS,
                          owner_person=person, meeting=meeting,
                          due_on=date.today() - timedelta(days=2)),
                 FollowUp(description="Kim calls the embassy", direction=Direction.OURS,
                          owner_user_id=colleague.id, due_on=date.today() - timedelta(days=5))]
        db.session.add_all(rows)
        db.session.flush()
        for row in rows:
            changes.record_created(db.session, row, officer.id)
        db.session.commit()
        return {"event": meeting.event_id, "colleague": colleague}
