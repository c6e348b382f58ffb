"""Encryption at rest: a person's email, phone, consent and notes, a case's notes, issued packs
(snapshot and file) and second-factor secrets are never stored in plain text (rows, audit log,
search index), and keys, rotation and encrypted backups behave as the README says."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pyotp
import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select, text

from app import ConfigurationError, create_app
from app.extensions import db
from app.models import Case, Meeting, Pack, Person, Sensitivity, User
from app.security.field_crypto import (
    EXTENSION,
    FieldKeyError,
    FieldKeys,
    current_keys,
    email_lookup,
    generate_key,
)
from app.services.search import search
from tests.support.database import BACKEND

MARKERS = {
    "email": "markermail4q@example.org",
    "phone": "+7 701 MARKERPHONE4Q",
    "consent_note": "Consent withdrawn MARKERCONSENT4Q",
    "notes": "Summoned by the KNB MARKERNOTE4Q",
}
CASE_MARKER = "Hiding in Almaty MARKERCASE4Q"
#: The distinctive part of each marker, searched for in raw bytes.
NEEDLES = ("markermail4q", "MARKERPHONE4Q", "MARKERCONSENT4Q", "MARKERNOTE4Q", "MARKERCASE4Q")
RAW_PERSON = text("SELECT email, phone, consent_note, notes, email_lookup FROM persons")


@pytest.fixture()
def planted(app):
    """A person and a case holding a marker in every encrypted field, each edited once (so the
    audit log holds old and new values); returns their ids."""
    with app.app_context():
        person = Person(full_name="Aliya Planted", sensitivity=Sensitivity.AT_RISK,
                        **{k: v.replace("4Q", "OLD") for k, v in MARKERS.items()})
        case = Case(title="Planted case", person=person, notes="old MARKEROLDCASE")
        db.session.add_all([person, case])
        db.session.commit()
        for field, value in MARKERS.items():
            setattr(person, field, value)
        case.notes = CASE_MARKER
        db.session.commit()
        ids = person.id, case.id
        db.session.remove()
        return ids


PACK_MARKER = "Met the lawyer secretly MARKERPACK4Q"
#: A TOTP secret is base32: this one is recognisable in raw bytes.
TOTP_MARKER = "MARKERTOTPSECRETAAAAAAAAAAAAAAAA"
RAW_PACKS = text("SELECT CAST(snapshot AS TEXT) AS snapshot, content FROM packs")
RAW_SECRETS = text("SELECT totp_secret FROM users WHERE totp_secret IS NOT NULL")


@pytest.fixture()
def issued_internal_pack(app, runner, demo, make_user, tmp_path):
    """An internal Markdown pack showing an attendee's notes (a marker), issued on the command
    line, and an officer whose TOTP secret is a marker; returns (pack id, user id, file bytes)."""
    with app.app_context():
        attendee = db.session.scalar(select(Person).where(
            Person.full_name == "Katrin Vollmer-Hesse"))
        attendee.notes = PACK_MARKER
        meeting_id = db.session.scalar(select(Meeting.id).where(
            Meeting.title.startswith("German embassy")))
        db.session.commit()
        db.session.remove()
    output = tmp_path / "internal.md"
    result = runner.invoke(args=["pack", str(meeting_id), "--format", "md",
                                 "--audience", "internal", "--output", str(output)])
    assert result.exit_code == 0, result.output
    issued = output.read_bytes()
    assert PACK_MARKER.encode() in issued  # the internal pack does show the notes
    user = make_user("officer", second_factor=True, totp_secret=TOTP_MARKER)
    with app.app_context():
        pack_id = db.session.scalars(select(Pack.id)).one()
    return pack_id, user.id, issued


@pytest.fixture()
def keep_keys(app, monkeypatch):
    """Whatever a test does to the app's field keys is undone afterwards."""
    monkeypatch.setitem(app.extensions, EXTENSION, app.extensions[EXTENSION])
    return app.extensions[EXTENSION]


def _raw_values() -> list[str]:
    """Every stored value of the encrypted columns and of the audit log, as text."""
    person_rows = db.session.execute(RAW_PERSON).all()
    cases = db.session.execute(text("SELECT notes FROM cases")).scalars().all()
    audit = db.session.execute(text("SELECT CAST(changes AS TEXT) FROM audit_events")).scalars()
    return [str(v) for row in person_rows for v in row] + [str(v) for v in (*cases, *audit)]


