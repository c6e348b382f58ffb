"""Progress over time, for the charts on the dashboard and the tracker: follow-ups by status
week by week (rebuilt from their history), recommendation status by theme, and implementation
status counts month by month (from the dated status changes). A fixed number of queries each."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.models import (
    FollowUp,
    FollowUpChange,
    FollowUpStatus,
    ImplementationStatus,
    Recommendation,
    RecommendationStatusChange,
    Theme,
)
from app.services.charts import StackedBarChart, stacked_bar_chart

#: Follow-up chart series, in stacking order.
FOLLOW_UP_SERIES = ("Overdue", "Open", "Done or kept", "Dropped or broken")
#: Colour classes (parley.css) of the follow-up and implementation-status series.
FOLLOW_UP_CLASSES = ["c-overdue", "c-open", "c-done", "c-closed"]
STATUS_CLASSES = [f"c-{status.value.replace('_', '-')}" for status in ImplementationStatus]


def _end_of(day: date) -> datetime:
    return datetime.combine(day, time.max, tzinfo=timezone.utc)


def follow_ups_by_week(session: Session, today: date | None = None,
                       weeks: int = 8) -> StackedBarChart:
    """How many follow-ups were overdue, open, done and otherwise closed at the end of each of
    the last ``weeks`` weeks (the last point is today), rebuilt from each one's history."""
    today = today or date.today()
    points = [today - timedelta(weeks=n) for n in reversed(range(weeks))]
    follow_ups = session.scalars(select(FollowUp).where(FollowUp.archived_at.is_(None))).all()
    history: dict[int, list[FollowUpChange]] = defaultdict(list)
    for change in session.scalars(select(FollowUpChange).order_by(FollowUpChange.changed_at,
                                                                  FollowUpChange.id)):
        history[change.follow_up_id].append(change)
    values = []
    for point in points:
        moment = _end_of(point)
        row = [0, 0, 0, 0]
        for follow_up in follow_ups:
            state = _state_at(follow_up, history.get(follow_up.id, []), moment)
            if state is None:
                continue
            status, due_on = state
            if status == FollowUpStatus.OPEN.value:
                row[0 if due_on is not None and due_on < point else 1] += 1
            elif status == FollowUpStatus.DONE.value:
                row[2] += 1
            else:
                row[3] += 1
        values.append(row)
    labels = [f"{p:%d %b}".lstrip("0") for p in points]
    return stacked_bar_chart(
        "Follow-ups by status, week by week",
        f"Stacked bars for the {weeks} weeks up to {today:%d %b %Y}: follow-ups overdue, open, "
        "done or kept, and dropped or broken at the end of each week. Today: "
        + ", ".join(f"{n} {name.lower()}" for name, n in zip(FOLLOW_UP_SERIES, values[-1])) + ".",
        labels, list(FOLLOW_UP_SERIES), values, category_heading="Week ending",
        classes=FOLLOW_UP_CLASSES)


def _state_at(follow_up: FollowUp, changes: list[FollowUpChange], moment: datetime):
    """(status, due date) of a follow-up at ``moment``, or None if it did not exist yet."""
    born = follow_up.created_at
    if changes and changes[0].changed_at < born:
        born = changes[0].changed_at
    if born > moment:
        return None
    status, due_on = None, None
    for change in changes:
        if change.changed_at > moment:
            break
        status, due_on = change.to_status, change.to_due_on
    if status is None:  # no history before the moment: the state before the first change
        if changes:
            first = changes[0]
            return first.from_status or first.to_status, first.from_due_on or first.to_due_on
        return follow_up.status.value, follow_up.due_on
    return status, due_on


def _root(theme: Theme, by_id: dict[int, Theme]) -> Theme:
    seen = set()
    while theme.parent_id is not None and theme.parent_id in by_id and theme.id not in seen:
        seen.add(theme.id)
        theme = by_id[theme.parent_id]
    return theme


def status_by_theme(session: Session) -> StackedBarChart:
    """Recommendations by implementation status under each top-level theme."""
    themes = session.scalars(select(Theme).where(Theme.archived_at.is_(None))
                             .order_by(Theme.position, Theme.id)).all()
    by_id = {t.id: t for t in themes}
    roots = [t for t in themes if t.parent_id is None or t.parent_id not in by_id]
    recs = session.scalars(select(Recommendation).where(Recommendation.archived_at.is_(None))
                           .options(selectinload(Recommendation.themes))).all()
    statuses = list(ImplementationStatus)
    counts = {root.id: [0] * len(statuses) for root in roots}
    no_theme = [0] * len(statuses)
    for rec in recs:
        rec_roots = {_root(t, by_id).id for t in rec.themes if t.id in by_id}
        for root_id in rec_roots:
            counts[root_id][statuses.index(rec.status)] += 1
        if not rec_roots:
            no_theme[statuses.index(rec.status)] += 1
    categories = [root.name for root in roots]
    values = [counts[root.id] for root in roots]
    if any(no_theme):
        categories.append("No theme")
        values.append(no_theme)
    summary = "; ".join(f"{name}: " + ", ".join(f"{n} {s.label.lower()}"
                                                for s, n in zip(statuses, row) if n)
                        for name, row in zip(categories, values) if any(row))
    return stacked_bar_chart(
        "Recommendation status by theme",
        "Horizontal stacked bars: how many recommendations under each theme are not started, "
        f"in progress, partly implemented, implemented or rejected. {summary}.",
        categories, [s.label for s in statuses], values, horizontal=True,
        category_heading="Theme", classes=STATUS_CLASSES)


def status_counts_over_time(session: Session, today: date | None = None,
                            months: int = 12) -> StackedBarChart:
    """How many recommendations stood at each implementation status at the end of each of the
    last ``months`` months (the last point is today), from the dated status changes."""
    today = today or date.today()
    points = []
    cursor = today
    for _ in range(months):
        points.append(cursor)
        cursor = cursor.replace(day=1) - timedelta(days=1)
    points.reverse()
    recs = session.execute(select(Recommendation.id, Recommendation.status)
                           .where(Recommendation.archived_at.is_(None))).all()
    changes: dict[int, list[RecommendationStatusChange]] = defaultdict(list)
    for change in session.scalars(select(RecommendationStatusChange).order_by(
            RecommendationStatusChange.changed_on, RecommendationStatusChange.id)):
        changes[change.recommendation_id].append(change)
    statuses = list(ImplementationStatus)
    values = []
    for point in points:
        row = [0] * len(statuses)
        for rec_id, current in recs:
            row[statuses.index(_status_on(current, changes.get(rec_id, []), point))] += 1
        values.append(row)
    labels = [f"{p:%b %Y}" for p in points]
    return stacked_bar_chart(
        "Implementation status over time",
        f"Stacked bars for the {months} months up to {today:%d %b %Y}: how many "
        "recommendations were not started, in progress, partly implemented, implemented or "
        "rejected at the end of each month. Now: "
        + ", ".join(f"{n} {s.label.lower()}" for s, n in zip(statuses, values[-1]) if n) + ".",
        labels, [s.label for s in statuses], values, category_heading="Month",
        classes=STATUS_CLASSES)


def _status_on(current: ImplementationStatus, changes: list[RecommendationStatusChange],
               day: date) -> ImplementationStatus:
    status = None
    for change in changes:
        if change.changed_on > day:
            break
        status = change.to_status
    if status is not None:
        return status
    if changes:
        return changes[0].from_status or ImplementationStatus.NOT_STARTED
    return current
