"""Encryption at rest for the most sensitive fields: contacts and notes of persons and cases,
issued packs (snapshot and file) and second-factor secrets.

Values are Fernet tokens (AES-128-CBC + HMAC-SHA256) made with the first of the field keys;
every key in the list can still open older tokens (``MultiFernet``). The keys come from the
``PARLEY_FIELD_KEYS`` setting (comma-separated, newest first) or the file
``instance/field_keys`` (one key per line, newest first); never from the database.

Encrypted columns cannot be compared in SQL (the same text encrypts differently each time):
a person's email is found by its blind index, :func:`email_lookup`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, TypedDict

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app, has_app_context
from sqlalchemy import JSON, LargeBinary, Text
from sqlalchemy.sql import operators
from sqlalchemy.types import TypeDecorator, TypeEngine

#: The setting (and environment variable) holding the keys, newest first, comma-separated.
KEYS_SETTING = "PARLEY_FIELD_KEYS"
#: Where the application keeps its field keys (``app.extensions``).
EXTENSION = "parley_field_keys"
_LOOKUP_INFO = b"parley blind index: person email"
#: Shown for an audited value sealed with a key no longer in the list.
RETIRED = "[sealed with a retired field key]"
#: The deferral group of the encrypted fields of persons and cases (``mapped_column(...,
#: **PRIVATE)``): a query loads and decrypts them only when it asks for them with
#: :func:`with_private_fields`, so lists and record panels never pay for what they do not show.
#: A single record reads them on first use (one query).
PRIVATE_GROUP = "private"


class Deferral(TypedDict):
    """The keyword arguments of ``mapped_column`` that put a column in a deferral group."""

    deferred: bool
    deferred_group: str


PRIVATE: Deferral = {"deferred": True, "deferred_group": PRIVATE_GROUP}


class FieldKeyError(RuntimeError):
    """The field keys are missing, malformed, or do not open a stored value."""


@dataclass(frozen=True)
class FieldKeys:
    """The field keys in use (newest first) and where they came from."""

    keys: tuple[str, ...]
    #: "setting" (environment or config), "file" (instance/field_keys) or "throwaway" (tests).
    source: str
    path: Path | None = None

    @cached_property
    def fernet(self) -> MultiFernet:
        """Encrypts with the first key, decrypts with any."""
        return MultiFernet([Fernet(key) for key in self.keys])

    @cached_property
    def lookup_key(self) -> bytes:
        """The blind-index key, derived from the newest field key (HKDF-SHA256)."""
        raw = base64.urlsafe_b64decode(self.keys[0])
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                    info=_LOOKUP_INFO).derive(raw)

    def with_new_key(self, key: str) -> FieldKeys:
        """The same keys with ``key`` put first."""
        return FieldKeys((key, *self.keys), self.source, self.path)


def generate_key() -> str:
    """A new random Fernet key."""
    return Fernet.generate_key().decode()


def parse_keys(raw: str, where: str) -> tuple[str, ...]:
    """The keys in ``raw`` (commas or new lines between them); FieldKeyError when one is bad."""
    keys = tuple(k.strip() for k in raw.replace(",", "\n").splitlines()
                 if k.strip() and not k.strip().startswith("#"))
    if not keys:
        raise FieldKeyError(f"{where} holds no field key.")
    for number, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError):
            raise FieldKeyError(f"key {number} in {where} is not a Fernet key "
                                "(32 url-safe base64-encoded bytes).") from None
    return keys


def field_keys_file(instance: str | Path) -> Path:
    """Where the field keys live when they are not in the environment."""
    return Path(instance) / "field_keys"


def load_field_keys(config, instance: str | Path) -> FieldKeys | None:
    """The keys from the setting, else from the instance file; None when neither exists."""
    if config.get(KEYS_SETTING):
        return FieldKeys(parse_keys(config[KEYS_SETTING], KEYS_SETTING), "setting")
    path = field_keys_file(instance)
    if path.is_file():
        return FieldKeys(parse_keys(path.read_text(), str(path)), "file", path)
    return None


def write_key_file(path: Path, keys: tuple[str, ...]) -> None:
    """Write ``keys`` to ``path`` atomically, readable by the owner only (mode 600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "w") as handle:
            handle.write("\n".join(keys) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        if temporary.exists():
            temporary.unlink()


def install_field_keys(app) -> FieldKeys:
    """Load the app's field keys; the rule when there are none depends on the environment.

    Production refuses to start; development writes a new ``instance/field_keys`` (as
    ``make run`` does); a test app gets a throwaway key for its own life.
    """
    keys = load_field_keys(app.config, app.instance_path)
    environment = "testing" if app.config.get("TESTING") else app.config["PARLEY_ENV"]
    if keys is None and environment == "production":
        raise FieldKeyError(f"no field key: set {KEYS_SETTING} or create instance/field_keys "
                            "(make run writes one) before starting Parley.")
    if keys is None and environment == "development":
        path = field_keys_file(app.instance_path)
        write_key_file(path, (generate_key(),))
        keys = FieldKeys(parse_keys(path.read_text(), str(path)), "file", path)
    if keys is None:
        keys = FieldKeys((generate_key(),), "throwaway")
    app.extensions[EXTENSION] = keys
    return keys


def with_private_fields(path=None):
    """The loader option that loads the encrypted fields of persons and cases up front: for a
    query whose rows are read for them (exports, packs, search excerpts), one query not one
    per row. ``path`` (e.g. ``selectinload(Meeting.their_attendees)``) applies it to related
    records instead of the queried ones."""
    from sqlalchemy.orm import undefer_group

    return undefer_group(PRIVATE_GROUP) if path is None else path.undefer_group(PRIVATE_GROUP)


def current_keys() -> FieldKeys:
    """The running application's field keys."""
    keys = current_app.extensions.get(EXTENSION) if has_app_context() else None
    if keys is None:
        raise FieldKeyError("no field key is loaded (encrypted fields need the application).")
    return keys


def encrypt(text: str) -> str:
    """``text`` as a Fernet token made with the newest key."""
    return current_keys().fernet.encrypt(text.encode()).decode("ascii")


def decrypt(token: str) -> str:
    """The text in ``token``; FieldKeyError when no key opens it."""
    return _open(token).decode()


def _open(token: str | bytes) -> bytes:
    """The bytes sealed in ``token``; FieldKeyError when no key opens it."""
    try:
        return current_keys().fernet.decrypt(token.encode("ascii") if isinstance(token, str)
                                             else token)
    except (InvalidToken, UnicodeEncodeError):
        raise FieldKeyError("an encrypted field could not be decrypted: the field keys "
                            f"({KEYS_SETTING} or instance/field_keys) do not match the "
                            "database.") from None


def normalise_email(email: str) -> str:
    """The form of an email address that duplicate checks compare."""
    return email.strip().casefold()


def email_lookup(email: str | None, keys: FieldKeys | None = None) -> str | None:
    """The blind index of ``email``: HMAC-SHA256 of its normalised form, hex; None if empty."""
    if not email or not email.strip():
        return None
    secret = (keys or current_keys()).lookup_key
    return hmac.new(secret, normalise_email(email).encode(), hashlib.sha256).hexdigest()


def seal(value):
    """A value of an encrypted field as it may be stored elsewhere (the audit log)."""
    return None if value is None else {"sealed": encrypt(str(value))}


def unseal(value):
    """The plain value of something :func:`seal` made; anything else is returned as it is."""
    if isinstance(value, dict) and set(value) == {"sealed"}:
        try:
            return decrypt(value["sealed"])
        except FieldKeyError:
            return RETIRED
    return value


def unseal_changes(changes: dict | None) -> dict | None:
    """An audit event's ``{field: [old, new]}`` with sealed values opened."""
    if not changes:
        return changes
    return {key: [unseal(v) for v in value] if isinstance(value, list) else unseal(value)
            for key, value in changes.items()}


class Encrypted(TypeDecorator):
    """A value stored as a Fernet token: encrypted when written, decrypted when read.

    Subclasses say how a value becomes bytes (:meth:`dump`, :meth:`load`) and how a token is
    kept in their column type (:meth:`stored`, :meth:`token`); the keys are the field keys.
    """

    impl: TypeEngine[Any] | type[TypeEngine[Any]] = Text
    cache_ok = True

    class Comparator(TypeDecorator.Comparator):
        """Only ``IS NULL`` / ``IS NOT NULL``: ciphertext cannot be compared or sorted."""

        def operate(self, op, *other, **kwargs):
            if op not in (operators.is_, operators.is_not):
                raise TypeError("an encrypted column cannot be compared or sorted in SQL "
                                "(use its blind index, e.g. Person.email_lookup)")
            return super().operate(op, *other, **kwargs)

    comparator_factory = Comparator

    def dump(self, value) -> bytes:
        """The bytes that are encrypted for ``value``."""
        return str(value).encode()

    def load(self, data: bytes):
        """The value whose :meth:`dump` is ``data``."""
        return data.decode()

    def stored(self, token: bytes):
        """``token`` as this column keeps it (text by default)."""
        return token.decode("ascii")

    def token(self, stored) -> str | bytes:
        """The token in a value this column keeps."""
        return stored if isinstance(stored, str) else bytes(stored)

    def process_bind_param(self, value, dialect):
        return None if value is None else self.stored(current_keys().fernet.encrypt(
            self.dump(value)))

    def process_result_value(self, value, dialect):
        return None if value is None else self.load(_open(self.token(value)))


class EncryptedText(Encrypted):
    """Text stored as a Fernet token in a TEXT column."""

    cache_ok = True


class EncryptedJSON(Encrypted):
    """A JSON value (an issued pack's snapshot) stored as a Fernet token in a JSON column.

    The column stays JSON (holding the token as a JSON string), so the table keeps its type.
    """

    impl = JSON
    cache_ok = True

    def dump(self, value) -> bytes:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()

    def load(self, data: bytes):
        return json.loads(data)


class EncryptedBytes(Encrypted):
    """Bytes (an issued pack's file) stored as a Fernet token in a binary column."""

    impl = LargeBinary
    cache_ok = True

    def dump(self, value) -> bytes:
        return bytes(value)

    def load(self, data: bytes):
        return data

    def stored(self, token: bytes):
        return token


def is_encrypted(column) -> bool:
    """True for a column stored with one of the :class:`Encrypted` types."""
    return isinstance(column.type, Encrypted)
