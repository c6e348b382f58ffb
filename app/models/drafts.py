"""Unsaved work: the autosaved draft of a long form, and a save held while its author signs in
again (see :mod:`app.services.drafts`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.models.base import UTCDateTime, utcnow
from app.security.field_crypto import EncryptedJSON


class Draft(Model):
    """What one officer has typed into one form and not saved yet; seen by its author only."""

    __tablename__ = "drafts"
    __table_args__ = (UniqueConstraint("user_id", "form_path", name="uq_drafts_user_form"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The author: the only user who can read, restore or discard it.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: The address of the form it belongs to, e.g. ``/meetings/new`` or ``/persons/12/edit``.
    form_path: Mapped[str] = mapped_column(String(300))
    #: The form's fields as ``[[name, value], ...]`` in page order (encrypted).
    fields: Mapped[list] = mapped_column(EncryptedJSON())
    #: The last autosave; a draft untouched for 30 days is deleted.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class HeldSave(Model):
    """A form saved when its author's session had ended: completed once they sign in again, in
    the same browser, within a few hours; used once."""

    __tablename__ = "held_saves"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Whose session had ended; only this user's sign-in completes it.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: SHA-256 of the one-time handle kept in that browser's session cookie.
    handle_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: The address the form was posted to.
    form_path: Mapped[str] = mapped_column(String(300))
    #: The posted fields as ``[[name, value], ...]``, without the CSRF token (encrypted).
    fields: Mapped[list] = mapped_column(EncryptedJSON())
    #: When the save met the ended session.
    held_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
