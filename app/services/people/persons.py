"""Persons: their other spellings kept in step with what the officer typed."""

from __future__ import annotations

from app.models import Person, PersonName
from app.services.editing import touch
from app.services.people.names import fold_text, script_of


def set_other_spellings(person: Person, spellings: list[str]) -> bool:
    """Make ``person``'s other spellings exactly ``spellings``; True when something changed.

    Spellings that stay keep their recorded script; new ones are marked Cyrillic or Latin.
    A change also bumps the person's version, so a concurrent edit of the names is caught.
    """
    wanted = {fold_text(s): s for s in spellings}
    changed = False
    for existing in list(person.other_names):
        if fold_text(existing.name) not in wanted:
            person.other_names.remove(existing)
            changed = True
        elif existing.name != wanted[fold_text(existing.name)]:
            existing.name = wanted[fold_text(existing.name)]
            changed = True
    have = {fold_text(n.name) for n in person.other_names}
    for key, spelling in wanted.items():
        if key not in have:
            person.other_names.append(PersonName(name=spelling, script=script_of(spelling)))
            changed = True
    if changed and person.id is not None:
        touch(person)
    return changed
