"""Operational database trouble told plainly: read-only, full, or out of reach.

:func:`unavailable_reason` recognises the errors that mean the administrator must act (not a
bug in Parley), so the web pages answer 503 with a plain message and the command line prints
one line. Only the kind of trouble is ever logged or shown: never the failed statement, whose
parameters may hold a password hash or a session token. :func:`database_health` backs
``/healthz``.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

#: Kinds of trouble, each recognised by words in the driver's message or its SQLSTATE.
READ_ONLY, FULL, UNREACHABLE = "read-only", "disk full", "unreachable"
_SIGNS = (
    (READ_ONLY, ("readonly database", "read-only", "read only"), ("25006",)),
    (FULL, ("disk is full", "no space left", "disk i/o error"), ("53100",)),
    (UNREACHABLE, ("connection refused", "could not connect", "unable to open database",
                   "server closed the connection", "connection failed",
                   "terminating connection"), ("08000", "08001", "08003", "08004", "08006",
                                               "57P01", "57P03")),
)
#: What a person is told for each kind of trouble.
MESSAGES = {
    READ_ONLY: "Parley cannot write to its database: ask the administrator.",
    FULL: "Parley cannot write to its database: ask the administrator.",
    UNREACHABLE: "Parley cannot reach its database: ask the administrator.",
}
#: A write that changes nothing, run inside a transaction that is rolled back.
WRITE_PROBE = text("UPDATE alembic_version SET version_num = version_num")


def unavailable_reason(error: BaseException) -> str | None:
    """The kind of operational trouble ``error`` shows (read-only, full, unreachable), or None."""
    if not isinstance(error, DBAPIError):
        return None
    original = error.orig
    message = str(original.args[0] if original is not None and original.args
                  else original).lower()
    code = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
    for kind, words, codes in _SIGNS:
        if code in codes or any(word in message for word in words):
            return kind
    return None


def database_health(engine: Engine) -> dict:
    """``{"database": "ok", "writable": True}``, or what is wrong (nothing is changed)."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            try:
                connection.execute(WRITE_PROBE)
                writable = True
            except DBAPIError:
                writable = False
            connection.rollback()
    except DBAPIError:
        return {"database": UNREACHABLE, "writable": False}
    return {"database": "ok", "writable": writable}
