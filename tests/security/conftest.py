"""Shared set-up of the security regressions: an at-risk person and group case and an officer
cleared only for normal records (existence oracles, review queue); the restricted world
around one normal meeting (derived sensitivity, masking: tests/security/world.py); the outbox
where reminder mail is written (leak sweep)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.factories import make_restricted, make_uncleared
from tests.support.signing_in import signed_in


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
