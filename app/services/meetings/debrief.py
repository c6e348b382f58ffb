"""The debrief after a dialogue event: what was raised with whom, how they answered, what each
side committed to, and what is still open.

The page shows each part as a section (:mod:`app.services.sections`): the first rows, the total
and a link to the paged full list; the "in short" figures are counted in SQL
(:func:`debrief_page`). The Markdown and PDF exports are the whole debrief
(:func:`build_debrief`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, contains_eager, selectinload

from app.models import (
    DialogueEvent,
    Direction,
    FollowUp,
    FollowUpStatus,
    Meeting,
    Raising,
    Stance,
)
from app.services.planner import unindexed
from app.services.sections import Sections

#: The stance counts' label for raisings without one.
NO_STANCE = "No stance recorded"

DEBRIEF_SECTIONS = Sections("debrief", "event_id", "debrief/_sections.html",
                            label=lambda event: f"Debrief: {event.title}", page="event")


def _live_meetings(event: DialogueEvent) -> tuple:
    return (Meeting.event_id == event.id, Meeting.archived_at.is_(None))


def _raised_counts(session: Session, meetings: list[Meeting]) -> dict[int, int]:
    """How many points were raised at each of these meetings (one query)."""
    counts = dict.fromkeys((m.id for m in meetings), 0)
    if counts:
        counts.update(session.execute(
            select(Raising.meeting_id, func.count(Raising.id))
            .where(Raising.meeting_id.in_(list(counts)), Raising.archived_at.is_(None))
            .group_by(Raising.meeting_id)).tuples().all())
    return counts


@DEBRIEF_SECTIONS.section("meetings", "Meetings", extra=_raised_counts,
                          empty="No meetings recorded for this event.")
def meetings(event: DialogueEvent):
    """The event's meetings in time order, with who attended on both sides."""
    return (select(Meeting).where(*_live_meetings(event))
            .options(selectinload(Meeting.their_attendees), selectinload(Meeting.our_attendees))
            .order_by(Meeting.starts_at, Meeting.id))


def _raisings(event: DialogueEvent):
    return (select(Raising).join(Raising.meeting)
            .where(*_live_meetings(event), Raising.archived_at.is_(None)))


@DEBRIEF_SECTIONS.section("raised", "What was raised with whom, and how they answered",
                          empty="Nothing recorded as raised at this event's meetings.")
def raised(event: DialogueEvent):
    """What was raised at the event's meetings, meeting by meeting, and how they answered."""
    return (_raisings(event)
            .options(contains_eager(Raising.meeting), selectinload(Raising.recommendation),
                     selectinload(Raising.case), selectinload(Raising.theme),
                     selectinload(Raising.person))
            .order_by(Meeting.starts_at, Meeting.id, Raising.id))


def _commitments(event: DialogueEvent):
    """Commitments made at the event's meetings, by due date (none last). The event's
    meetings are the selective side: the direction and status are compared without their
    index (:mod:`app.services.planner`), each holding half of all follow-ups."""
    at_event = select(Meeting.id).where(*_live_meetings(event))
    return (select(FollowUp)
            .where(FollowUp.meeting_id.in_(at_event), FollowUp.archived_at.is_(None))
            .options(selectinload(FollowUp.owner_user), selectinload(FollowUp.owner_person))
            .order_by(FollowUp.due_on.asc().nulls_last(), FollowUp.id))


@DEBRIEF_SECTIONS.section("our_commitments", "Our commitments", empty="None recorded.")
def our_commitments(event: DialogueEvent):
    """What we committed to at the event, by due date."""
    return _commitments(event).where(unindexed(FollowUp.direction) == Direction.OURS)


@DEBRIEF_SECTIONS.section("their_commitments", "Their commitments", empty="None recorded.")
def their_commitments(event: DialogueEvent):
    """What the stakeholders committed to at the event, by due date."""
    return _commitments(event).where(unindexed(FollowUp.direction) == Direction.THEIRS)


@DEBRIEF_SECTIONS.section("still_open", "Still open",
                          empty="Nothing is open: every commitment is closed.")
