"""Erasure of a person (GDPR art. 17, security issue item 6).

The leak world (:mod:`tests.security.leak_fixtures`) plants Dinara Smailova with a marker in
every field of her record and of every record about her, her name in the free text of many
other records (three spellings, accented and upper-case forms), packs naming her in the four
formats, search index entries and audit events. More is planted here: audit events whose old
and new values name her (plain and sealed), and mentions in a source, a key fact, a meeting
title and an organisation's notes. After the erasure none of it may be found: through the ORM
(encrypted fields decrypted, packs' files read as text) and in the database's own bytes
(SQLite file after a checkpoint and VACUUM, FTS shadow tables included; a ``pg_dump`` of the
PostgreSQL database).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from app.extensions import db
from app.models import (
    AuditEvent,
    Case,
    FollowUp,
    KeyFact,
    Meeting,
    Organisation,
    Pack,
    Person,
    Source,
    User,
)
from app.security.masking import fold
from app.services.data_protection.erasure import erase_person, purge_after_commit
from app.services.data_protection.subject_access import subject_access
from app.services.people.mentions import strings_of, text_columns
from tests.security.leak_fixtures import AT_RISK_SPELLINGS, plant_leak_world
from tests.security.leak_text import found_in, readable_text
from tests.support.database import BACKEND
from tests.support.signing_in import login

pytestmark = pytest.mark.truncate(
    "the erasure checkpoints SQLite's WAL after its commit, which an open transaction refuses")

#: Every way Dinara's name is written in the world (the last two by the leak world's texts).
SPELLINGS = (*AT_RISK_SPELLINGS, "Dínara Smáilova", "SMAILOVA Dinara")
#: Leak-world markers of fields linked to her: her record, post, case, and what concerns them.
LINKED_FIELDS = ("atrisk-", "raising-with-atrisk-person", "raising-atrisk-case",
                 "followup-theirs-atrisk-person", "followup-atrisk-case",
                 "followup-done-atrisk-case")
#: Follow-up history notes of her follow-ups (the leak world numbers them 1-7).
LINKED_CHANGE_NOTES = ("followup-change-1-note", "followup-change-2-note",
                       "followup-change-5-note", "followup-change-7-note")
UNRESTRICTED = {"parley_unrestricted": True}


def _linked_markers(world) -> set[str]:
    return {marker for marker, where in world.markers.items()
            if where.startswith(LINKED_FIELDS) or where in LINKED_CHANGE_NOTES}


def _plant_more(session, world, admin_id: int) -> set[str]:
    """Audit values naming her (plain and sealed) and more mentions; returns new markers."""
    session.info["parley_user_id"] = admin_id
    dinara = session.get(Person, world.named["at_risk_person"])
    dinara.notes = "ERASEMARK-notes-edited about Dinara Smailova"   # sealed in the audit log
    dinara.country = "ERASEMARK-country-edited"
    meeting = session.get(Meeting, world.named["earlier_meeting"])
    meeting.notes = "Asked again about Smailova Dinara."            # plain in the audit log
    case = session.get(Case, world.named["at_risk_case"])
    case.summary = "ERASEMARK-case-summary-edited"
    session.add_all([
        Source(title="Report on Dinara Smailova", publisher="Friends of Динара Смаилова"),
        KeyFact(label="Detained journalists", value="3, among them Dinara Smailova"),
        Meeting(title="Call about Dinara Smailova", starts_at=meeting.starts_at),
        Organisation(name="Shelter network", notes="Hosted Smailova Dinara in 2024."),
    ])
    session.commit()
    return {"ERASEMARK-notes-edited", "ERASEMARK-country-edited", "ERASEMARK-case-summary-edited"}


@pytest.fixture()
def world(app, make_user):
    """The planted world, plus the extra audit values and mentions; the admin's id."""
    admin = make_user("admin", name="Ada Admin", email="admin@parley.example")
    officer = make_user("officer", name="Olga Officer", email="officer@parley.example")
    viewer = make_user("viewer", clearance="normal", name="Vik Viewer",
                       email="viewer@parley.example")
    with app.app_context():
        planted = plant_leak_world(db.session, officer_id=officer.id, viewer_id=viewer.id,
                                   admin_id=admin.id)
        markers = _linked_markers(planted) | _plant_more(db.session, planted, admin.id)
        db.session.remove()
    return {"world": planted, "markers": markers, "admin": admin, "officer": officer,
            "dinara": planted.named["at_risk_person"]}


