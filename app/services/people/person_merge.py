"""Merging a person into another: every link moved, the twin archived, one statement per table.

:data:`PERSON_COLUMNS` and :data:`PERSON_LINKS` name every column that refers to a person
(``tests/test_review_queue.py`` checks them against the metadata, so a new table with a person
foreign key cannot be forgotten); other spellings are handled on their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from app.models import (
    Affiliation,
    Case,
    FollowUp,
    Person,
    PersonName,
    Raising,
    Sensitivity,
    meeting_persons,
    pack_masked_persons,
    pack_persons,
    utcnow,
)
from app.models.base import rows_changed
from app.services.people.names import name_key, script_of

#: Tracked records pointing at one person: (label, model, column); persons merged into the
#: twin before now point at the kept person.
PERSON_COLUMNS = (
    ("posts", Affiliation, Affiliation.person_id),
    ("raisings", Raising, Raising.person_id),
    ("follow_ups", FollowUp, FollowUp.owner_person_id),
    ("cases", Case, Case.person_id),
    ("merged_persons", Person, Person.merged_into_id),
)
#: Link tables (person, other record): (table, the other record's column).
PERSON_LINKS = ((meeting_persons, "meeting_id"), (pack_persons, "pack_id"),
                (pack_masked_persons, "pack_id"))
#: Tables whose person columns are handled elsewhere: spellings here, review items by the
#: queue; requests to lower a sensitivity stay with the archived twin (a request about the
#: twin must never apply to the kept, restricted record).
HANDLED_APART = frozenset({"person_names", "possible_duplicates", "sensitivity_changes"})
#: Contact fields copied from the twin when the kept record has none.
FILLED_FIELDS = ("email", "phone", "country")


@dataclass
class MergeResult:
    """What a merge moved, per table."""

    moved: dict[str, int] = field(default_factory=dict)
    spellings_added: list[str] = field(default_factory=list)
    fields_filled: list[str] = field(default_factory=list)


def merge_person(session: Session, twin: Person, keeper: Person, *,
                 fill_empty: bool = True) -> MergeResult:
    """Move everything linked to ``twin`` onto ``keeper``, add the spellings ``keeper`` lacks,
    and archive ``twin`` at ``keeper``'s sensitivity, marked as merged into ``keeper``; with
    ``fill_empty``, ``keeper``'s empty contact fields take ``twin``'s. Flushes, never commits."""
    session.flush()
    result = MergeResult()
    for table, other in PERSON_LINKS:
        already = select(table.c[other]).where(table.c.person_id == keeper.id)
        moved = session.execute(
            update(table).where(table.c.person_id == twin.id, table.c[other].not_in(already))
            .values(person_id=keeper.id))
        session.execute(delete(table).where(table.c.person_id == twin.id))
        result.moved[table.name] = rows_changed(moved)
    _raise_case_sensitivity(session, twin, keeper.sensitivity)
    for label, model, column in PERSON_COLUMNS:
        moved = session.execute(
            update(model).where(column == twin.id)
            .values({column.key: keeper.id, "version": model.version + 1})
            .execution_options(synchronize_session=False))
        result.moved[label] = rows_changed(moved)
    spellings = _move_spellings(session, twin, keeper)
    result.moved["other_spellings"] = len(spellings)
    session.expire_all()
    if name_key(twin.full_name) not in {name_key(keeper.full_name),
                                        *(name_key(n.name) for n in keeper.other_names)}:
        keeper.other_names.append(PersonName(name=twin.full_name,
                                             script=script_of(twin.full_name)))
        spellings.append(twin.full_name)
    result.spellings_added = spellings
    for name in FILLED_FIELDS if fill_empty else ():
        if not getattr(keeper, name) and getattr(twin, name):
            setattr(keeper, name, getattr(twin, name))
            result.fields_filled.append(name)
    twin.sensitivity = keeper.sensitivity
    twin.archived_at = utcnow()
    twin.merged_into_id = keeper.id
    session.flush()
    return result


def _raise_case_sensitivity(session: Session, twin: Person, level: Sensitivity) -> None:
    """Cases about the twin become at least as restricted as the person they are now about."""
    lower = Sensitivity.up_to(level)[:-1]
    if lower:
        session.execute(
            update(Case).where(Case.person_id == twin.id, Case.sensitivity.in_(lower))
            .values(sensitivity=level, version=Case.version + 1)
            .execution_options(synchronize_session=False))


def _move_spellings(session: Session, twin: Person, keeper: Person) -> list[str]:
    """Move the twin's other spellings that ``keeper`` does not hold yet; returns them."""
    held = {name_key(keeper.full_name), *(name_key(n.name) for n in keeper.other_names)}
    moving: dict[str, PersonName] = {}
    for spelling in twin.other_names:
        key = name_key(spelling.name)
        if key not in held and key not in moving:
            moving[key] = spelling
    if moving:
        session.execute(
            update(PersonName).where(PersonName.id.in_([n.id for n in moving.values()]))
            .values(person_id=keeper.id).execution_options(synchronize_session=False))
    return [n.name for n in moving.values()]
