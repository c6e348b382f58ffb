"""What the home dashboard shows: upcoming meetings, past meetings whose outcome is still to
log, the follow-ups due in one scope (Mine or Team), recent case updates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, contains_eager, joinedload, selectinload

from app.models import (
    Case,
    CaseUpdate,
    DialogueEvent,
    FollowUp,
    FollowUpStatus,
    Meeting,
    MeetingStatus,
    meeting_users,
)
from app.services.follow_ups.lists import Scope, ScopeCount, mine, scope_counts
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
    #: whose follow-ups (and meetings to log) are shown
    scope: Scope = Scope.MINE
    #: open, overdue and due-this-week follow-ups of each scope (the switch's numbers)
    scopes: dict[Scope, ScopeCount] = field(default_factory=dict)
    #: past meetings still planned, latest first: their outcome is to be logged
    to_log: list[Meeting] = field(default_factory=list)
    to_log_total: int = 0
    #: dialogue events under way or close (a meeting logged now is likely one of theirs)
    events_now: list[DialogueEvent] = field(default_factory=list)


#: An event counts as "now" from this many days before it starts to this many after it ends.
EVENT_WINDOW = timedelta(days=30)
#: The most events offered beside "Log a meeting".
EVENTS_NOW_SHOWN = 3


def events_now(session: Session, today: date) -> list[DialogueEvent]:
    """Live dialogue events starting within :data:`EVENT_WINDOW` of ``today`` or ended less
    than that ago, the nearest first (at most :data:`EVENTS_NOW_SHOWN`)."""
    ends = func.coalesce(DialogueEvent.ends_on, DialogueEvent.starts_on)
    return list(session.scalars(
        select(DialogueEvent)
        .where(DialogueEvent.archived_at.is_(None),
               DialogueEvent.starts_on <= today + EVENT_WINDOW, ends >= today - EVENT_WINDOW)
        .order_by(DialogueEvent.starts_on.desc(), DialogueEvent.id.desc())
        .limit(EVENTS_NOW_SHOWN)).all())


def _open_follow_ups(scope: Scope, user_id: int):
    statement = select(FollowUp).where(FollowUp.status == FollowUpStatus.OPEN,
                                       FollowUp.archived_at.is_(None))
    if scope is Scope.MINE:
        statement = statement.where(FollowUp.id.in_(mine(user_id)))
    return statement


def _first(session: Session, stmt, limit: int, *order) -> list:
    return list(session.scalars(stmt.order_by(*order).limit(limit)).all())


def meetings_to_log(scope: Scope, user_id: int, today: date):
    """Meetings before ``today`` still planned (their outcome is to be logged): the officer's
    own (those they attend) or the whole team's."""
    start = datetime.combine(today, time.min, tzinfo=UTC)
    statement = select(Meeting).where(Meeting.status == MeetingStatus.PLANNED,
                                      Meeting.archived_at.is_(None), Meeting.starts_at < start)
    if scope is Scope.MINE:
        statement = statement.where(Meeting.id.in_(
            select(meeting_users.c.meeting_id).where(meeting_users.c.user_id == user_id)))
    return statement


def build_dashboard(session: Session, user_id: int, scope: Scope = Scope.MINE,
                    today: date | None = None, limit: int = 10) -> Dashboard:
    """Load the dashboard for ``today`` and the officer ``user_id``: the next ``limit`` planned
    meetings; in ``scope``, the latest ``limit`` past meetings still planned, the ``limit``
    most overdue follow-ups and the first ``limit`` due this week (today to today + 6), each
    with its total; the open follow-ups of both scopes; and the latest ``limit`` case updates."""
    today = today or date.today()
    start = datetime.combine(today, time.min, tzinfo=UTC)
    upcoming = select(Meeting).where(Meeting.starts_at >= start, Meeting.archived_at.is_(None),
                                     Meeting.status == MeetingStatus.PLANNED)
    overdue = _open_follow_ups(scope, user_id).where(FollowUp.due_on < today)
    week = _open_follow_ups(scope, user_id).where(
        FollowUp.due_on >= today, FollowUp.due_on <= today + timedelta(days=6))
    to_log = meetings_to_log(scope, user_id, today)
    # joined, not a query each: the page runs as many queries with empty sections as full ones
    follow_up_loads = (joinedload(FollowUp.owner_user),
                       joinedload(FollowUp.owner_person),
                       joinedload(FollowUp.meeting))
    # the counts of both scopes in one query, the review page's own (so both say the same)
    scopes = scope_counts(session, user_id, today=today, detailed=scope)
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
        overdue_total=scopes[scope].overdue or 0,
        due_this_week_total=scopes[scope].this_week or 0,
        today=today, scope=scope, scopes=scopes,
        to_log=_first(session, to_log.options(joinedload(Meeting.event)), limit,
                      Meeting.starts_at.desc(), Meeting.id.desc()),
        to_log_total=count_of(session, to_log),
        events_now=events_now(session, today),
    )