def _erase(app, person_id: int, admin_id: int) -> None:
    with app.app_context():
        erase_person(db.session, person_id, erased_by=db.session.get(User, admin_id))
        db.session.commit()
        purge_after_commit(db.session)
        db.session.remove()


def _every_text(session) -> list[tuple[str, str]]:
    """(where, text) for every free-text value of every table, decrypted, JSON opened, and
    every issued pack's file read as text."""
    result = []
    for table, columns in text_columns():
        for row in session.execute(select(table.c.id, *columns)
                                   .execution_options(**UNRESTRICTED)):
            for column in columns:
                for value in strings_of(row._mapping[column]):
                    result.append((f"{table.name}.{column.name}#{row.id}", value))
    for pack in session.scalars(select(Pack).execution_options(**UNRESTRICTED)):
        result.append((f"pack file #{pack.id}", readable_text(pack.content, pack.content_type)))
    names = session.execute(text("SELECT id, full_name FROM persons")).all()
    result += [(f"persons.full_name#{pid}", name) for pid, name in names]
    result += [(f"person_names.name#{i}", name) for i, name in
               session.execute(text("SELECT id, name FROM person_names")).all()]
    return result


def _byte_needles(markers) -> set[bytes]:
    """Markers, spellings and each word of the name, as stored: UTF-8 in the forms written
    and lower-cased (FTS tokens), and JSON-escaped (audit values, snapshots)."""
    words = {w for s in SPELLINGS for w in fold(s).split()} | {
        w for s in SPELLINGS for w in s.split()}
    needles = set()
    for piece in {*markers, *SPELLINGS, *words}:
        for form in {piece, piece.lower()}:
            needles.add(form.lower().encode() if form.isascii() else form.encode())
            needles.add(json.dumps(form)[1:-1].lower().encode())
    return needles


def _found_in_bytes(data: bytes, needles) -> list[bytes]:
    lowered = data.lower()  # ASCII only: the needles above are lower-cased the same way
    return sorted(n for n in needles if n in lowered or n in data)


def _sqlite_bytes(app) -> bytes:
    with app.app_context():
        engine = db.engine
        path = Path(make_url(str(engine.url)).database)
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.exec_driver_sql("VACUUM")
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    data = path.read_bytes()
    for extra in (Path(f"{path}-wal"), Path(f"{path}-journal")):
        if extra.exists():
            data += extra.read_bytes()
    return data


