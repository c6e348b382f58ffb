"""Cursors of the big lists: where the next or previous page starts, signed so that nobody can
forge one.

A cursor names its list (the endpoint and the list's name on the page), the page number, the
direction and the keyset values of the row the page starts after (or ends before). It is signed
with the app's secret key: an altered, foreign or junk cursor reads as no cursor at all (the
list's first page), never as an error.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask import current_app
from itsdangerous import BadData, URLSafeSerializer

from app.routing import MAX_ID
from app.services.listing import Keyset

SALT = "parley.list-cursor"


def _serializer() -> URLSafeSerializer:
    secret = current_app.secret_key
    if secret is None:
        raise RuntimeError("list cursors are signed with the SECRET_KEY, which is not set")
    return URLSafeSerializer(secret, salt=SALT)


def _encode(value):
    if isinstance(value, datetime):
        return {"t": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    if isinstance(value, enum.Enum):
        return {"e": value.value}
    return value


def _decode(value, column):
    """The value as the column holds it; ValueError when it cannot be one."""
    if value is None:
        if not getattr(column.expression, "nullable", False):
            raise ValueError("empty value for a required column")
        return None
    expected = _python_type(column.type)
    if isinstance(value, dict) and set(value) == {"t"} and expected is datetime:
        return datetime.fromisoformat(value["t"])
    if isinstance(value, dict) and set(value) == {"d"} and expected is date:
        return date.fromisoformat(value["d"])
    if (isinstance(expected, type) and issubclass(expected, enum.Enum) and isinstance(value, dict)
            and set(value) == {"e"}):
        return expected(value["e"])  # ValueError for a value it does not have
    if expected is int and isinstance(value, int) and not isinstance(value, bool):
        if abs(value) > MAX_ID:
            raise ValueError("out of range")
        return value
    if expected is str and isinstance(value, str):
        return value
    raise ValueError(f"not a {expected.__name__}")


def _python_type(type_):
    try:
        return type_.python_type
    except NotImplementedError:  # a TypeDecorator (UTCDateTime): the type it stores
        return type_.impl_instance.python_type


def write(list_id: str, number: int, values: tuple, before: bool = False) -> str:
    """A cursor for page ``number`` of the list, starting after the row holding ``values``
    (ending before it, when ``before``)."""
    return _serializer().dumps({"l": list_id, "n": number, "b": before,
                                "k": [_encode(v) for v in values]})


def read(token: str | None, list_id: str, keyset: Keyset | None):
    """``(number, after, before)`` from a cursor of this list, or None when there is no valid
    one (then the list shows the page asked for by number, or its first page)."""
    if not token or keyset is None or len(token) > 2000:
        return None
    try:
        data = _serializer().loads(token)
        if not isinstance(data, dict) or data.get("l") != list_id:
            return None
        number, before, raw = data["n"], data["b"], data["k"]
        if (not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= MAX_ID
                or not isinstance(before, bool) or not isinstance(raw, list)
                or len(raw) != len(keyset.columns)):
            return None
        values = tuple(_decode(v, c) for v, c in zip(raw, keyset.columns, strict=True))
    except (BadData, KeyError, TypeError, ValueError, NotImplementedError):
        return None
    return (number, None, values) if before else (number, values, None)
