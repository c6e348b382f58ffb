"""Shared steps of the security regressions: a paper naming the at-risk person and group,
uploads through the pages, and a minimal meeting-log post."""

from __future__ import annotations

import io
import re
from urllib.parse import quote, quote_plus

from app.security.masking import as_typed_in_address

#: A paper naming the at-risk person and group; ``unmatched_paper`` swaps in unknown names.
PAPER = """# Briefing on persecuted activists

## FREEDOM OF EXPRESSION

Concerns:

- The women's rights activist **Dinara Smailova** was charged with "spreading false
  information" under Article 274.
- Nineteen activists from **the Atajurt movement** were detained.

Recommendations to the Kazakhstani authorities:

- Drop the charges against all activists.
"""
#: Restricted names in the paper and the unknown names that replace them.
PAPER_SWAPS = (("Dinara Smailova", "Zarina Nobodova"), ("Atajurt", "Kokjiek"))


def blank_csrf(text: str) -> str:
    """``text`` with its CSRF tokens blanked: they carry a timestamp, so two pages rendered a
    second apart differ only there."""
    return re.sub(r'(name="csrf_token" (?:type="hidden" )?value=")[^"]*"', r'\1"', text)


def in_links(swaps) -> tuple:
    """``swaps`` as the page's links write them: URL-encoded, and (the reader's own words in a
    list's links) every letter percent-encoded."""
    return tuple((encode(old), encode(new)) for old, new in swaps
                 for encode in (quote, quote_plus, as_typed_in_address))


def swap(text: str, swaps) -> str:
    """``text`` with every (old, new) pair of ``swaps`` replaced, CSRF tokens blanked."""
    for old, new in swaps:
        text = text.replace(old, new)
    return blank_csrf(text)


def upload_contacts(client, text: str):
    """Upload a persons CSV and accept the guessed mapping; returns the report page."""
    client.post("/contacts/import", data={
        "file": (io.BytesIO(text.encode("utf-8")), "contacts.csv"), "mode": "persons"},
        content_type="multipart/form-data")
    client.post("/contacts/import/mapping", data={"full_name": "0", "email": "1"})
    return client.get("/contacts/import/report")


def upload_paper(client, text: str):
    """Upload a briefing paper; returns the preview page."""
    client.post("/import/", data={"paper": (io.BytesIO(text.encode("utf-8")), "paper.md")},
                content_type="multipart/form-data")
    return client.get("/import/preview")


def meeting_log(full_name: str, our_attendee: int, **extra) -> dict:
    """A minimal meeting-log post adding one new person."""
    return {"title": "Visit to the shelter", "meeting_date": "2026-06-10",
            "starts_time": "09:30", "format": "in_person", "status": "held", "event_id": "",
            "our_attendees": [str(our_attendee)], "new_persons-0-full_name": full_name, **extra}
