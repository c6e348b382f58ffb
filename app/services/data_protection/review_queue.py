"""The review queue: possible twins of restricted persons, for officers cleared to judge them.

When someone creates a person (person form, meeting log, contacts CSV, briefing import) whose
name or other spelling matches, in any spelling, a person above their clearance, they are told
nothing (that would be an existence oracle) and the person is created as usual; a
:class:`PossibleDuplicate` is recorded instead. Items are always read through a join to the
restricted person, so the visibility rule shows each item only to those cleared for that person.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session, aliased, contains_eager, selectinload

from app.models import (
    DuplicateResolution,
    Person,
    PersonName,
    PossibleDuplicate,
    Role,
    Sensitivity,
    utcnow,
)
from app.models.base import rows_changed
from app.security.audit import acting_user_id, record
from app.security.visibility import current_levels, unrestricted
from app.services.people.names import persons_named, spellings_by_key
from app.services.people.person_merge import MergeResult, merge_person


class AlreadyResolved(Exception):
    """Someone closed the item first."""


def may_review(user) -> bool:
    """Officers and admins cleared above normal: the only users who may have items to review."""
    return user.role in (Role.ADMIN, Role.OFFICER) and user.clearance is not Sensitivity.NORMAL


def flag_restricted_twins(session: Session, persons: Iterable[Person]) -> list[PossibleDuplicate]:
    """Record an item for each of ``persons`` (just created) whose name, in any spelling, matches
    a person above the current clearance. Silent for the creator; flushes."""
    persons = [person for person in persons if person is not None]
    hidden = tuple(level for level in Sensitivity if level not in current_levels(session))
    if not persons or not hidden:
        return []
    held = _hidden_spellings(session, hidden)
    session.flush()
    creator = acting_user_id(session)
    items = []
    for person in persons:
        names = [person.full_name, *(n.name for n in person.other_names)]
        for restricted_id in sorted(persons_named(names, held) - {person.id}):
            items.append(PossibleDuplicate(new_person_id=person.id,
                                           restricted_person_id=restricted_id,
                                           created_by_id=creator))
    session.add_all(items)
    session.flush()
    return items


def _hidden_spellings(session: Session, levels: tuple[Sensitivity, ...]) -> dict[str, set[int]]:
    """Every spelling of the persons at ``levels`` (not archived), keyed for matching."""
    hidden = (Person.sensitivity.in_(levels), Person.archived_at.is_(None))
    # Read on purpose past the rule: only to record items no uncleared user ever sees.
    rows = list(session.execute(unrestricted(
        select(Person.id, Person.full_name).where(*hidden))).all())
    rows += session.execute(unrestricted(
        select(PersonName.person_id, PersonName.name)
        .join(Person, Person.id == PersonName.person_id).where(*hidden))).all()
    return spellings_by_key(rows)


def _items() -> Select:
    """Items joined to both persons: the visibility rule drops those the reader may not see."""
    twin = aliased(Person, name="twin")
    return (
        select(PossibleDuplicate)
        .join(Person, Person.id == PossibleDuplicate.restricted_person_id)
        .join(twin, twin.id == PossibleDuplicate.new_person_id)
        .options(contains_eager(PossibleDuplicate.restricted_person)
                 .selectinload(Person.other_names),
                 contains_eager(PossibleDuplicate.new_person.of_type(twin))
                 .selectinload(twin.other_names),
                 selectinload(PossibleDuplicate.created_by))
    )


def open_items() -> Select:
    """Open items the reader is cleared for, oldest first (to be paginated)."""
    return (_items().where(PossibleDuplicate.resolved_at.is_(None))
            .order_by(PossibleDuplicate.created_at, PossibleDuplicate.id))


def open_count(session: Session) -> int:
    """How many open items the reader is cleared for."""
    return session.scalar(
        select(func.count(PossibleDuplicate.id))
        .join(Person, Person.id == PossibleDuplicate.restricted_person_id)
        .where(PossibleDuplicate.resolved_at.is_(None))) or 0


def get_item(session: Session, item_id: int) -> PossibleDuplicate | None:
    """One item, or None when it does not exist or is about a person the reader may not see."""
    return session.scalars(_items().where(PossibleDuplicate.id == item_id)).first()


def _close(session: Session, item: PossibleDuplicate, resolution: DuplicateResolution) -> None:
    """Claim the item in one conditional UPDATE, so that two reviewers never both act on it."""
    claimed = session.execute(
        update(PossibleDuplicate)
        .where(PossibleDuplicate.id == item.id, PossibleDuplicate.resolved_at.is_(None))
        .values(resolved_at=utcnow(), resolved_by_id=acting_user_id(session),
                resolution=resolution)
        .execution_options(synchronize_session=False))
    if rows_changed(claimed) != 1:
        raise AlreadyResolved(item.id)
    session.expire(item)


def merge_twin(session: Session, item: PossibleDuplicate) -> MergeResult:
    """Merge the new person into the restricted record and close the item (and any other open
    item about the same new person); audited. Flushes."""
    twin, keeper, item_id = item.new_person, item.restricted_person, item.id
    _close(session, item, DuplicateResolution.MERGED)
    result = merge_person(session, twin, keeper)
    session.execute(
        update(PossibleDuplicate)
        .where(PossibleDuplicate.new_person_id == twin.id, PossibleDuplicate.resolved_at.is_(None))
        .values(resolved_at=utcnow(), resolved_by_id=acting_user_id(session),
                resolution=DuplicateResolution.MERGED)
        .execution_options(synchronize_session=False))
    record(session, "merge", entity_type="Person", entity_id=keeper.id, changes={
        "merged_person_id": twin.id, "review_item_id": item_id, "moved": result.moved,
        "spellings_added": len(result.spellings_added), "fields_filled": result.fields_filled})
    session.flush()
    return result


def confirm_different(session: Session, item: PossibleDuplicate) -> None:
    """Close the item: the new person is someone else. Audited; flushes."""
    _close(session, item, DuplicateResolution.DIFFERENT)
    record(session, "review_different", entity_type="Person",
           entity_id=item.restricted_person_id,
           changes={"new_person_id": item.new_person_id, "review_item_id": item.id})
    session.flush()
