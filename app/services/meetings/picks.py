"""The meeting log's one-click picks: what and who a dialogue event's meetings have had most.

- :func:`event_asks`: the recommendations and cases raised most at the event's meetings, for
  "What was raised";
- :func:`event_people`: the stakeholders met most at them, for "Their attendees";
- :func:`event_colleagues`: the colleagues who attended most of them, for "Our attendees".

Each is one grouped query, bounded, then :func:`app.services.lookup.load` (the visibility rule
and the type-ahead's own labels), so a person or case the officer may not see is never offered.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Meeting, Raising, meeting_persons, meeting_users
from app.services.lookup import KINDS, Choice, load

#: The most picks shown above one field.
PICKS_SHOWN = 8


@dataclass
class Picks:
    """The picks of one meeting log page."""

    asks: list[Choice] = field(default_factory=list)
    people: list[Choice] = field(default_factory=list)
    colleagues: list[Choice] = field(default_factory=list)


def picks_for(session: Session, event_id: int | None, user_id: int) -> Picks:
    """Every pick of a log in the event ``event_id`` (none without an event)."""
    if not event_id:
        return Picks()
    return Picks(event_asks(session, event_id), event_people(session, event_id),
                 event_colleagues(session, event_id, user_id))


def _live_meetings(event_id: int):
    return (Meeting.event_id == event_id, Meeting.archived_at.is_(None))


def _loaded(session: Session, wanted: list) -> list[Choice]:
    found = load(session, wanted)
    return [choice for kind, number in wanted
            if (choice := found.get((kind.name, number))) is not None and choice.current]


def event_asks(session: Session, event_id: int, limit: int = PICKS_SHOWN) -> list[Choice]:
    """The recommendations and cases raised at the event's live meetings, most often first
    (ties: the most recent), at most ``limit``."""
    subject = func.coalesce(Raising.recommendation_id, -Raising.case_id)
    rows = session.execute(
        select(subject.label("subject"))
        .join(Meeting, Meeting.id == Raising.meeting_id)
        .where(*_live_meetings(event_id), Raising.archived_at.is_(None),
               Raising.recommendation_id.is_not(None) | Raising.case_id.is_not(None))
        .group_by(subject)
        .order_by(func.count().desc(), func.max(Meeting.starts_at).desc(), subject)
        .limit(limit)).all()
    return _loaded(session, [(KINDS["recommendations"], row.subject) if row.subject > 0
                             else (KINDS["cases"], -row.subject) for row in rows])


def event_people(session: Session, event_id: int, limit: int = PICKS_SHOWN) -> list[Choice]:
    """The stakeholders at the event's live meetings, most often first, at most ``limit``."""
    person = meeting_persons.c.person_id
    rows = session.execute(
        select(person).join(Meeting, Meeting.id == meeting_persons.c.meeting_id)
        .where(*_live_meetings(event_id)).group_by(person)
        .order_by(func.count().desc(), func.max(Meeting.starts_at).desc(), person)
        .limit(limit + 4)).scalars().all()  # a few spare: some may be hidden from the reader
    return _loaded(session, [(KINDS["persons"], number) for number in rows])[:limit]


def event_colleagues(session: Session, event_id: int, user_id: int,
                     limit: int = PICKS_SHOWN) -> list[Choice]:
    """The colleagues (other than ``user_id``) at the event's live meetings, most often first."""
    user = meeting_users.c.user_id
    rows = session.execute(
        select(user).join(Meeting, Meeting.id == meeting_users.c.meeting_id)
        .where(*_live_meetings(event_id), user != user_id).group_by(user)
        .order_by(func.count().desc(), func.max(Meeting.starts_at).desc(), user)
        .limit(limit)).scalars().all()
    return _loaded(session, [(KINDS["users"], number) for number in rows])
