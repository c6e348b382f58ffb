"""Progress over time, for the charts on the dashboard and the tracker: follow-ups by status
week by week (rebuilt from their history), recommendation status by theme, and implementation
status counts month by month (from the dated status changes). A fixed number of queries each."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    FollowUp,
    FollowUpChange,
    FollowUpStatus,
    ImplementationStatus,
    Recommendation,
    RecommendationStatusChange,
    Theme,
    recommendation_themes,
)
from app.services.charts import StackedBarChart, stacked_bar_chart

#: Follow-up chart series, in stacking order.
FOLLOW_UP_SERIES = ("Overdue", "Open", "Done or kept", "Dropped or broken")
#: Colour classes (parley.css) of the follow-up and implementation-status series.
FOLLOW_UP_CLASSES = ["c-overdue", "c-open", "c-done", "c-closed"]
STATUS_CLASSES = [f"c-{status.value.replace('_', '-')}" for status in ImplementationStatus]


def _end_of(day: date) -> datetime:
    return datetime.combine(day, time.max, tzinfo=UTC)


def follow_ups_by_week(session: Session, today: date | None = None,
                       weeks: int = 8) -> StackedBarChart:
    """How many follow-ups were overdue, open, done and otherwise closed at the end of each of
    the last ``weeks`` weeks (the last point is today), rebuilt from each one's history.

    One query: the follow-ups joined to their changes.
    """
    today = today or date.today()
    points = [today - timedelta(weeks=n) for n in reversed(range(weeks))]
    rows = session.execute(
        select(FollowUp.id, FollowUp.created_at, FollowUp.status, FollowUp.due_on,
               FollowUpChange.changed_at, FollowUpChange.from_status, FollowUpChange.to_status,
               FollowUpChange.from_due_on, FollowUpChange.to_due_on)
        .outerjoin(FollowUpChange, FollowUpChange.follow_up_id == FollowUp.id)
        .where(FollowUp.archived_at.is_(None))
        .order_by(FollowUp.id, FollowUpChange.changed_at, FollowUpChange.id)
    ).all()
    follow_ups: dict[int, _Timeline] = {}
    for row in rows:
        timeline = follow_ups.setdefault(row.id, _Timeline(row.created_at, row.status.value,
                                                           row.due_on))
        if row.changed_at is not None:
            timeline.changes.append((row.changed_at, row.from_status, row.to_status,
                                     row.from_due_on, row.to_due_on))
    values = []
    for point in points:
        moment = _end_of(point)
        row = [0, 0, 0, 0]
        for timeline in follow_ups.values():
            state = timeline.state_at(moment)
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


@dataclass
class _Timeline:
    """A follow-up's current state and its changes (time, from/to status, from/to due date)."""

    created_at: datetime
    status: str
    due_on: date | None
    changes: list[tuple] = field(default_factory=list)

    def state_at(self, moment: datetime):
        """(status, due date) at ``moment``, or None if the follow-up did not exist yet."""
        born = self.created_at
        if self.changes and self.changes[0][0] < born:
            born = self.changes[0][0]
        if born > moment:
            return None
        state = None
        for changed_at, _, to_status, _, to_due_on in self.changes:
            if changed_at > moment:
                break
            state = (to_status, to_due_on)
        if state is not None:
            return state
        if self.changes:  # before the first recorded change: what that change started from
            _, from_status, to_status, from_due_on, to_due_on = self.changes[0]
            return from_status or to_status, from_due_on or to_due_on
        return self.status, self.due_on


def status_by_theme(session: Session) -> StackedBarChart:
    """Recommendations by implementation status under each top-level theme (one query)."""
    rows = session.execute(
        select(Theme.id, Theme.name, Theme.parent_id, Recommendation.id.label("rec_id"),
               Recommendation.status)
        .outerjoin(recommendation_themes, recommendation_themes.c.theme_id == Theme.id)
        .outerjoin(Recommendation, (Recommendation.id == recommendation_themes.c.recommendation_id)
                   & Recommendation.archived_at.is_(None))
        .where(Theme.archived_at.is_(None))
        .order_by(Theme.position, Theme.id)
    ).all()
    parents = {row.id: row.parent_id for row in rows}
    names = {row.id: row.name for row in rows}

    def root(theme_id: int) -> int:
        seen = set()
        while parents.get(theme_id) in parents and theme_id not in seen:
            seen.add(theme_id)
            theme_id = parents[theme_id]
        return theme_id

    roots = list(dict.fromkeys(t for t in parents if root(t) == t))
    statuses = list(ImplementationStatus)
    by_root: dict[int, dict[int, ImplementationStatus]] = {r: {} for r in roots}
    for row in rows:
        if row.rec_id is not None:
            by_root[root(row.id)][row.rec_id] = row.status
    values = [[sum(1 for s in by_root[r].values() if s is status) for status in statuses]
              for r in roots]
    categories = [names[r] for r in roots]
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
        classes=STATUS_CLASSES, short_labels=[f"{p:%b} ’{p:%y}" for p in points])


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
