"""Exporting persons as CSV and vCard (3.0 or 4.0), written with the standard library.

The caller passes persons loaded through the ORM, so the visibility rule has already left out
whoever the user is not cleared to see. Internal notes are never exported.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from app.models import Person
from app.services.contacts.cells import neutralise

CSV_COLUMNS = ("id", "full_name", "other_spellings", "email", "phone", "country",
               "organisation", "role", "sensitivity", "lawful_basis")


def _current_post(person: Person) -> tuple[str, str]:
    posts = person.current_affiliations
    if not posts:
        return "", ""
    return posts[0].organisation.name, posts[0].role


def persons_csv(persons: Iterable[Person]) -> str:
    """A CSV of persons, one row each, every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for person in persons:
        organisation, role = _current_post(person)
        row = (person.id, person.full_name, "; ".join(n.name for n in person.other_names),
               person.email, person.phone, person.country, organisation, role,
               person.sensitivity.value, person.lawful_basis)
        writer.writerow([neutralise(value) for value in row])
    return buffer.getvalue()


def _escape(value: str) -> str:
    return (value.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,")
            .replace(";", "\\;"))


def _fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 6350 §3.2), never inside a UTF-8 character."""
    out, current = [], ""
    for char in line:
        limit = 75 if not out else 74
        if len((current + char).encode("utf-8")) > limit:
            out.append(current)
            current = char
        else:
            current += char
    out.append(current)
    return "\r\n ".join(out)


def _name_parts(full_name: str) -> str:
    parts = full_name.split()
    family = parts[-1] if len(parts) > 1 else full_name
    given = " ".join(parts[:-1]) if len(parts) > 1 else ""
    return f"{_escape(family)};{_escape(given)};;;"


def person_vcard(person: Person, version: str = "4.0") -> str:
    """One vCard for a person."""
    lines = ["BEGIN:VCARD", f"VERSION:{version}", f"FN:{_escape(person.full_name)}",
             f"N:{_name_parts(person.full_name)}"]
    if person.other_names:
        lines.append("NICKNAME:" + ",".join(_escape(n.name) for n in person.other_names))
    if person.email:
        lines.append(("EMAIL;TYPE=INTERNET:" if version == "3.0" else "EMAIL:")
                     + _escape(person.email))
    if person.phone:
        lines.append(("TEL;TYPE=VOICE:" if version == "3.0" else "TEL;VALUE=text:")
                     + _escape(person.phone))
    organisation, role = _current_post(person)
    if organisation:
        lines.append(f"ORG:{_escape(organisation)}")
    if role:
        lines.append(f"TITLE:{_escape(role)}")
    if person.country:
        lines.append(f"ADR;TYPE={'WORK' if version == '3.0' else 'work'}:;;;;;;"
                     f"{_escape(person.country)}")
    lines.append(f"UID:urn:parley:person:{person.id}")
    lines.append("END:VCARD")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def persons_vcard(persons: Iterable[Person], version: str = "4.0") -> str:
    """vCards for many persons, one after the other."""
    if version not in ("3.0", "4.0"):
        raise ValueError("vCard version must be 3.0 or 4.0")
    return "".join(person_vcard(person, version) for person in persons)