def _pg_dump_text(app) -> str:
    pg_dump = shutil.which("pg_dump") or next(
        (str(p) for p in sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_dump"))), None)
    if pg_dump is None:
        pytest.skip("pg_dump is not installed: the dump of the erased database cannot be read")
    with app.app_context():
        url = make_url(str(db.engine.url)).set(drivername="postgresql")
    result = subprocess.run([pg_dump, "--no-owner", url.render_as_string(hide_password=False)],
                            check=False, capture_output=True, timeout=120)
    if result.returncode != 0:
        pytest.skip(f"pg_dump failed: {result.stderr.decode(errors='replace').strip()[:200]}")
    return result.stdout.decode("utf-8", "replace")


def test_erased_person_is_nowhere_in_the_database(app, world):
    _erase(app, world["dinara"], world["admin"].id)
    with app.app_context():
        leaks = []
        for where, value in _every_text(db.session):
            named = found_in(value, SPELLINGS)
            marked = [m for m in world["markers"] if m.lower() in value.lower()]
            if named or marked:
                leaks.append((where, named, marked))
        assert leaks == [], f"still there after the erasure (read through the ORM): {leaks}"
        db.session.remove()

    needles = _byte_needles(world["markers"])
    if BACKEND == "postgres":
        dump = _pg_dump_text(app)
        assert "audit_events" in dump and "Erased person #" in dump
        found = _found_in_bytes(dump.encode(), needles)
        assert found == [], f"still in the pg_dump of the database: {found}"
    else:
        with app.app_context():
            blocks = b"".join(bytes(block) for (block,) in db.session.execute(
                text("SELECT block FROM search_index_data")))
            contents = " ".join(str(v) for row in db.session.execute(
                text("SELECT * FROM search_index_content")) for v in row)
            db.session.execute(text("CREATE VIRTUAL TABLE temp.search_terms "
                                    "USING fts5vocab(main, search_index, row)"))
            terms = {t for (t,) in db.session.execute(text("SELECT term FROM search_terms"))}
            db.session.execute(text("DROP TABLE temp.search_terms"))
            db.session.remove()
        words = {w for s in SPELLINGS for w in fold(s).lower().split()}
        assert words & terms == set(), "the search index still holds a word of the name"
        assert "erased" in terms  # the tombstone is indexed: the index was really read
        assert found_in(contents, SPELLINGS) == []
        assert _found_in_bytes(blocks, needles) == []
        data = _sqlite_bytes(app)
        assert b"Erased person #" in data
        found = _found_in_bytes(data, needles)
        assert found == [], f"still in the SQLite file's bytes: {found}"


def test_erasure_leaves_a_tombstone_and_an_audit_event_without_the_name(app, world, client):
    dinara = world["dinara"]
    _erase(app, dinara, world["admin"].id)
    with app.app_context():
        person = db.session.get(Person, dinara, options=None,
                                execution_options=UNRESTRICTED)
        assert person.full_name == f"Erased person #{dinara}" and person.erased_at is not None
        assert [person.email, person.phone, person.country, person.notes, person.consent_note,
                person.lawful_basis, person.other_names, person.affiliations] == \
            [None, None, None, None, None, None, [], []]
        case = db.session.get(Case, world["world"].named["at_risk_case"],
                              execution_options=UNRESTRICTED)
        assert case.title == f"Case #{case.id} of erased person #{dinara}"
        assert [case.charges, case.summary, case.notes] == [None, None, None]
        # Timur (the confidential person) and the group case are untouched.
        timur = db.session.get(Person, world["world"].named["confidential_person"],
                               execution_options=UNRESTRICTED)
        assert timur.full_name == "Timur Zhaksylykov" and timur.notes.startswith("LEAKMARK-")
        # Mentions in others' text are replaced, the rest of the text kept.
        follow_up = db.session.scalars(select(FollowUp).where(
            FollowUp.description.like("Write about%")).execution_options(**UNRESTRICTED)).one()
        assert follow_up.description.startswith(f"Write about [erased person #{dinara}] (")
        event = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "person_erased")).one()
        assert (event.entity_type, event.entity_id, event.user_id) == \
            ("Person", dinara, world["admin"].id)
        assert found_in(json.dumps(event.changes, ensure_ascii=False), SPELLINGS) == []
        assert event.changes["issued packs rendered again"] >= 4
        db.session.remove()
    login(client, world["admin"].email)
    page = client.get(f"/persons/{dinara}").get_data(as_text=True)
    assert f"Erased person #{dinara}" in page and "by Ada Admin" in page
    assert "Erase this person" not in page


def test_ordinary_audit_update_is_still_refused_after_an_erasure(app, world):
    _erase(app, world["dinara"], world["admin"].id)
    with app.app_context():
        table = AuditEvent.__table__
        for statement in (update(table).values(action="tampered"), table.delete()):
            with pytest.raises(DBAPIError, match="append-only"):
                db.session.execute(statement)
            db.session.rollback()
        assert db.session.scalar(select(AuditEvent.id).where(
            AuditEvent.action == "tampered")) is None
        db.session.remove()


def test_erasure_page_needs_an_admin(app, world, client, make_user):
    dinara = world["dinara"]
    login(client, world["officer"].email)
    assert client.get(f"/admin/erasure/persons/{dinara}").status_code == 403
    response = client.post(f"/admin/erasure/persons/{dinara}", data={"confirm_id": str(dinara)})
    assert response.status_code == 403
    page = client.get(f"/persons/{dinara}").get_data(as_text=True)
    assert "Erase this person" not in page
    with app.app_context():
        assert db.session.get(Person, dinara, execution_options=UNRESTRICTED).erased_at is None
        db.session.remove()


def test_erasure_page_needs_a_fresh_login(app, world, client):
    dinara = world["dinara"]
    login(client, world["admin"].email)
    with client.session_transaction() as session:
        session["fresh_at"] = 0
    response = client.post(f"/admin/erasure/persons/{dinara}", data={"confirm_id": str(dinara)})
    assert response.status_code == 302 and "/reauth" in response.headers["Location"]
    with app.app_context():
        assert db.session.get(Person, dinara, execution_options=UNRESTRICTED).erased_at is None
        db.session.remove()