def _sqlite_file_bytes() -> bytes:
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        conn.execute(text("VACUUM"))
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    path = Path(db.engine.url.database)
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


@pytest.mark.truncate("reads the database file: the values must be committed")
def test_markers_in_encrypted_fields_are_not_stored_in_plain_text(app, planted):
    person_id, case_id = planted
    with app.app_context():
        if BACKEND == "sqlite":
            stored = _sqlite_file_bytes()
            assert b"Aliya Planted" in stored  # the check can see plain text where it is
            for needle in NEEDLES + ("MARKEROLD",):
                assert needle.encode() not in stored, needle
                assert needle.encode("utf-16-le") not in stored, needle
        else:
            values = " ".join(_raw_values())
            assert "gAAAAA" in values
            for needle in NEEDLES + ("MARKEROLD",):
                assert needle not in values, needle
        person = db.session.get(Person, person_id)
        assert {k: getattr(person, k) for k in MARKERS} == MARKERS
        assert db.session.get(Case, case_id).notes == CASE_MARKER
        assert search(db.session, "markernote4q").total == 0
        assert search(db.session, "markercase4q").total == 0


@pytest.mark.truncate("reads the database file: the values must be committed")
def test_issued_packs_and_totp_secrets_are_not_stored_in_plain_text(app, admin_client,
                                                                   issued_internal_pack):
    pack_id, user_id, issued = issued_internal_pack
    with app.app_context():
        if BACKEND == "sqlite":
            stored = _sqlite_file_bytes()
            assert b"Katrin Vollmer-Hesse" in stored  # the check can see plain text where it is
            for needle in ("MARKERPACK4Q", TOTP_MARKER):
                assert needle.encode() not in stored, needle
                assert needle.encode("utf-16-le") not in stored, needle
        else:
            snapshot, content = db.session.execute(RAW_PACKS).one()
            secrets = db.session.execute(RAW_SECRETS).scalars().all()
            assert snapshot.startswith('"gAAAAA') and bytes(content).startswith(b"gAAAAA")
            assert secrets and all(s.startswith("gAAAAA") for s in secrets)
            assert "MARKERPACK4Q" not in snapshot and b"MARKERPACK4Q" not in bytes(content)
            assert TOTP_MARKER not in " ".join(secrets)
        pack = db.session.get(Pack, pack_id)
        assert pack.content == issued
        assert PACK_MARKER in str(pack.snapshot) and pack.snapshot["audience"] == "internal"
        user = db.session.get(User, user_id)
        assert user.totp_secret == TOTP_MARKER and user.has_second_factor
        assert db.session.scalar(select(User.totp_secret).where(User.id == user_id)) == \
            TOTP_MARKER
    download = admin_client.get(f"/packs/{pack_id}/download")
    assert download.status_code == 200 and download.data == issued


def test_encrypted_pack_columns_refuse_sql_comparison(app):
    with app.app_context(), pytest.raises(TypeError, match="cannot be compared"):
        Pack.snapshot["audience"]
    with app.app_context(), pytest.raises(TypeError, match="cannot be compared"):
        User.totp_secret == TOTP_MARKER  # noqa: B015


def test_the_email_blind_index_matches_any_case_and_spacing(app, planted):
    with app.app_context():
        lookup = db.session.execute(RAW_PERSON).one().email_lookup
        assert lookup == email_lookup("  MarkerMail4Q@EXAMPLE.org ")
        assert lookup != email_lookup("othermail@example.org")
        assert "markermail4q" not in lookup


def test_encrypted_columns_refuse_sql_comparison(app):
    with app.app_context(), pytest.raises(TypeError, match="blind index"):
        Person.email == "someone@example.org"  # noqa: B015


