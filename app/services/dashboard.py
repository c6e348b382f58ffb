"""What the home dashboard shows: upcoming meetings, follow-ups due, recent case updates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, contains_eager, joinedload, selectinload

from app.models import Case, CaseUpdate, FollowUp, FollowUpStatus, Meeting, MeetingStatus
from app.services.listing import count_of


@dataclass
class Dashboard:
    """Everything on the home page, loaded in a fixed number of queries: the first rows of each
    section and, counted by the database, how many there are in all."""

    upcoming_meetings: list[Meeting]
    overdue_follow_ups: list[FollowUp]
    due_this_week: list[FollowUp]
    recent_case_updates: list[CaseUpdate]
    upcoming_total: int = 0
    overdue_total: int = 0
    due_this_week_total: int = 0
    today: date | None = None


def _open_follow_ups():
    return select(FollowUp).where(FollowUp.status == FollowUpStatus.OPEN,
                                  FollowUp.archived_at.is_(None))


def _first(session: Session, stmt, limit: int, *order) -> list:
    return list(session.scalars(stmt.order_by(*order).limit(limit)).all())


def build_dashboard(session: Session, today: date | None = None, limit: int = 10) -> Dashboard:
    """Load the dashboard for ``today``: the next ``limit`` planned meetings, the ``limit`` most
    overdue follow-ups and the first ``limit`` due this week (today to today + 6), each with
    its total, and the latest ``limit`` case updates."""
    today = today or date.today()
    start = datetime.combine(today, time.min, tzinfo=UTC)
    upcoming = select(Meeting).where(Meeting.starts_at >= start, Meeting.archived_at.is_(None),
                                     Meeting.status == MeetingStatus.PLANNED)
    overdue = _open_follow_ups().where(FollowUp.due_on < today)
    week = _open_follow_ups().where(FollowUp.due_on >= today,
                                    FollowUp.due_on <= today + timedelta(days=6))
    # joined, not a query each: the page runs as many queries with empty sections as full ones
    follow_up_loads = (joinedload(FollowUp.owner_user),
                       joinedload(FollowUp.owner_person),
                       joinedload(FollowUp.meeting))
    week_end = today + timedelta(days=6)
    overdue_total, week_total = session.execute(  # both follow-up totals in one COUNT
        _open_follow_ups().where(FollowUp.due_on <= week_end)
        .with_only_columns(func.count(FollowUp.id).filter(FollowUp.due_on < today),
                           func.count(FollowUp.id).filter(FollowUp.due_on >= today))).one()
    updates = session.scalars(
        select(CaseUpdate)
        .join(CaseUpdate.case)
        .where(CaseUpdate.archived_at.is_(None), Case.archived_at.is_(None))
        .options(contains_eager(CaseUpdate.case))
        .order_by(CaseUpdate.happened_on.desc(), CaseUpdate.id.desc())
        .limit(limit)
    ).all()
    return Dashboard(
        upcoming_meetings=_first(
            session, upcoming.options(joinedload(Meeting.event),
                                      selectinload(Meeting.their_attendees)),
            limit, Meeting.starts_at, Meeting.id),
        overdue_follow_ups=_first(session, overdue.options(*follow_up_loads), limit,
                                  FollowUp.due_on, FollowUp.id),
        due_this_week=_first(session, week.options(*follow_up_loads), limit,
                             FollowUp.due_on, FollowUp.id),
        recent_case_updates=list(updates),
        upcoming_total=count_of(session, upcoming),
        overdue_total=overdue_total or 0, due_this_week_total=week_total or 0, today=today,
    )