@pytest.fixture()
def csrf_after_login(app):
    """CSRF on once the test has signed in (the test login posts no token)."""
    yield lambda: app.config.update(WTF_CSRF_ENABLED=True)
    app.config["WTF_CSRF_ENABLED"] = False


def test_erasure_page_names_what_goes_and_needs_the_id_typed(app, world, client,
                                                             csrf_after_login):
    dinara = world["dinara"]
    login(client, world["admin"].email)
    csrf_after_login()
    page = client.get(f"/admin/erasure/persons/{dinara}").get_data(as_text=True)
    assert "Erase Dinara Smailova" in page
    assert "Cases about them (title replaced, details cleared): 1" in page
    assert re.search(r"Issued packs naming them \(rewritten and rendered again\): [4-9]", page)
    assert re.search(r"Audit events about them and these records \(values erased\): [1-9]", page)
    naming = page.split('id="mentions"', 1)[1].split("</section>", 1)[0]
    assert "Call about Dinara Smailova" in naming  # a meeting's title names her
    assert "Case: <a" in naming and "Asel Nurlanova" in naming  # a co-accused's case does
    assert "Case of Dinara Smailova" not in naming  # her own case is anonymised whole
    assert client.post(f"/admin/erasure/persons/{dinara}",
                       data={"confirm_id": str(dinara)}).status_code == 400  # no CSRF token
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    wrong = client.post(f"/admin/erasure/persons/{dinara}",
                        data={"confirm_id": "1" + str(dinara), "csrf_token": token})
    assert wrong.status_code == 200 and f"Type {dinara} to confirm" in wrong.get_data(True)
    with app.app_context():
        assert db.session.get(Person, dinara, execution_options=UNRESTRICTED).erased_at is None
        db.session.remove()
    done = client.post(f"/admin/erasure/persons/{dinara}",
                       data={"confirm_id": str(dinara), "csrf_token": token})
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/persons/{dinara}")
    with app.app_context():
        assert db.session.get(Person, dinara, execution_options=UNRESTRICTED).erased_at
        db.session.remove()


def test_erase_person_command(app, world, runner):
    dinara = world["dinara"]
    unknown = runner.invoke(args=["erase-person", "999999"])
    assert unknown.exit_code != 0 and unknown.output.strip() == "Error: No person with id 999999."
    refused = runner.invoke(args=["erase-person", str(dinara)], input="n\n")
    assert refused.exit_code != 0 and "Erase Dinara Smailova" in refused.output
    with app.app_context():
        assert db.session.get(Person, dinara).erased_at is None
        db.session.remove()
    done = runner.invoke(args=["erase-person", str(dinara), "--yes"])
    assert done.exit_code == 0, done.output
    assert done.output.startswith(f"Erased person #{dinara}:")
    assert found_in(done.output, SPELLINGS) == []
    again = runner.invoke(args=["erase-person", str(dinara), "--yes"])
    assert again.exit_code != 0 and "already erased" in again.output


def test_subject_access_lists_free_text_mentions(app, world):
    with app.app_context():
        person = db.session.get(Person, world["dinara"], execution_options=UNRESTRICTED)
        mentions = subject_access(db.session, person)["free_text_mentions"]
        where = {(m["record"], m["field"]) for m in mentions["listed"]}
        assert {("meetings", "notes"), ("findings", "text"), ("sources", "title"),
                ("key_facts", "value"), ("organisations", "notes"), ("persons", "notes"),
                ("audit_events", "changes")} <= where
        finding = next(m for m in mentions["listed"] if m["record"] == "findings")
        assert "Smailova" in finding["excerpt"] or "Смаилова" in finding["excerpt"]
        assert mentions["note"] is None
        from app.services.data_protection.subject_access import free_text_mentions
        capped = free_text_mentions(db.session, person, cap=3)
        assert len(capped["listed"]) == 3 and "first 3" in capped["note"]
        db.session.remove()


def test_every_person_reference_is_handled_by_the_erasure(app):
    from app.services.data_protection.erasure import PERSON_REFERENCES

    referring = {(table.name, fk.parent.name) for table in db.metadata.sorted_tables
                 for fk in table.foreign_keys if fk.column.table.name == "persons"}
    assert referring == set(PERSON_REFERENCES)