def test_key_rotation_keeps_values_readable_and_changes_the_ciphertext(app, runner, planted,
                                                                       keep_keys):
    person_id, case_id = planted
    with app.app_context():
        before = db.session.execute(RAW_PERSON).one()
        case_before = db.session.execute(text("SELECT notes FROM cases")).scalar_one()
    result = runner.invoke(args=["rotate-field-key"])
    assert result.exit_code == 0, result.output
    assert "Re-encrypted 5 values" in result.output
    assert "persons.email: 1" in result.output and "cases.notes: 1" in result.output
    new_setting = next(line for line in result.output.splitlines()
                       if line.startswith("PARLEY_FIELD_KEYS="))
    new_keys = new_setting.split("=", 1)[1].split(",")
    assert new_keys[1:] == list(keep_keys.keys) and len(new_keys[0]) == 44
    with app.app_context():
        assert current_keys().keys == tuple(new_keys)
        after = db.session.execute(RAW_PERSON).one()
        assert all(a != b for a, b in zip(after, before, strict=False))
        assert db.session.execute(text("SELECT notes FROM cases")).scalar_one() != case_before
        Fernet(new_keys[0]).decrypt(after.email.encode())  # made with the new key
        assert after.email_lookup == email_lookup(MARKERS["email"])
        person = db.session.get(Person, person_id)
        assert {k: getattr(person, k) for k in MARKERS} == MARKERS
        assert db.session.get(Case, case_id).notes == CASE_MARKER


def test_key_rotation_covers_issued_packs_and_totp_secrets(app, runner, issued_internal_pack,
                                                          keep_keys):
    pack_id, user_id, issued = issued_internal_pack
    with app.app_context():
        packs_before = db.session.execute(RAW_PACKS).one()
        secrets_before = set(db.session.execute(RAW_SECRETS).scalars())
    result = runner.invoke(args=["rotate-field-key"])
    assert result.exit_code == 0, result.output
    assert "packs.snapshot: 1" in result.output and "packs.content: 1" in result.output
    assert f"users.totp_secret: {len(secrets_before)}" in result.output
    new_key = next(line for line in result.output.splitlines()
                   if line.startswith("PARLEY_FIELD_KEYS=")).split("=", 1)[1].split(",")[0]
    with app.app_context():
        snapshot, content = db.session.execute(RAW_PACKS).one()
        secrets_after = set(db.session.execute(RAW_SECRETS).scalars())
        assert snapshot != packs_before.snapshot and bytes(content) != bytes(packs_before.content)
        assert not secrets_after & secrets_before and len(secrets_after) == len(secrets_before)
        # Made with the new key alone.
        assert Fernet(new_key).decrypt(bytes(content)) == issued
        assert Fernet(new_key).decrypt(snapshot.strip('"').encode()).decode().count("MARKERPACK4Q")
        pack = db.session.get(Pack, pack_id)
        assert pack.content == issued and PACK_MARKER in str(pack.snapshot)
        assert db.session.get(User, user_id).totp_secret == TOTP_MARKER
        secret = db.session.get(User, user_id).totp_secret
    assert pyotp.TOTP(secret).now().isdigit()


def test_key_rotation_rewrites_the_key_file_owner_only(app, runner, planted, keep_keys,
                                                       tmp_path):
    key_file = tmp_path / "field_keys"
    key_file.write_text("\n".join(keep_keys.keys) + "\n")
    app.extensions[EXTENSION] = FieldKeys(keep_keys.keys, "file", key_file)
    result = runner.invoke(args=["rotate-field-key"])
    assert result.exit_code == 0, result.output
    assert "PARLEY_FIELD_KEYS=" not in result.output
    lines = key_file.read_text().split()
    assert len(lines) == 2 and lines[1:] == list(keep_keys.keys)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["field_keys"]
    with app.app_context():
        assert db.session.get(Person, planted[0]).notes == MARKERS["notes"]


def test_a_wrong_field_key_fails_with_one_line_and_changes_nothing(app, runner, planted,
                                                                   keep_keys):
    with app.app_context():
        before = db.session.execute(RAW_PERSON).one()
    app.extensions[EXTENSION] = FieldKeys((generate_key(),), "setting")
    result = runner.invoke(args=["rotate-field-key"])
    assert result.exit_code != 0
    assert result.output.strip().startswith("Error: Key rotation failed:")
    assert len(result.output.strip().splitlines()) == 1
    with app.app_context():
        assert db.session.execute(RAW_PERSON).one() == before
        with pytest.raises(FieldKeyError, match="do not match the database"):
            db.session.get(Person, planted[0]).notes  # noqa: B018
        db.session.rollback()


