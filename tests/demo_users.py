"""Signing in as one of the demo officers (their demo passwords are random)."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import User
from app.security.passwords import hash_password
from tests.support.signing_in import PASSWORD, login

AMINA = "amina.officer@parley.example"
JONAS = "jonas.officer@parley.example"
VERA = "vera.viewer@parley.example"


def set_known_password(app, email: str) -> User:
    """Give a demo user the test password; returns the (detached) user."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        user.password_hash = hash_password(PASSWORD)
        db.session.commit()
        db.session.refresh(user)
        db.session.expunge(user)
        return user


def sign_in_demo(app, client, email: str = AMINA) -> User:
    """Sign ``client`` in as a demo user."""
    user = set_known_password(app, email)
    assert login(client, email).status_code == 302
    return user
