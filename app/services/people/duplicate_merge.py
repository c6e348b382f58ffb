"""Merging two records of one person, chosen side by side (like CiviCRM's dedupe and merge).

:func:`plan_merge` lays the two records side by side: each field that differs with the value
kept by default (the kept record's, unless it is empty), and how many records will move.
:func:`merge_duplicates` applies the values chosen, moves everything with
:func:`app.services.people.person_merge.merge_person` (posts, meetings, raisings, follow-ups, cases,
spellings), archives the other record as merged into the kept one, and writes a ``merge`` audit
event on the kept record, through which the other record's history is found
(:func:`app.services.data_protection.audit_log.merged_persons`).

A merge never lowers a sensitivity: the kept record takes the higher of the two levels (lowering
one needs an admin's approval, :mod:`app.services.data_protection.sensitivity_changes`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import (
    Affiliation,
    Case,
    FollowUp,
    Meeting,
    Person,
    PersonName,
    Raising,
    Sensitivity,
    meeting_persons,
)
from app.security.audit import record
from app.services.people.names import name_key, script_of
from app.services.people.person_merge import MergeResult, merge_person

#: The person's fields chosen side by side: (attribute, label). Encrypted fields are read and
#: written through the model's attributes only.
MERGE_FIELDS = (("full_name", "Full name"), ("email", "Email"), ("phone", "Phone"),
                ("country", "Country"), ("lawful_basis", "Lawful basis"),
                ("consent_note", "Consent"), ("notes", "Internal notes"))
#: Fields whose two values may both be kept, one after the other.
JOINABLE = frozenset({"notes"})
KEPT, OTHER, BOTH = "kept", "other", "both"
#: What moves, one and many: the keys of :func:`moving_counts`.
MOVING_NAMES = {"posts": "post", "meetings": "meeting", "raisings": "raising",
                "follow-ups": "follow-up", "cases": "case", "other spellings": "other spelling"}
#: How the two values of a joined field are separated.
JOINED = "\n\n---\n\n"


class MergeRefused(ValueError):
    """The two records cannot be merged (the same one, archived, erased); nothing was written."""


@dataclass(frozen=True)
class FieldChoice:
    """One field of the two records, and which value the page proposes."""

    name: str
    label: str
    kept_value: str | None
    other_value: str | None

    @property
    def differs(self) -> bool:
        """True when the two records hold different values."""
        return (self.kept_value or "") != (self.other_value or "")

    @property
    def default(self) -> str:
        """The kept record's value, unless only the other record has one."""
        return OTHER if self.other_value and not self.kept_value else KEPT

    @property
    def joinable(self) -> bool:
        """True when both values may be kept together."""
        return self.name in JOINABLE and bool(self.kept_value) and bool(self.other_value)

    def value(self, choice: str | None) -> str | None:
        """The value ``choice`` (kept, other or both) selects; an unknown one is the default."""
        if choice == BOTH and self.joinable:
            return f"{self.kept_value}{JOINED}{self.other_value}"
        if choice not in (KEPT, OTHER):
            choice = self.default
        return self.other_value if choice == OTHER else self.kept_value


@dataclass
class MergePlan:
    """The two records side by side and what a merge would move (as this reader may see it)."""

    kept: Person
    other: Person
    fields: list[FieldChoice] = field(default_factory=list)
    #: Label -> how many records of the other person move to the kept one.
    moving: dict[str, int] = field(default_factory=dict)

    @property
    def sensitivity(self) -> Sensitivity:
        """The level the kept record will have: the higher of the two."""
        return max_level(self.kept.sensitivity, self.other.sensitivity)

    @property
    def moving_lines(self) -> list[tuple[int, str]]:
        """(count, what) for each kind of record that moves, e.g. (1, "meeting")."""
        return [(n, kind if n != 1 else MOVING_NAMES[kind])
                for kind, n in self.moving.items() if n]

    @property
    def differing(self) -> list[FieldChoice]:
        """The fields whose values differ: the ones to choose."""
        return [f for f in self.fields if f.differs]


def max_level(*levels: Sensitivity) -> Sensitivity:
    """The most restrictive of ``levels``."""
    order = list(Sensitivity)
    return max(levels, key=order.index)


def check_mergeable(kept: Person, other: Person) -> None:
    """Raise :class:`MergeRefused` unless the two records may be merged."""
    if kept.id == other.id:
        raise MergeRefused("A person cannot be merged with themselves.")
    for person in (kept, other):
        if person.is_erased:
            raise MergeRefused(f"Person #{person.id} was erased and cannot be merged.")
        if person.is_merged:
            raise MergeRefused(f"Person #{person.id} was already merged into #"
                               f"{person.merged_into_id}.")
        if person.is_archived:
            raise MergeRefused(f"{person.full_name} is archived: restore the record first.")


def moving_counts(session: Session, person: Person) -> dict[str, int]:
    """How many records about ``person`` a merge moves, per kind (visible ones only)."""
    count = lambda stmt: session.scalar(stmt) or 0
    met = select(meeting_persons.c.meeting_id).where(meeting_persons.c.person_id == person.id)
    return {
        "posts": count(select(func.count(Affiliation.id))
                       .where(Affiliation.person_id == person.id,
                              Affiliation.archived_at.is_(None))),
        "meetings": count(select(func.count(Meeting.id)).where(Meeting.id.in_(met))),
        "raisings": count(select(func.count(Raising.id)).where(Raising.person_id == person.id)),
        "follow-ups": count(select(func.count(FollowUp.id))
                            .where(FollowUp.owner_person_id == person.id)),
        "cases": count(select(func.count(Case.id)).where(Case.person_id == person.id)),
        "other spellings": count(select(func.count(PersonName.id))
                                 .where(PersonName.person_id == person.id)),
    }


def plan_merge(session: Session, kept: Person, other: Person) -> MergePlan:
    """The two records side by side, for the merge page. Raises :class:`MergeRefused`."""
    check_mergeable(kept, other)
    fields = [FieldChoice(name, label, getattr(kept, name), getattr(other, name))
              for name, label in MERGE_FIELDS]
    return MergePlan(kept, other, fields, moving_counts(session, other))


def merge_duplicates(session: Session, kept: Person, other: Person,
                     choices: dict[str, str]) -> MergeResult:
    """Merge ``other`` into ``kept`` with the values ``choices`` picks per field ("kept",
    "other" or "both"); the unchosen name stays as an other spelling; audited. Flushes only."""
    plan = plan_merge(session, kept, other)
    old_name = kept.full_name
    taken = []
    for choice in plan.fields:
        value = choice.value(choices.get(choice.name))
        if choice.differs and value != choice.kept_value:
            setattr(kept, choice.name, value)
            taken.append(choice.name)
    kept.sensitivity = plan.sensitivity
    held = {name_key(kept.full_name), *(name_key(n.name) for n in kept.other_names)}
    if name_key(old_name) not in held:
        kept.other_names.append(PersonName(name=old_name, script=script_of(old_name)))
    result = merge_person(session, other, kept, fill_empty=False)
    record(session, "merge", entity_type="Person", entity_id=kept.id, changes={
        "merged_person_id": other.id, "moved": result.moved, "values_taken": taken,
        "spellings_added": len(result.spellings_added), "fields_filled": result.fields_filled,
        "via": "merge page"})
    session.flush()
    return result
