"""Values taken from addresses: ids and page numbers within what the database can hold, and
the page to return to (``next``), inside Parley only.

Ids are PostgreSQL ``INTEGER`` columns; a larger number in a query makes PostgreSQL (and
SQLite, past 2^63) raise an error. The factory replaces Werkzeug's ``int`` converter with
:class:`IdConverter`, so every ``<int:...>`` beyond :data:`MAX_ID` simply does not match
(404), and :func:`int_arg` does the same for numbers in the query string.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter

#: The largest id (and page number) Parley looks up: PostgreSQL's INTEGER maximum.
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """``<int:...>`` capped at :data:`MAX_ID` unless the rule gives its own ``max``."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None,
                 max: int | None = MAX_ID, signed: bool = False) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def install(app: Flask) -> None:
    """Make :class:`IdConverter` the ``int`` converter (before any route is registered)."""
    app.url_map.converters["int"] = IdConverter


def int_arg(name: str, default: int | None = None) -> int | None:
    """A whole number from the query string; not a number gives ``default``, too large 404."""
    raw = request.args.get(name)
    try:
        value = int(raw) if raw is not None else default
    except ValueError:
        return default
    if value is not None and abs(value) > MAX_ID:
        abort(404)
    return value


def safe_next(target: str | None) -> str | None:
    """Return ``target`` only when it is a path inside Parley (no scheme, no host, no
    backslash or control character that a browser would read as a way out)."""
    if not target or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") \
            or "\\" in target:
        return None
    return target
