"""User accounts managed by an admin: create, deactivate (ending their sessions), reactivate."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.models import Role, Sensitivity, User
from app.security.audit import record
from app.security.passwords import hash_password


def create_account(session: Session, *, email: str, name: str, role: Role,
                   clearance: Sensitivity, password: str) -> User:
    """Add a user (already validated) and audit it."""
    user = User(email=email, name=name, role=role, clearance=clearance,
                password_hash=hash_password(password))
    session.add(user)
    session.flush()
    record(session, "user_created", user, changes={"email": email, "role": role.value,
                                                   "clearance": clearance.value})
    return user


def set_active(session: Session, user: User, active: bool) -> None:
    """Deactivate (ending every session on the server side) or reactivate a user."""
    user.is_active_account = active
    if not active:
        user.rotate_session()
    record(session, "user_activated" if active else "user_deactivated", user)


def set_access(session: Session, user: User, role: Role, clearance: Sensitivity) -> None:
    """Change a user's role and clearance (audited with the old and new values)."""
    changes = {}
    if user.role != role:
        changes["role"] = [user.role.value, role.value]
    if user.clearance != clearance:
        changes["clearance"] = [user.clearance.value, clearance.value]
    user.role, user.clearance = role, clearance
    if changes:
        record(session, "user_access_changed", user, changes=changes)
