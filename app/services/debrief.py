"""The debrief after a dialogue event: what was raised with whom, how they answered, what each
side committed to, and what is still open. One loading function for the page and exports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.models import (
    DialogueEvent,
    Direction,
    FollowUp,
    FollowUpStatus,
    Meeting,
    Raising,
)


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
            key = raising.stance.label if raising.stance else "No stance recorded"
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
