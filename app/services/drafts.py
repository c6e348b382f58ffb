"""Drafts of long forms, and saves held while their author signs in again.

A draft is what one officer has typed into one form (the meeting log, a person, a case, ...)
and not saved yet: the page saves it every few seconds of typing and when it is left
(``static/drafts.js``), and offers to restore it. One draft per officer and form address; it
is read by its author only (every function here takes the user), stored encrypted (the
field keys), and deleted when the form is saved, when discarded, or 30 days after the last
change.

A held save is a form posted after its author's session had ended (idle timeout, signed out
elsewhere): it is kept, encrypted, under a one-time handle that stays in that browser's
session cookie; signing in again there as the same user claims it (see
:mod:`app.drafts.held`). It expires after a few hours.

Functions flush and never commit.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.models import Draft, HeldSave, User, utcnow
from app.models.base import rows_changed

#: A draft untouched this long is deleted.
DRAFT_DAYS = 30
#: A held save not claimed by signing in again this long after is deleted (its text is also
#: in the author's draft of the form, kept for DRAFT_DAYS).
HELD_HOURS = 12
#: The longest form address a draft is kept for.
MAX_PATH = 300
#: The most fields, and characters in all, one draft may hold (a safety limit: the meeting
#: log's sixty rows of each kind fit).
MAX_FIELDS = 3000
MAX_CHARACTERS = 2_000_000
#: Never stored: the form's security token and the buttons that only say how it was sent.
NOT_KEPT = frozenset({"csrf_token"})


class DraftTooLarge(ValueError):
    """A draft over :data:`MAX_FIELDS` fields or :data:`MAX_CHARACTERS` characters."""


def kept_fields(pairs) -> list[list[str]]:
    """``(name, value)`` pairs as stored: text only, no CSRF token, within the size limits."""
    kept, size = [], 0
    for name, value in pairs:
        if not isinstance(name, str) or not isinstance(value, str) or name in NOT_KEPT:
            continue
        kept.append([name, value])
        size += len(name) + len(value)
    if len(kept) > MAX_FIELDS or size > MAX_CHARACTERS:
        raise DraftTooLarge("This form is too large to keep as a draft.")
    return kept


def _oldest_kept(now: datetime | None = None) -> datetime:
    return (now or utcnow()) - timedelta(days=DRAFT_DAYS)


def _row(session: Session, user: User, path: str) -> Draft | None:
    return session.scalar(select(Draft).where(Draft.user_id == user.id, Draft.form_path == path))


def find_draft(session: Session, user: User, path: str) -> Draft | None:
    """``user``'s draft of the form at ``path``; None when there is none or it has expired
    (:func:`delete_expired` deletes it)."""
    draft = _row(session, user, path)
    return draft if draft is not None and draft.updated_at >= _oldest_kept() else None


def save_draft(session: Session, user: User, path: str, pairs) -> Draft:
    """Keep ``pairs`` as ``user``'s draft of the form at ``path`` (replacing the last one)."""
    fields = kept_fields(pairs)
    draft = _row(session, user, path)
    if draft is None:
        try:
            with session.begin_nested():  # two saves of a new draft may race: one row wins
                draft = Draft(user_id=user.id, form_path=path, fields=fields, updated_at=utcnow())
                session.add(draft)
            return draft
        except IntegrityError:
            draft = _row(session, user, path)
            if draft is None:
                raise
    draft.fields = fields
    draft.updated_at = utcnow()
    session.flush()
    return draft


def discard_draft(session: Session, user: User, path: str) -> bool:
    """Delete ``user``'s draft of the form at ``path``; True when there was one."""
    result = session.execute(delete(Draft).where(Draft.user_id == user.id,
                                                 Draft.form_path == path))
    return bool(rows_changed(result))


def delete_expired(session: Session, now: datetime | None = None) -> dict[str, int]:
    """Delete drafts untouched for :data:`DRAFT_DAYS` days and held saves past their hours."""
    now = now or utcnow()
    drafts = session.execute(delete(Draft).where(Draft.updated_at < _oldest_kept(now)))
    held = session.execute(delete(HeldSave).where(
        HeldSave.held_at < now - timedelta(hours=HELD_HOURS)))
    return {"drafts": rows_changed(drafts) or 0, "held saves": rows_changed(held) or 0}


def _digest(handle: str) -> str:
    return hashlib.sha256(handle.encode()).hexdigest()


def hold_save(session: Session, user: User, path: str, pairs) -> str:
    """Keep a form posted after ``user``'s session ended; returns its one-time handle.

    Nothing is written to ``user``'s drafts yet: only signing in again claims it
    (:func:`claim_held_save`), so a cookie that was signed out cannot change them.
    """
    fields = kept_fields(pairs)
    handle = secrets.token_urlsafe(32)
    session.add(HeldSave(user_id=user.id, handle_hash=_digest(handle), form_path=path,
                         fields=fields, held_at=utcnow()))
    session.flush()
    return handle


def claim_held_save(session: Session, user: User, handle: str | None) -> HeldSave | None:
    """The save held under ``handle`` for ``user``, removed so that it is used once, its text
    kept as ``user``'s draft of the form; None when the handle is unknown, another user's, or
    older than :data:`HELD_HOURS` hours."""
    if not isinstance(handle, str) or not handle:
        return None
    held = session.scalar(select(HeldSave).where(HeldSave.handle_hash == _digest(handle)))
    if held is None:
        return None
    session.delete(held)
    session.flush()
    if held.user_id != user.id or held.held_at < utcnow() - timedelta(hours=HELD_HOURS):
        return None
    save_draft(session, user, held.form_path, held.fields)
    return held


def fields_as_json(fields: list) -> str:
    """A draft's fields as compact JSON (for the page that completes a held save)."""
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
