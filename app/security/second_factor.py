"""The TOTP second factor (pyotp) and its hashed single-use recovery codes.

A TOTP code is accepted once: the time-step counter of the last accepted code is stored on
the user and a code whose counter is not newer is a replay. The counter and a recovery code
are spent with a conditional UPDATE, so two requests racing with one code cannot both win.
Services here flush, never commit; every change is audited (never the secret or a code).
"""

from __future__ import annotations

import hmac
import re
import secrets
import time

import pyotp
import segno
from flask import current_app, redirect, request, url_for
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from app.models import RecoveryCode, Role, User, utcnow
from app.models.base import rows_changed
from app.security.access import is_public
from app.security.audit import record
from app.security.passwords import hash_password, verify_password

ISSUER = "Parley"
RECOVERY_CODE_COUNT = 10
#: Accept the code of the previous and next 30-second step too (clock drift between devices).
VALID_WINDOW = 1
#: Letters and digits that cannot be mistaken for one another when copied from paper.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_SECRET_PATTERN = re.compile(r"^[A-Z2-7]{32}$")
#: Endpoints a user who must set up a second factor may still reach.
SET_UP_ENDPOINTS = frozenset({"static", "auth.logout", "account.two_factor_setup"})


def new_secret() -> str:
    """A fresh random base32 TOTP secret (160 bits)."""
    return pyotp.random_base32()


def is_valid_secret(secret: str | None) -> bool:
    """True for a secret of the shape :func:`new_secret` makes (set-up posts it back)."""
    return bool(secret and _SECRET_PATTERN.match(secret))


def qr_code_svg(user: User, secret: str) -> Markup:
    """The ``otpauth://`` set-up link as an inline SVG QR code (drawn here, nothing fetched)."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)
    qr = segno.make(uri, error="m")
    return Markup(qr.svg_inline(scale=5, border=4, dark="#000", light="#fff",
                                svgclass="qr-code", lineclass="qr-line", omitsize=True,
                                title="QR code for your authenticator app"))


def factor_required(user: User) -> bool:
    """Admins always need a second factor; everyone does when PARLEY_REQUIRE_2FA is on."""
    return user.role is Role.ADMIN or bool(current_app.config.get("PARLEY_REQUIRE_2FA"))


def _digits(code: str) -> str:
    return re.sub(r"\s+", "", code or "")


def _recovery_form(code: str) -> str:
    return re.sub(r"[\s-]+", "", (code or "").lower())


def _matching_counter(secret: str, code: str, now: float | None = None) -> int | None:
    """The time-step counter whose code is ``code`` within the drift window, else ``None``."""
    code = _digits(code)
    if not re.fullmatch(r"\d{6}", code):
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now if now is not None else time.time())
    for counter in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(counter), code):
            return counter
    return None


def _spend_counter(session: Session, user: User, counter: int) -> bool:
    """Store ``counter`` as the last used step unless it is not newer (a replay)."""
    result = session.execute(
        update(User).where(User.id == user.id, or_(User.totp_last_counter.is_(None),
                                                    User.totp_last_counter < counter))
        .values(totp_last_counter=counter).execution_options(synchronize_session=False))
    if rows_changed(result) != 1:
        return False
    user.totp_last_counter = counter
    return True


def _spend_recovery_code(session: Session, user: User, code: str) -> bool:
    """Mark the matching unused recovery code used; False when none matches."""
    code = _recovery_form(code)
    if len(code) != 10:
        return False
    unused = session.scalars(select(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))).all()
    for candidate in unused:
        if verify_password(candidate.code_hash, code):
            result = session.execute(
                update(RecoveryCode).where(RecoveryCode.id == candidate.id,
                                           RecoveryCode.used_at.is_(None))
                .values(used_at=utcnow()).execution_options(synchronize_session=False))
            return rows_changed(result) == 1
    return False


def check_second_factor(session: Session, user: User, code: str) -> str | None:
    """Spend a TOTP or recovery code of ``user``: ``"totp"``, ``"recovery code"`` or ``None``."""
    if not user.has_second_factor or user.totp_secret is None:
        return None
    counter = _matching_counter(user.totp_secret, code)
    if counter is not None:
        return "totp" if _spend_counter(session, user, counter) else None
    if _spend_recovery_code(session, user, code):
        record(session, "recovery_code_used", user, user_id=user.id,
               changes={"left": recovery_codes_left(session, user)})
        return "recovery code"
    return None


def recovery_codes_left(session: Session, user: User) -> int:
    """How many unused recovery codes ``user`` has."""
    return session.scalar(select(func.count()).select_from(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))) or 0


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def _replace_recovery_codes(session: Session, user: User) -> list[str]:
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    session.add_all(RecoveryCode(user_id=user.id, code_hash=hash_password(_recovery_form(code)))
                    for code in codes)
    session.flush()
    return codes


def enable_second_factor(session: Session, user: User, secret: str,
                         code: str) -> list[str] | None:
    """Turn the factor on when ``code`` matches ``secret``; returns the new recovery codes."""
    counter = _matching_counter(secret, code) if is_valid_secret(secret) else None
    if counter is None:
        return None
    user.totp_secret = secret
    user.totp_enabled_at = utcnow()
    user.totp_last_counter = counter
    codes = _replace_recovery_codes(session, user)
    record(session, "second_factor_enabled", user)
    return codes


def regenerate_recovery_codes(session: Session, user: User) -> list[str]:
    """Replace every recovery code of ``user`` with 10 new ones (shown once)."""
    codes = _replace_recovery_codes(session, user)
    record(session, "recovery_codes_regenerated", user)
    return codes


def disable_second_factor(session: Session, user: User, *, by: str) -> None:
    """Clear the TOTP secret and every recovery code of ``user`` (``by``: who and how)."""
    had_factor = user.has_second_factor
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_counter = None
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    record(session, "second_factor_disabled", user,
           changes={"by": by, "had_second_factor": had_factor})


def enforce_second_factor():
    """``before_request`` hook: a user who must have a second factor can only set one up."""
    endpoint = request.endpoint
    if not current_user.is_authenticated or endpoint in SET_UP_ENDPOINTS or is_public(endpoint):
        return None
    if current_user.has_second_factor or not factor_required(current_user):
        return None
    return redirect(url_for("account.two_factor_setup"))
