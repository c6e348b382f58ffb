"""Password hashing (argon2id) and the password policy (length, then zxcvbn's strength score)."""

from __future__ import annotations

import secrets
from typing import TypedDict

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from zxcvbn import zxcvbn


#: argon2id at the OWASP minimum (19 MiB, 2 passes, 1 lane): about 80 ms a sign-in on one core,
#: so a burst of sign-ins does not queue for seconds on a small server (README: Production).
#: Hashes made with other parameters still verify, and are renewed at the next sign-in.
class Argon2Parameters(TypedDict):
    """The cost parameters of argon2id, as ``PasswordHasher`` takes them."""

    time_cost: int
    memory_cost: int
    parallelism: int


ARGON2_PARAMETERS: Argon2Parameters = {"time_cost": 2, "memory_cost": 19456, "parallelism": 1}
_hasher = PasswordHasher(**ARGON2_PARAMETERS)
#: (hasher, hash of a random secret) checked when no account can sign in, see check_login.
_dummy: tuple[PasswordHasher, str] | None = None

MIN_LENGTH = 15
MAX_LENGTH = 200
#: zxcvbn's score (0 to 4) a new password must reach: 3 is "safely unguessable".
MIN_SCORE = 3
TOO_EASY = "This password is too easy to guess; choose a passphrase of your own."


def use_fast_hashing() -> None:
    """Cheap argon2id parameters for the test suite only (still argon2id)."""
    global _hasher
    _hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def hash_password(password: str) -> str:
    """Hash a password with argon2id."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches ``password_hash``; never raises for a bad hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def renew_hash_if_needed(user, password: str) -> bool:
    """After a correct sign-in: re-hash with today's parameters if the stored hash is older."""
    try:
        needs = _hasher.check_needs_rehash(user.password_hash)
    except InvalidHashError:
        needs = True
    if needs:
        user.password_hash = _hasher.hash(password)
    return needs


def _dummy_hash() -> str:
    global _dummy
    if _dummy is None or _dummy[0] is not _hasher:
        _dummy = (_hasher, _hasher.hash(secrets.token_hex(16)))
    return _dummy[1]


def check_login(user, password: str) -> bool:
    """True when ``user`` exists, is active and ``password`` is theirs.

    argon2 runs whatever the case (against a dummy hash with the current parameters when the
    account is unknown or deactivated), so the answer takes the same time and does not tell
    which accounts exist.
    """
    can_sign_in = user is not None and user.is_active
    matches = verify_password(user.password_hash if can_sign_in else _dummy_hash(), password)
    return can_sign_in and matches


def password_problem(password: str) -> str | None:
    """Why a new password is refused, or ``None`` when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    if zxcvbn(password)["score"] < MIN_SCORE:
        return TOO_EASY
    return None
