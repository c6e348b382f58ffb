"""Synthetic data (``flask seed-synthetic``): sizes, reproducibility, what the app derives,
confidentiality through the normal rule, search, and the refusal of a database with real
records. Seeded at a tiny factor of the large scale, so each test takes a second or two."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pyotp
import pytest
from markupsafe import escape
from sqlalchemy import func, select, text

from app.extensions import db
from app.models import (
    Case,
    Direction,
    FollowUp,
    FollowUpChange,
    FollowUpStatus,
    Meeting,
    MeetingStatus,
    NameStamp,
    Person,
    PersonName,
    Raising,
    Role,
    Sensitivity,
    Theme,
    User,
    utcnow,
)
from app.security.field_crypto import email_lookup
from app.services.synthetic import (
    SCALES,
    SYNTHETIC_DOMAIN,
    RealRecordsFound,
    Scale,
    seed_synthetic,
    tables_with_real_records,
)
from app.services.synthetic.scales import LARGE, MINIMUM
from app.services.synthetic.seeder import start_of_today
from tests.support.database import BACKEND, empty_tables
from tests.support.files import require_sample
from tests.support.signing_in import PASSWORD, login

pytestmark = pytest.mark.truncate(
    "the synthetic seeder writes through engine connections of its own and the tests empty tables in between")

TINY = Scale.factor(0.001)
NOW = datetime(2026, 11, 30, tzinfo=UTC)
CLI = ["seed-synthetic", "--scale", "0.001", "--password", PASSWORD]


def _seed(seed: int = 1, scale: Scale = TINY, **options) -> dict[str, int]:
    return seed_synthetic(db.engine, scale, seed, now=NOW, password=PASSWORD, **options)


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _synthetic_user(role: Role, clearance: Sensitivity) -> User:
    return db.session.scalar(select(User).where(
        User.email.like(f"%@{SYNTHETIC_DOMAIN}"), User.role == role,
        User.clearance == clearance).order_by(User.id).limit(1))


def test_the_named_scales_are_tenths_and_hundredths_of_large():
    assert (SCALES["large"].persons, SCALES["large"].meetings, SCALES["large"].raisings) == (
        20_000, 100_000, 500_000)
    for kind, large in LARGE.items():
        assert getattr(SCALES["medium"], kind) == max(MINIMUM[kind], round(large / 10))
        assert getattr(SCALES["small"], kind) == max(MINIMUM[kind], round(large / 100))
    assert TINY.persons == 20 and TINY.meetings == 100 and TINY.users == MINIMUM["users"]


def test_counts_follow_the_scale_and_the_data_is_consistent(app_context):
    counts = _seed()
    for kind, planned in TINY.counts().items():
        assert counts[kind] == planned, kind
    assert _count(Person) == TINY.persons and _count(Meeting) == TINY.meetings
    assert _count(Raising) == TINY.raisings and _count(FollowUp) == TINY.follow_ups
    assert db.session.scalar(select(func.count()).select_from(text("meeting_persons"))) == \
        TINY.attendees
    assert _count(PersonName) == counts["person_names"] > 0
    # 10 % of the persons are confidential or at risk.
    assert _count(Person, Person.sensitivity == Sensitivity.AT_RISK) == round(TINY.persons * 0.04)
    assert _count(Person, Person.sensitivity == Sensitivity.CONFIDENTIAL) == round(
        TINY.persons * 0.06)
    # Every record has its creator, a synthetic account; the database holds no real record.
    assert tables_with_real_records(db.session.connection()) == []
    assert _count(Meeting, Meeting.created_by_id.is_(None)) == 0
    # Meetings over ten years, some still planned in the future; the theme tree is 3 deep.
    assert _count(Meeting, Meeting.starts_at > NOW) > 0
    assert _count(Meeting, Meeting.status == MeetingStatus.HELD) > TINY.meetings / 2
    leaf = db.session.scalars(select(Theme).where(Theme.parent_id.is_not(None))
                              .order_by(Theme.id.desc())).first()
    assert leaf.path.count(" > ") == 2
    # Follow-ups: overdue, done, and a history as the app writes it.
    today = NOW.date()
    assert _count(FollowUp, FollowUp.status == FollowUpStatus.OPEN, FollowUp.due_on < today) > 0
    assert _count(FollowUp, FollowUp.status == FollowUpStatus.DONE) > 0
    assert _count(FollowUpChange, FollowUpChange.action == "created") == TINY.follow_ups
    closed = db.session.scalars(select(FollowUp).where(FollowUp.status != FollowUpStatus.OPEN)
                                .limit(20)).all()
    for follow_up in closed:
        last = max(follow_up.changes, key=lambda c: (c.changed_at, c.id))
        assert last.to_status == follow_up.status.value and last.changed_at == follow_up.closed_at
        assert follow_up.version == len(follow_up.changes)
        expected = {(Direction.OURS, FollowUpStatus.DONE): "done",
                    (Direction.THEIRS, FollowUpStatus.DONE): "kept",
                    (Direction.THEIRS, FollowUpStatus.BROKEN): "broken"}
        assert last.action == expected.get((follow_up.direction, follow_up.status), "dropped")


def test_encrypted_columns_hold_what_the_app_writes_and_ids_continue(app_context):
    _seed()
    person = db.session.scalars(select(Person).where(Person.email.is_not(None))
                                .order_by(Person.id)).first()
    raw = db.session.execute(text("SELECT email, email_lookup FROM persons WHERE id = :id"),
                             {"id": person.id}).one()
    assert raw.email.startswith("gAAAAA") and person.email.endswith(".example")
    assert raw.email_lookup == email_lookup(person.email)
    assert db.session.scalar(select(NameStamp.stamp)) is not None
    # Explicit ids were written: a record made through the ORM gets the next one.
    newcomer = Person(full_name="Written After Seeding")
    db.session.add(newcomer)
    db.session.commit()
    assert newcomer.id == TINY.persons + 1


def _picture() -> dict:
    """The seeded data as the app reads it (decrypted), minus secrets that are random."""
    def rows(*columns, order):
        return db.session.execute(select(*columns).order_by(order)).all()

    return {
        "persons": rows(Person.id, Person.full_name, Person.email, Person.phone,
                        Person.sensitivity, Person.notes, Person.created_at, order=Person.id),
        "spellings": rows(PersonName.person_id, PersonName.name, order=PersonName.id),
        "meetings": rows(Meeting.id, Meeting.title, Meeting.starts_at, Meeting.status,
                         Meeting.notes, order=Meeting.id),
        "raisings": rows(Raising.meeting_id, Raising.talking_point, Raising.stance,
                         order=Raising.id),
        "follow_ups": rows(FollowUp.description, FollowUp.status, FollowUp.due_on,
                           order=FollowUp.id),
        "cases": rows(Case.title, Case.notes, Case.status, order=Case.id),
        "users": rows(User.email, User.role, User.clearance, order=User.id),
    }


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data(app_context):
    _seed(seed=7)
    first = _picture()
    empty_tables()
    _seed(seed=7)
    assert _picture() == first
    empty_tables()
    _seed(seed=8)
    other = _picture()
    assert other["persons"] != first["persons"] and other["meetings"] != first["meetings"]


def test_restricted_synthetic_persons_are_hidden_from_a_low_clearance_officer(app, client):
    with app.app_context():
        _seed()
        restricted = db.session.scalars(select(Person).where(
            Person.sensitivity != Sensitivity.NORMAL)).all()
        normal = db.session.scalars(select(Person).where(
            Person.sensitivity == Sensitivity.NORMAL, Person.archived_at.is_(None))).all()
        low = _synthetic_user(Role.OFFICER, Sensitivity.NORMAL).email
        high = _synthetic_user(Role.OFFICER, Sensitivity.AT_RISK).email
    assert restricted
    assert login(client, low).status_code == 302
    listing = client.get("/persons/").get_data(as_text=True)
    assert all(f'href="/persons/{p.id}"' in listing for p in normal)
    assert not any(f'href="/persons/{p.id}"' in listing for p in restricted)
    assert client.get(f"/persons/{restricted[0].id}").status_code == 404
    client.post("/logout")
    assert login(client, high).status_code == 302
    listing = client.get("/persons/").get_data(as_text=True)
    assert all(f'href="/persons/{p.id}"' in listing for p in restricted)


def test_search_finds_a_synthetic_person_by_name_and_other_spelling(app, client):
    with app.app_context():
        _seed()
        person = db.session.scalars(
            select(Person).where(Person.sensitivity == Sensitivity.NORMAL,
                                 Person.archived_at.is_(None),
                                 Person.id.in_(select(PersonName.person_id)
                                               .where(PersonName.script == "Cyrillic")))
            .order_by(Person.id)).first()
        cyrillic = next(n.name for n in person.other_names if n.script == "Cyrillic")
        officer = _synthetic_user(Role.OFFICER, Sensitivity.NORMAL).email
    assert login(client, officer).status_code == 302
    for query in (person.full_name, cyrillic.split()[-1]):
        page = client.get("/search/", query_string={"q": query}).get_data(as_text=True)
        assert f'/persons/{person.id}"' in page, query


def test_the_app_works_on_synthetic_data_for_an_admin_and_a_viewer(app, client):
    with app.app_context():
        _seed()
        admin = _synthetic_user(Role.ADMIN, Sensitivity.AT_RISK)
        admin.totp_secret, admin.totp_enabled_at = pyotp.random_base32(), utcnow()
        db.session.commit()
        viewer = db.session.scalar(select(User.email).where(User.role == Role.VIEWER))
        meeting = db.session.scalar(select(Meeting).where(Meeting.status == MeetingStatus.HELD)
                                    .order_by(Meeting.id))
        person_id = db.session.scalar(select(Person.id).where(
            Person.sensitivity == Sensitivity.NORMAL).order_by(Person.id))
        admin_email, title = admin.email, meeting.title
    for email in (admin_email, viewer):
        assert login(client, email).status_code == 302, email
        for path in ("/", f"/persons/{person_id}", f"/meetings/{meeting.id}", "/follow-ups/",
                     "/search/?q=ministry"):
            response = client.get(path)
            assert response.status_code == 200, (email, path)
        assert str(escape(title)) in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
        client.post("/logout")


def test_the_command_refuses_a_database_with_real_records_unless_forced(app, runner, demo):
    result = runner.invoke(args=CLI)
    assert result.exit_code != 0
    assert len(result.output.strip().splitlines()) == 1
    assert "records not made by seed-synthetic" in result.output and "--force" in result.output
    forced = runner.invoke(args=[*CLI, "--force"])
    assert forced.exit_code == 0, forced.output
    with app.app_context():
        assert _count(Person) == demo["persons"] + TINY.persons


def test_a_second_run_refuses_and_force_adds_another_set(app, runner):
    assert runner.invoke(args=CLI).exit_code == 0
    again = runner.invoke(args=CLI)
    assert again.exit_code != 0 and "synthetic data already" in again.output
    assert runner.invoke(args=[*CLI, "--force"]).exit_code == 0
    with app.app_context():
        assert _count(Person) == 2 * TINY.persons
        assert _count(User) == TINY.users  # the accounts are reused


def test_the_api_refuses_real_records(app_context, officer):
    db.session.add(Person(full_name="A Real Stakeholder", created_by_id=officer.id))
    db.session.commit()
    with pytest.raises(RealRecordsFound, match="persons"):
        _seed()


def test_the_command_names_the_counts_and_how_to_sign_in(app, runner, monkeypatch):
    monkeypatch.delenv("PARLEY_PASSWORD", raising=False)
    result = runner.invoke(args=["seed-synthetic", "--scale", "0.001", "--seed", "3"])
    assert result.exit_code == 0, result.output
    output = result.output
    assert f"{TINY.persons} persons" in output and f"{TINY.meetings} meetings" in output
    assert f"{TINY.raisings} raisings" in output and f"{TINY.follow_ups} follow ups" in output
    assert f"@{SYNTHETIC_DOMAIN}" in output
    password = output.split("(shown once): ", 1)[1].split()[0]
    with app.app_context():
        email = _synthetic_user(Role.OFFICER, Sensitivity.NORMAL).email
    assert app.test_client().post("/login", data={"email": email, "password": password}
                                  ).status_code == 302


def test_the_command_refuses_a_weak_password_and_an_unknown_scale(runner):
    weak = runner.invoke(args=["seed-synthetic", "--scale", "0.001", "--password", "short"])
    assert weak.exit_code != 0 and "Password refused" in weak.output
    unknown = runner.invoke(args=["seed-synthetic", "--scale", "huge", "--password", PASSWORD])
    assert unknown.exit_code != 0 and "unknown scale" in unknown.output


def test_synthetic_texts_are_parleys_own_words():
    """No run of eight words from the shared briefing paper appears in the generator."""
    def grams(source: str) -> set[tuple[str, ...]]:
        words = [w.strip(".,;:()*\"'“”‘’").lower() for w in source.split()]
        words = [w for w in words if w]
        return {tuple(words[i:i + 8]) for i in range(len(words) - 7)}

    paper = grams(require_sample())
    package = Path(__file__).resolve().parents[1] / "app" / "services" / "synthetic"
    shared = set()
    for module in package.glob("*.py"):
        shared |= grams(module.read_text(encoding="utf-8")) & paper
    assert not shared, sorted(shared)[:3]


def test_by_default_the_history_ends_at_midnight_today(app_context):
    counts = seed_synthetic(db.engine, TINY, 1, password=PASSWORD)
    assert counts["persons"] == TINY.persons
    latest = db.session.scalar(select(func.max(Person.created_at)))
    assert latest <= start_of_today() <= utcnow()
    assert db.session.scalar(select(func.max(Meeting.starts_at))) > start_of_today()


@pytest.mark.skipif(BACKEND != "postgres", reason="VACUUM is PostgreSQL's")
def test_the_command_leaves_postgresql_vacuumed(app, runner):
    """After the bulk load the command runs VACUUM ANALYZE (as autovacuum would, later), so
    that counts read from an index do not read the table too."""
    assert runner.invoke(args=CLI).exit_code == 0
    with app.app_context():
        vacuumed = db.session.scalar(text(
            "SELECT last_vacuum IS NOT NULL AND last_analyze IS NOT NULL "
            "FROM pg_stat_user_tables WHERE relname = 'meetings'"))
    assert vacuumed
