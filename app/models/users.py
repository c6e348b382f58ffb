"""Officers of the NGO who sign in to Parley."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import BigInteger, Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.models.base import Sensitivity, UTCDateTime, enum_column, utcnow
from app.models.enums import LabelledEnum
from app.security.field_crypto import EncryptedText


class Role(LabelledEnum):
    """What a user may do: admins manage users, officers write, viewers read."""

    ADMIN = "admin"
    OFFICER = "officer"
    VIEWER = "viewer"


def new_token() -> str:
    """A fresh random token for sessions and secret URLs."""
    return secrets.token_urlsafe(32)


class User(UserMixin, Model):
    """An officer of the NGO."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    #: argon2id hash; never the password itself.
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role), default=Role.OFFICER)
    #: The most restricted level of persons and cases this user may see.
    clearance: Mapped[Sensitivity] = mapped_column(
        enum_column(Sensitivity), default=Sensitivity.NORMAL
    )
    is_active_account: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Rotated on logout and password change so that old session cookies stop working.
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    #: Secret part of the user's calendar-feed URL; ``None`` when revoked.
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    #: The officer's IANA time zone: the default of new meetings and "your time" on pages.
    time_zone: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    #: Base32 TOTP secret of the user's authenticator app (encrypted); ``None`` without a
    #: second factor.
    totp_secret: Mapped[str | None] = mapped_column(EncryptedText(), nullable=True)
    #: When the second factor was confirmed with a first code.
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    #: Time-step counter of the last TOTP code accepted; an older or equal one is a replay.
    totp_last_counter: Mapped[int | None] = mapped_column(BigInteger, nullable=True)

    @property
    def is_active(self) -> bool:  # Flask-Login
        """Deactivated users cannot sign in and lose their sessions."""
        return bool(self.is_active_account)

    def get_id(self) -> str:
        """Flask-Login identity: the rotating session token, not the primary key."""
        return self.session_token

    def rotate_session(self) -> None:
        """End every session of this user on the server side."""
        self.session_token = new_token()

    @property
    def has_second_factor(self) -> bool:
        """True when a TOTP second factor is set up and confirmed."""
        return bool(self.totp_secret) and self.totp_enabled_at is not None

    @property
    def visible_levels(self) -> tuple[Sensitivity, ...]:
        """Sensitivity levels this user may see (admins see everything)."""
        if self.role == Role.ADMIN:
            return tuple(Sensitivity)
        return Sensitivity.up_to(self.clearance)

    @property
    def can_write(self) -> bool:
        """Officers and admins change records; viewers only read."""
        return self.role in (Role.ADMIN, Role.OFFICER)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role.value}>"


class RecoveryCode(Model):
    """A single-use code that replaces a TOTP code once (lost phone); stored hashed."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: argon2id hash of the code; never the code itself.
    code_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: When the code was spent; a used code is refused.
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