@pytest.fixture()
def bare_instance(tmp_path, monkeypatch):
    """An empty instance folder and no field key in the environment."""
    monkeypatch.setenv("PARLEY_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("PARLEY_FIELD_KEYS", raising=False)
    return tmp_path


def test_production_refuses_to_start_without_a_field_key(bare_instance):
    with pytest.raises(ConfigurationError, match="no field key: set PARLEY_FIELD_KEYS"):
        create_app({"PARLEY_ENV": "production", "SECRET_KEY": "x"})
    with pytest.raises(ConfigurationError, match="not a Fernet key"):
        create_app({"PARLEY_ENV": "production", "SECRET_KEY": "x",
                    "PARLEY_FIELD_KEYS": "not-a-key"})
    (bare_instance / "field_keys").write_text(generate_key() + "\n")
    application = create_app({"PARLEY_ENV": "production", "SECRET_KEY": "x"})
    assert application.extensions[EXTENSION].source == "file"


def test_development_writes_its_own_key_file(bare_instance):
    application = create_app({"PARLEY_ENV": "development", "SECRET_KEY": "x"})
    key_file = bare_instance / "field_keys"
    assert application.extensions[EXTENSION].keys == (key_file.read_text().strip(),)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_the_contacts_import_still_finds_a_duplicate_email(app):
    from app.services.people.contacts.csv_import import (
        build_report,
        guess_mapping,
        read_contacts_file,
    )

    with app.app_context():
        db.session.add(Person(full_name="Known Contact", email="Known.Contact@Parley.example"))
        db.session.commit()
        contacts = read_contacts_file(b"Name,Email\nSomebody Else,known.contact@parley.example\n"
                                      b"Third Person,third@parley.example\n")
        report = build_report(db.session, contacts, guess_mapping(contacts.headers, "persons"),
                              "persons")
        assert [row.duplicate_of for row in report.rows] == [
            "same email as Known Contact", None]


@pytest.mark.truncate("backup and restore work on the engine and the database file")
def test_an_encrypted_backup_hides_the_markers_and_restores(app, runner, planted, tmp_path):
    target = tmp_path / "parley.backup.enc"
    result = runner.invoke(args=["backup", str(target), "--encrypt"])
    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    assert data.startswith(b"PARLEY-ENCRYPTED-BACKUP")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    for needle in NEEDLES + ("Aliya Planted",):  # not even the unencrypted name
        assert needle.encode() not in data
    with app.app_context():
        db.session.execute(text("DELETE FROM cases"))
        db.session.commit()
    result = runner.invoke(args=["restore", str(target), "--yes", "--key", generate_key()])
    assert result.exit_code != 0
    assert "does not open with this key; nothing was changed" in result.output
    assert len(result.output.strip().splitlines()) == 1
    with app.app_context():
        assert db.session.execute(text("SELECT count(*) FROM cases")).scalar_one() == 0
    result = runner.invoke(args=["restore", str(target), "--yes"])
    assert result.exit_code == 0, result.output
    assert "(decrypted)" in result.output
    with app.app_context():
        assert db.session.get(Case, planted[1]).notes == CASE_MARKER
        assert db.session.get(Person, planted[0]).phone == MARKERS["phone"]


@pytest.mark.truncate("backup and restore work on the engine and the database file")
def test_an_encrypted_backup_with_a_given_key(app, runner, planted, tmp_path):
    key, target = generate_key(), tmp_path / "given-key.backup"
    result = runner.invoke(args=["backup", str(target), "--encrypt", "--key", key])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["restore", str(target), "--yes"])  # the instance key: wrong
    assert result.exit_code != 0 and "nothing was changed" in result.output
    result = runner.invoke(args=["restore", str(target), "--yes", "--key", key])
    assert result.exit_code == 0, result.output
    bad = runner.invoke(args=["backup", str(target), "--encrypt", "--key", "short"])
    assert bad.exit_code != 0 and "--key is not a Fernet key" in bad.output
    assert os.path.getsize(target) > 0
