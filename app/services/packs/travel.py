"""Travel copies: a pack's PDF encrypted with AES-256 for a trip, valid until a date.

The passphrase is made here, shown once to the officer who issues the copy, and kept nowhere
by Parley (neither in the database nor in the session). The copy prints its expiry on every
page and, on its first page, what to do if the device carrying it is seized; the issued record
says it is a travel copy and until when.
"""

from __future__ import annotations

import io
import secrets
from datetime import date, timedelta

from pypdf import PdfReader, PdfWriter

from app.services.packs import items

#: How long a travel copy is valid by default.
TRAVEL_DAYS = 14
#: Letters and digits that cannot be mistaken for one another when read out or copied.
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
GUIDANCE = (
    "This copy is encrypted. Keep the passphrase apart from the device, never on it. "
    "If this device is seized or searched: do not unlock it where you can lawfully refuse; "
    "tell your organisation at once, so that the people named in it can be warned; and "
    "delete this copy when the trip ends or on the date above, whichever comes first.")


def passphrase(groups: int = 6, size: int = 4) -> str:
    """A random passphrase such as ``k7mq-2xpz-…`` (six groups of four: about 118 bits)."""
    return "-".join("".join(secrets.choice(ALPHABET) for _ in range(size))
                    for _ in range(groups))


def for_travel(pack: dict, until: date) -> dict:
    """The pack marked as a travel copy valid until ``until`` (a new structure)."""
    marked = dict(pack)
    marked["travel"] = {"until": items.day(until), "guidance": GUIDANCE}
    marked["cover"] = {**pack["cover"], "travel_until": items.day(until)}
    return marked


def default_until(today: date) -> date:
    """The day a travel copy issued today stops being valid."""
    return today + timedelta(days=TRAVEL_DAYS)


def encrypted(pdf: bytes, secret: str) -> bytes:
    """The PDF encrypted with AES-256: it opens only with ``secret``."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=secret, owner_password=secrets.token_urlsafe(32),
                   algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
