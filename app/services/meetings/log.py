"""Saving the one-page meeting log in one transaction (the meetings list is
:mod:`app.services.meetings.lists`).

The log arrives as plain data (:class:`MeetingLog`), not as a form, so the rules here can be
tested without a request. References to records in the log's rows are short strings: ``r12``
(recommendation 12), ``c3`` (case 3), ``t4`` (theme 4), ``p5`` (person 5), ``u2`` (user 2)
and ``new0`` (the first new person entered on the same page); they are parsed once, into a
:class:`Ref`, and the records they name are loaded into a :class:`Named`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.models import (
    Affiliation,
    Case,
    ChangeAction,
    DialogueEvent,
    Direction,
    FollowUp,
    FollowUpChange,
    FollowUpStatus,
    Meeting,
    Organisation,
    OrganisationKind,
    Person,
    Raising,
    Recommendation,
    Stance,
    Theme,
    User,
    utcnow,
)
from app.services.data_protection.review_queue import flag_restricted_twins
from app.services.editing import archive
from app.services.follow_ups.changes import record_created

#: The meeting columns the log may set; nothing else is ever copied onto a meeting.
MEETING_FIELDS = ("title", "starts_at", "ends_at", "time_known", "time_zone", "place", "format",
                  "event_id", "purpose", "objective", "notes", "outcome", "status")

#: Which model each reference prefix names.
REFERENCE_MODELS: dict[str, type[Recommendation | Case | Theme | Person | User]] = {
    "r": Recommendation, "c": Case, "t": Theme, "p": Person, "u": User}
#: The prefix of a new person typed on the page: ``new0`` is the first.
NEW = "new"
#: The most people one delegation adds to a meeting (the rest are named in a message).
DELEGATION_LIMIT = 40


class MeetingLogError(ValueError):
    """The log names a record that does not exist or that the user may not see."""


@dataclass
class NewPerson:
    """A stakeholder met for the first time, added from the meeting page."""

    full_name: str
    organisation: str | None = None
    role: str | None = None


@dataclass
class RaisingRow:
    """One row of "what was raised"."""

    subject: str
    with_whom: str | None = None
    talking_point: str | None = None
    response: str | None = None
    stance: Stance | None = None
    our_reply: str | None = None
    raising_id: int | None = None
    remove: bool = False


@dataclass
class FollowUpRow:
    """One row of follow-ups: what, who (``u<id>``, ``p<id>`` or ``new<i>``), by when."""

    description: str
    owner: str
    due_on: date | None = None
    link: str | None = None
    follow_up_id: int | None = None
    remove: bool = False


@dataclass
class MeetingLog:
    """Everything entered on the meeting-log page."""

    details: dict
    our_attendee_ids: list[int] = field(default_factory=list)
    their_attendee_ids: list[int] = field(default_factory=list)
    #: The themes the meeting is about (packs are organised by them).
    theme_ids: list[int] | None = None
    new_persons: list[NewPerson] = field(default_factory=list)
    raisings: list[RaisingRow] = field(default_factory=list)
    follow_ups: list[FollowUpRow] = field(default_factory=list)
    #: An organisation whose current people all join their attendees (a delegation).
    delegation_id: int | None = None


@dataclass
class SavedLog:
    """What :func:`save_meeting_log` did: the meeting, new persons, past-due follow-ups."""

    meeting: Meeting
    new_persons: list[Person]
    past_due: list[FollowUp]
    #: People of the delegation left out for :data:`DELEGATION_LIMIT`.
    delegation_left_out: int = 0


@dataclass(frozen=True)
class Ref:
    """A parsed reference: ``Ref("r", 12)`` is recommendation 12, ``Ref("new", 0)`` the first
    new person on the page."""

    kind: str
    number: int

    @classmethod
    def parse(cls, reference: str | None) -> Ref | None:
        """``"r12"`` as ``Ref("r", 12)``; None when empty; :class:`MeetingLogError` when the
        text is not a reference."""
        if not reference:
            return None
        kind = NEW if reference.startswith(NEW) else reference[:1]
        number = reference[len(kind):]
        if (kind != NEW and kind not in REFERENCE_MODELS) or not number.isdigit():
            raise MeetingLogError(f"Unknown reference {reference!r}")
        return cls(kind, int(number))


@dataclass
class Named:
    """The records a log names, by kind and id, loaded through the visibility rule."""

    recommendations: dict[int, Recommendation] = field(default_factory=dict)
    cases: dict[int, Case] = field(default_factory=dict)
    themes: dict[int, Theme] = field(default_factory=dict)
    persons: dict[int, Person] = field(default_factory=dict)
    users: dict[int, User] = field(default_factory=dict)

    def of(self, kind: str) -> dict:
        """The loaded records of one reference kind (``"p"``: persons)."""
        kinds: dict[str, dict[int, Any]] = {
            "r": self.recommendations, "c": self.cases, "t": self.themes, "p": self.persons,
            "u": self.users}
        return kinds[kind]


def save_meeting_log(session: Session, meeting: Meeting, data: MeetingLog, user: User,
                     today: date | None = None) -> SavedLog:
    """Apply a meeting log to ``meeting`` (new or existing) in the session; flushes only.

    Creates the new persons (with their organisation and post; a possible twin of a restricted
    person goes silently to the review queue), sets both sides' attendees,
    adds, changes or removes raisings and follow-ups, and records a "created" change for each
    new follow-up. Records the user cannot see are never touched.
    """
    today = today or date.today()
    if meeting.id is None:
        session.add(meeting)
    for name in MEETING_FIELDS:
        if name in data.details:
            setattr(meeting, name, data.details[name])
    # Every save bumps the meeting's version, so that two officers changing only rows of
    # the same meeting still see each other's saves as conflicts.
    meeting.updated_at = utcnow()
    if not (meeting.title or "").strip():
        meeting.title = ""  # named below, once the attendees are known

    new_people = [_create_person(session, new) for new in data.new_persons]
    named = _load_references(session, data)
    meeting.our_attendees = [named.users[i] for i in _unique(data.our_attendee_ids)
                             if i in named.users]
    theirs = [named.persons[i] for i in _unique(data.their_attendee_ids) if i in named.persons]
    delegation, left_out = delegation_members(session, data.delegation_id)
    theirs += [p for p in delegation if p not in theirs]
    meeting.their_attendees = theirs + [p for p in new_people if p not in theirs]
    if data.theme_ids is not None:
        meeting.themes = [named.themes[i] for i in _unique(data.theme_ids) if i in named.themes]
    if not meeting.title.strip():
        meeting.title = default_title(session, meeting)

    def resolve(reference: str | None):
        ref = Ref.parse(reference)
        if ref is None:
            return None
        if ref.kind == NEW:
            if ref.number >= len(new_people):
                raise MeetingLogError(f"No new person number {ref.number + 1} on this page")
            return new_people[ref.number]
        found = named.of(ref.kind).get(ref.number)
        if found is None:
            raise MeetingLogError(f"Unknown reference {reference!r}")
        return found

    _apply_raisings(meeting, data.raisings, resolve)
    past_due = _apply_follow_ups(session, meeting, data.follow_ups, resolve, user, today)
    session.flush()
    flag_restricted_twins(session, new_people)
    return SavedLog(meeting, new_people, past_due, left_out)


def default_title(session: Session, meeting: Meeting) -> str:
    """The title of a meeting logged without one: "Meeting with A and B" (their first three
    attendees), else "Meeting at" the event, else "Meeting on" the day."""
    names = [p.full_name for p in meeting.their_attendees]
    if names:
        shown = names[:3] + ([f"{len(names) - 3} more"] if len(names) > 3 else [])
        listed = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
        return f"Meeting with {listed}"[:300]
    event = session.get(DialogueEvent, meeting.event_id) if meeting.event_id else None
    if event is not None:
        return f"Meeting at {event.title}"[:300]
    return f"Meeting on {meeting.starts_at:%d %b %Y}".replace(" 0", " ")


def delegation_members(session: Session, organisation_id: int | None) -> tuple[list[Person], int]:
    """The people with a current post at an organisation (visible ones, live, by name), at
    most :data:`DELEGATION_LIMIT`, and how many more there are."""
    if not organisation_id:
        return [], 0
    current = select(Affiliation.person_id).where(
        Affiliation.organisation_id == organisation_id,
        or_(Affiliation.end_on.is_(None), Affiliation.end_on >= date.today()))
    people = session.scalars(
        select(Person).where(Person.id.in_(current), Person.archived_at.is_(None),
                             Person.erased_at.is_(None))
        .order_by(Person.full_name, Person.id).limit(DELEGATION_LIMIT + 1)).all()
    if len(people) <= DELEGATION_LIMIT:
        return list(people), 0
    total = session.scalar(select(func.count()).select_from(
        select(Person.id).where(Person.id.in_(current), Person.archived_at.is_(None),
                                Person.erased_at.is_(None)).subquery()))
    return list(people[:DELEGATION_LIMIT]), (total or 0) - DELEGATION_LIMIT


def _unique(ids):
    seen = []
    for i in ids:
        if i not in seen:
            seen.append(i)
    return seen


def _load_references(session: Session, data: MeetingLog) -> Named:
    """Load every record the log names, one query per kind (through the visibility rule)."""
    wanted: dict[str, set[int]] = {prefix: set() for prefix in REFERENCE_MODELS}
    wanted["u"].update(data.our_attendee_ids)
    wanted["p"].update(data.their_attendee_ids)
    wanted["t"].update(data.theme_ids or [])
    references = [reference for row in data.raisings for reference in (row.subject, row.with_whom)]
    references += [reference for row in data.follow_ups for reference in (row.owner, row.link)]
    for reference in references:
        ref = Ref.parse(reference)
        if ref is not None and ref.kind in wanted:
            wanted[ref.kind].add(ref.number)
    named = Named()
    for prefix, model in REFERENCE_MODELS.items():
        ids = wanted[prefix]
        if ids:
            named.of(prefix).update(
                (row.id, row) for row in session.scalars(select(model).where(model.id.in_(ids))))
    return named


def _create_person(session: Session, new: NewPerson) -> Person:
    """A new stakeholder, with a post in an existing (or new) organisation."""
    person = Person(full_name=new.full_name.strip())
    session.add(person)
    organisation_name = (new.organisation or "").strip()
    if organisation_name:
        organisation = find_organisation(session, organisation_name)
        if organisation is None:
            organisation = Organisation(name=organisation_name, kind=OrganisationKind.OTHER)
            session.add(organisation)
        session.add(Affiliation(person=person, organisation=organisation,
                                role=(new.role or "").strip()))
    return person


def find_organisation(session: Session, name: str) -> Organisation | None:
    """The organisation whose name or acronym is ``name`` (case-insensitive), if any."""
    wanted = name.strip().lower()
    return session.scalars(
        select(Organisation)
        .where(Organisation.archived_at.is_(None),
               or_(func.lower(Organisation.name) == wanted,
                   func.lower(Organisation.acronym) == wanted))
        .order_by(Organisation.id)
        .limit(1)
    ).first()


def _apply_raisings(meeting: Meeting, rows: list[RaisingRow], resolve) -> None:
    existing = {r.id: r for r in meeting.raisings}
    for row in rows:
        raising = existing.get(row.raising_id) if row.raising_id else None
        if row.raising_id and raising is None:
            continue  # not this meeting's, or hidden from this user: never touched
        if row.remove:
            if raising is not None:
                meeting.raisings.remove(raising)
            continue
        if raising is None:
            raising = Raising()
            meeting.raisings.append(raising)
        subject = resolve(row.subject)
        raising.recommendation = subject if isinstance(subject, Recommendation) else None
        raising.case = subject if isinstance(subject, Case) else None
        raising.theme = subject if isinstance(subject, Theme) else None
        raising.person = resolve(row.with_whom)
        raising.talking_point = row.talking_point or None
        raising.response = row.response or None
        raising.stance = row.stance
        raising.our_reply = row.our_reply or None


def _apply_follow_ups(session: Session, meeting: Meeting, rows: list[FollowUpRow], resolve,
                      user: User, today: date) -> list[FollowUp]:
    existing = {f.id: f for f in meeting.follow_ups}
    past_due = []
    for row in rows:
        known = existing.get(row.follow_up_id) if row.follow_up_id else None
        if row.follow_up_id and known is None:
            continue
        if row.remove:
            if known is not None and not known.is_archived:
                archive(known)
                session.add(FollowUpChange(follow_up=known, action=ChangeAction.ARCHIVED,
                                           changed_by_id=user.id))
            continue
        created = known is None
        if known is None:
            follow_up = FollowUp(meeting=meeting, status=FollowUpStatus.OPEN)
            session.add(follow_up)
        else:
            follow_up = known
        previous_due = follow_up.due_on
        owner = resolve(row.owner)
        follow_up.description = row.description
        follow_up.direction = Direction.OURS if isinstance(owner, User) else Direction.THEIRS
        follow_up.owner_user = owner if isinstance(owner, User) else None
        follow_up.owner_person = owner if isinstance(owner, Person) else None
        follow_up.due_on = row.due_on
        link = resolve(row.link)
        follow_up.recommendation = link if isinstance(link, Recommendation) else None
        follow_up.case = link if isinstance(link, Case) else None
        if created:
            record_created(session, follow_up, user.id)
        elif previous_due != row.due_on:
            session.add(FollowUpChange(follow_up=follow_up, action=ChangeAction.RESCHEDULED,
                                       from_status=follow_up.status.value,
                                       to_status=follow_up.status.value,
                                       from_due_on=previous_due, to_due_on=row.due_on,
                                       note="Changed in the meeting log", changed_by_id=user.id))
        if (created or previous_due != row.due_on) and follow_up.is_overdue(today):
            past_due.append(follow_up)
    return past_due
