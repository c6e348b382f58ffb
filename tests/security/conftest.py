"""Shared set-up of the security regressions: an at-risk person and group case and an officer
cleared only for normal records (existence oracles, review queue); the restricted world
around one normal meeting (derived sensitivity, masking: tests/security/world.py); the outbox
where reminder mail is written (leak sweep)."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest

from app.extensions import db
from app.models import Case, Person, PersonName, Sensitivity
from tests.conftest import login

#: A paper naming the at-risk person and group; ``unmatched_paper`` swaps in unknown names.
PAPER = """# Briefing on persecuted activists

## FREEDOM OF EXPRESSION

Concerns:

- The women's rights activist **Dinara Smailova** was charged with "spreading false
  information" under Article 274.
- Nineteen activists from **the Atajurt movement** were detained.

Recommendations to the Kazakhstani authorities:

- Drop the charges against all activists.
"""
#: Restricted names in the paper and the unknown names that replace them.
PAPER_SWAPS = (("Dinara Smailova", "Zarina Nobodova"), ("Atajurt", "Kokjiek"))


def swap(text: str, swaps) -> str:
    """``text`` with every (old, new) pair of ``swaps`` replaced, CSRF tokens (which change
    every second) blanked."""
    for old, new in swaps:
        text = text.replace(old, new)
    return re.sub(r'(name="csrf_token" (?:type="hidden" )?value=")[^"]*"', r'\1"', text)


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


def signed_in(client, user):
    """``client`` signed in as ``user``."""
    assert login(client, user.email).status_code == 302
    return client


@pytest.fixture()
def restricted(app) -> dict:
    """See :func:`make_restricted`."""
    return make_restricted(app)


@pytest.fixture()
def uncleared(make_user):
    """See :func:`make_uncleared`."""
    return make_uncleared(make_user)


@pytest.fixture()
def uncleared_client(client, uncleared):
    """A client signed in as the normal-clearance officer."""
    return signed_in(client, uncleared)


def upload_contacts(client, text: str):
    """Upload a persons CSV and accept the guessed mapping; returns the report page."""
    client.post("/contacts/import", data={
        "file": (io.BytesIO(text.encode("utf-8")), "contacts.csv"), "mode": "persons"},
        content_type="multipart/form-data")
    client.post("/contacts/import/mapping", data={"full_name": "0", "email": "1"})
    return client.get("/contacts/import/report")


def upload_paper(client, text: str):
    """Upload a briefing paper; returns the preview page."""
    client.post("/import/", data={"paper": (io.BytesIO(text.encode("utf-8")), "paper.md")},
                content_type="multipart/form-data")
    return client.get("/import/preview")


def meeting_log(full_name: str, our_attendee: int, **extra) -> dict:
    """A minimal meeting-log post adding one new person."""
    return {"title": "Visit to the shelter", "meeting_date": "2026-06-10",
            "starts_time": "09:30", "format": "in_person", "status": "held", "event_id": "",
            "our_attendees": [str(our_attendee)], "new_persons-0-full_name": full_name, **extra}


@pytest.fixture()
def low_officer(make_user):
    """An officer cleared for normal records only, attending the world's meeting."""
    return make_user("officer", clearance="normal", name="Nurlan Low", email="low@parley.example")


@pytest.fixture()
def world(app, low_officer):
    """The restricted world around one normal meeting (tests/security/world.py)."""
    from tests.security.world import build_world

    with app.app_context():
        return build_world(low_officer)


@pytest.fixture()
def outbox(app):
    """The app's outbox folder, empty, with SMTP off: reminders are written there."""
    folder = Path(app.instance_path) / "outbox"
    shutil.rmtree(folder, ignore_errors=True)
    previous = app.config.get("SMTP_HOST")
    app.config["SMTP_HOST"] = None
    yield folder
    app.config["SMTP_HOST"] = previous
    shutil.rmtree(folder, ignore_errors=True)
