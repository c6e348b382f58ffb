"""Exporting persons as CSV (standard library) and vCard 3.0 or 4.0 (vobject).

The caller passes persons loaded through the ORM, so the visibility rule has already left out
whoever the user is not cleared to see. Internal notes are never exported.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

import vobject

from app.models import Person
from app.services.people.contacts.cells import neutralise, spreadsheet_writer

CSV_COLUMNS = ("id", "full_name", "other_spellings", "email", "phone", "country",
               "organisation", "role", "sensitivity", "lawful_basis")


def _current_post(person: Person) -> tuple[str, str]:
    posts = person.current_affiliations
    if not posts:
        return "", ""
    return posts[0].organisation.name, posts[0].role


def persons_csv(persons: Iterable[Person]) -> str:
    """A CSV of persons, one row each, every cell neutralised; starts with the UTF-8 BOM."""
    buffer = io.StringIO()
    writer = spreadsheet_writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for person in persons:
        organisation, role = _current_post(person)
        row = (person.id, person.full_name, "; ".join(n.name for n in person.other_names),
               person.email, person.phone, person.country, organisation, role,
               person.sensitivity.value, person.lawful_basis)
        writer.writerow([neutralise(value) for value in row])
    return buffer.getvalue()


def _name_parts(full_name: str) -> vobject.vcard.Name:
    parts = full_name.split()
    family = parts[-1] if len(parts) > 1 else full_name
    given = " ".join(parts[:-1]) if len(parts) > 1 else ""
    return vobject.vcard.Name(family=family, given=given)


def _add(card, name: str, content, **params):
    line = card.add(name)
    line.value = content
    for key, param in params.items():
        setattr(line, f"{key}_param", param)


def person_vcard(person: Person, version: str = "4.0") -> str:
    """One vCard for a person (escaped and folded by vobject)."""
    card = vobject.vCard()
    _add(card, "version", version)
    _add(card, "fn", person.full_name)
    _add(card, "n", _name_parts(person.full_name))
    for other in person.other_names:
        _add(card, "nickname", other.name)
    if person.email:
        _add(card, "email", person.email, **({"type": "INTERNET"} if version == "3.0" else {}))
    if person.phone:
        _add(card, "tel", person.phone,
             **({"type": "VOICE"} if version == "3.0" else {"value": "text"}))
    organisation, role = _current_post(person)
    if organisation:
        _add(card, "org", [organisation])
    if role:
        _add(card, "title", role)
    if person.country:
        _add(card, "adr", vobject.vcard.Address(country=person.country),
             type="WORK" if version == "3.0" else "work")
    _add(card, "uid", f"urn:parley:person:{person.id}")
    return card.serialize()


def persons_vcard(persons: Iterable[Person], version: str = "4.0") -> str:
    """vCards for many persons, one after the other."""
    if version not in ("3.0", "4.0"):
        raise ValueError("vCard version must be 3.0 or 4.0")
    return "".join(person_vcard(person, version) for person in persons)