def still_open(event: DialogueEvent):
    """Open commitments of both sides, overdue ones first (oldest due first)."""
    return _commitments(event).where(unindexed(FollowUp.status) == FollowUpStatus.OPEN)


def stance_counts(session: Session, event: DialogueEvent) -> dict[str, int]:
    """How the answers at the event went (supportive, non-committal, opposed, no stance
    recorded), counted in SQL through the visibility rule."""
    found = dict(session.execute(
        select(Raising.stance, func.count(Raising.id)).join(Raising.meeting)
        .where(*_live_meetings(event), Raising.archived_at.is_(None))
        .group_by(Raising.stance)).tuples().all())
    counts = {stance.label: found[stance] for stance in Stance if found.get(stance)}
    if found.get(None):
        counts[NO_STANCE] = found[None]
    return counts


@dataclass
class DebriefPage:
    """The debrief page: the event, its sections (first rows and totals) and the stances."""

    event: DialogueEvent
    sections: dict
    stance_counts: dict[str, int]

    def total(self, name: str) -> int:
        """How many rows section ``name`` holds in all."""
        return self.sections[name].total


def debrief_page(session: Session, event: DialogueEvent) -> DebriefPage:
    """Load the debrief page of ``event``: a fixed number of queries, whatever its size."""
    return DebriefPage(event=event, sections=DEBRIEF_SECTIONS.latest(session, event),
                       stance_counts=stance_counts(session, event))


@dataclass
class Debrief:
    """Everything on the debrief of one event, loaded in a fixed number of queries."""

    event: DialogueEvent
    meetings: list[Meeting]
    today: date

    @property
    def raisings(self) -> list[Raising]:
        """Every raising at the event's meetings, meeting by meeting."""
        return [r for m in self.meetings for r in m.raisings if r.archived_at is None]

    @property
    def follow_ups(self) -> list[FollowUp]:
        """Every commitment made at the event's meetings."""
        return [f for m in self.meetings for f in m.follow_ups if f.archived_at is None]

    @property
    def ours(self) -> list[FollowUp]:
        """What we committed to, by due date."""
        return _by_due([f for f in self.follow_ups if f.direction is Direction.OURS])

    @property
    def theirs(self) -> list[FollowUp]:
        """What the stakeholders committed to, by due date."""
        return _by_due([f for f in self.follow_ups if f.direction is Direction.THEIRS])

    @property
    def still_open(self) -> list[FollowUp]:
        """Open commitments of both sides, overdue ones first (oldest first)."""
        return _by_due([f for f in self.follow_ups if f.status is FollowUpStatus.OPEN])

    @property
    def stance_counts(self) -> dict[str, int]:
        """How the answers went: supportive, non-committal, opposed, no stance recorded."""
        counts: dict[str, int] = {}
        for raising in self.raisings:
            key = raising.stance.label if raising.stance else NO_STANCE
            counts[key] = counts.get(key, 0) + 1
        return counts


def _by_due(rows: list[FollowUp]) -> list[FollowUp]:
    return sorted(rows, key=lambda f: (f.due_on is None, f.due_on or date.max, f.id))


def build_debrief(session: Session, event: DialogueEvent, today: date | None = None) -> Debrief:
    """Load the event's meetings with their attendees, raisings and follow-ups."""
    meetings = session.scalars(
        select(Meeting)
        .where(Meeting.event_id == event.id, Meeting.archived_at.is_(None))
        .options(
            selectinload(Meeting.our_attendees), selectinload(Meeting.their_attendees),
            selectinload(Meeting.raisings).selectinload(Raising.recommendation),
            selectinload(Meeting.raisings).selectinload(Raising.case),
            selectinload(Meeting.raisings).selectinload(Raising.theme),
            selectinload(Meeting.raisings).selectinload(Raising.person),
            selectinload(Meeting.follow_ups).selectinload(FollowUp.owner_user),
            selectinload(Meeting.follow_ups).selectinload(FollowUp.owner_person),
        )
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    return Debrief(event=event, meetings=list(meetings), today=today or date.today())
