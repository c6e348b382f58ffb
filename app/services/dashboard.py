"""What the home dashboard shows: upcoming meetings, follow-ups due, recent case updates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.models import Case, CaseUpdate, FollowUp, FollowUpStatus, Meeting, MeetingStatus


@dataclass
class Dashboard:
    """Everything on the home page, loaded in a fixed number of queries."""

    upcoming_meetings: list[Meeting]
    overdue_follow_ups: list[FollowUp]
    due_this_week: list[FollowUp]
    recent_case_updates: list[CaseUpdate]


def _follow_up_query():
    return (
        select(FollowUp)
        .where(FollowUp.status == FollowUpStatus.OPEN, FollowUp.archived_at.is_(None))
        .options(
            selectinload(FollowUp.owner_user), selectinload(FollowUp.owner_person),
            selectinload(FollowUp.meeting),
        )
        .order_by(FollowUp.due_on, FollowUp.id)
    )


def build_dashboard(session: Session, today: date | None = None, limit: int = 10) -> Dashboard:
    """Load the dashboard for ``today`` (the follow-up week runs from today to today + 6)."""
    today = today or date.today()
    start = datetime.combine(today, time.min, tzinfo=UTC)
    meetings = session.scalars(
        select(Meeting)
        .where(Meeting.starts_at >= start, Meeting.archived_at.is_(None),
               Meeting.status == MeetingStatus.PLANNED)
        .options(selectinload(Meeting.event), selectinload(Meeting.their_attendees))
        .order_by(Meeting.starts_at)
        .limit(limit)
    ).all()
    overdue = session.scalars(_follow_up_query().where(FollowUp.due_on < today)).all()
    week = session.scalars(
        _follow_up_query().where(FollowUp.due_on >= today,
                                 FollowUp.due_on <= today + timedelta(days=6))
    ).all()
    updates = session.scalars(
        select(CaseUpdate)
        .join(CaseUpdate.case)
        .where(CaseUpdate.archived_at.is_(None), Case.archived_at.is_(None))
        .options(selectinload(CaseUpdate.case))
        .order_by(CaseUpdate.happened_on.desc(), CaseUpdate.id.desc())
        .limit(limit)
    ).all()
    return Dashboard(list(meetings), list(overdue), list(week), list(updates))
