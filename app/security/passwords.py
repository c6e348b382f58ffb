"""Password hashing (argon2id) and the password policy."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()  # argon2id with the library's recommended parameters


def use_fast_hashing() -> None:
    """Cheap argon2id parameters for the test suite only (still argon2id)."""
    global _hasher
    _hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)

MIN_LENGTH = 15

#: Passwords refused whatever their length (common phrases long enough to pass the length rule).
COMMON_PASSWORDS = frozenset({
    "passwordpassword", "password1234567", "123456789012345", "1234567890123456",
    "qwertyuiopasdfgh", "qwertyuiop123456", "iloveyouiloveyou", "letmeinletmein1",
    "administrator123", "welcome12345678", "correcthorsebatterystaple", "aaaaaaaaaaaaaaa",
    "changemechangeme", "parleyparleyparley", "passwordpassword1", "000000000000000",
})


def hash_password(password: str) -> str:
    """Hash a password with argon2id."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches ``password_hash``; never raises for a bad hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def password_problem(password: str) -> str | None:
    """Why a new password is refused, or ``None`` when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > 200:
        return "Use at most 200 characters."
    if password.lower() in COMMON_PASSWORDS or len(set(password)) < 4:
        return "This password is too common; choose a passphrase of your own."
    return None
