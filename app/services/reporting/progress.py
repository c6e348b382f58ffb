"""Progress over time, for the charts on the dashboard and the tracker: follow-ups by status
week by week (rebuilt from their history), recommendation status by theme, and implementation
status counts month by month (from the dated status changes). A fixed number of queries each,
counting in SQL: no chart reads every row of a large table into Python."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import (
    Date,
    Integer,
    String,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    type_coerce,
    union_all,
)
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
from app.services.reporting.charts import StackedBarChart, stacked_bar_chart
from app.services.substance.themes import top_level_themes

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

    Two queries: one aggregate over the current rows (a follow-up's row is its state after its
    last change), and the follow-ups changed since the first week's end (bounded by recent
    activity, not by the number of follow-ups) with their changes, whose earlier states are
    rebuilt from their history and put in place of their current one.
    """
    today = today or date.today()
    points = [today - timedelta(weeks=n) for n in reversed(range(weeks))]
    since = _end_of(points[0])
    values = _current_counts(session, points)
    moments = [_end_of(point) for point in points]
    for timeline in _recent_timelines(session, since).values():
        now = (timeline.status, timeline.due_on)
        for row, point, moment in zip(values, points, moments, strict=False):
            then = timeline.state_at(moment)
            if timeline.created_at <= moment:  # as counted by _current_counts
                if then == now:
                    continue
                _count(row, now, point, -1)
            _count(row, then, point, +1)
    labels = [f"{p:%d %b}".lstrip("0") for p in points]
    return stacked_bar_chart(
        "Follow-ups by status, week by week",
        f"Stacked bars for the {weeks} weeks up to {today:%d %b %Y}: follow-ups overdue, open, "
        "done or kept, and dropped or broken at the end of each week. Today: "
        + ", ".join(f"{n} {name.lower()}" for name, n in zip(FOLLOW_UP_SERIES, values[-1], strict=False)) + ".",
        labels, list(FOLLOW_UP_SERIES), values, category_heading="Week ending",
        classes=FOLLOW_UP_CLASSES)


def _count(row: list[int], state, point: date, step: int) -> None:
    """Add ``step`` to the series of ``state`` (status, due date) at ``point``; None: none."""
    if state is None:
        return
    status, due_on = state
    status = getattr(status, "value", status)
    if status == FollowUpStatus.OPEN.value:
        row[0 if due_on is not None and due_on < point else 1] += step
    elif status == FollowUpStatus.DONE.value:
        row[2] += step
    else:
        row[3] += step


def _current_counts(session: Session, points: list[date]) -> list[list[int]]:
    """Every live follow-up counted as it stands now, at each point it existed by (its
    creation time), in one GROUP BY query."""
    sums = []
    for point in points:
        born = FollowUp.created_at <= _end_of(point)
        sums += [func.sum(case((born, 1), else_=0)),
                 func.sum(case((and_(born, FollowUp.due_on < point), 1), else_=0))]
    rows = session.execute(
        select(type_coerce(FollowUp.status, String).label("status"), *sums)
        .where(FollowUp.archived_at.is_(None))
        .group_by(FollowUp.status)
    ).all()
    values = [[0, 0, 0, 0] for _ in points]
    for status, *counts in rows:
        for n, row in enumerate(values):
            total, late = counts[2 * n] or 0, counts[2 * n + 1] or 0
            if status == FollowUpStatus.OPEN.value:
                row[0] += late
                row[1] += total - late
            elif status == FollowUpStatus.DONE.value:
                row[2] += total
            else:
                row[3] += total
    return values


def _recent_timelines(session: Session, since: datetime) -> dict[int, _Timeline]:
    """The follow-ups changed after ``since``, each with its whole history."""
    changed = select(FollowUpChange.follow_up_id).where(FollowUpChange.changed_at > since)
    rows = session.execute(
        select(FollowUp.id, FollowUp.created_at, FollowUp.status, FollowUp.due_on,
               FollowUpChange.changed_at, FollowUpChange.from_status, FollowUpChange.to_status,
               FollowUpChange.from_due_on, FollowUpChange.to_due_on)
        .outerjoin(FollowUpChange, FollowUpChange.follow_up_id == FollowUp.id)
        .where(FollowUp.archived_at.is_(None), FollowUp.id.in_(changed))
        .order_by(FollowUp.id, FollowUpChange.changed_at, FollowUpChange.id)
    ).all()
    follow_ups: dict[int, _Timeline] = {}
    for row in rows:
        timeline = follow_ups.setdefault(row.id, _Timeline(row.created_at, row.status.value,
                                                           row.due_on))
        if row.changed_at is not None:
            timeline.changes.append((row.changed_at, row.from_status, row.to_status,
                                     row.from_due_on, row.to_due_on))
    return follow_ups


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


#: Top-level themes drawn in the status chart: those with the most recommendations.
THEMES_CHARTED = 8


def status_by_theme(session: Session) -> StackedBarChart:
    """Recommendations by implementation status under each top-level theme (the
    :data:`THEMES_CHARTED` largest): the themes in one light query, then one GROUP BY over the
    recommendations filed under them (a recommendation under several sub-themes of one theme
    counts once)."""
    tops = top_level_themes()
    themes = session.execute(select(Theme.id, Theme.name, tops.c.top)
                             .outerjoin(tops, tops.c.id == Theme.id)
                             .where(Theme.archived_at.is_(None))
                             .order_by(Theme.position, Theme.id)).all()
    top = {t.id: t.top or t.id for t in themes}
    roots = [t.id for t in themes if top[t.id] == t.id]
    names = {t.id: t.name for t in themes}
    statuses = list(ImplementationStatus)
    counts: dict[tuple[int, str], int] = {}
    if top:
        filed = (select(case(top, value=recommendation_themes.c.theme_id).label("root"),
                        Recommendation.id.label("rec"),
                        type_coerce(Recommendation.status, String).label("status"))
                 .join(recommendation_themes,
                       recommendation_themes.c.recommendation_id == Recommendation.id)
                 .where(Recommendation.archived_at.is_(None),
                        recommendation_themes.c.theme_id.in_(list(top)))
                 .distinct().subquery())
        counts = {(root, status): n for root, status, n in session.execute(
            select(filed.c.root, filed.c.status, func.count())
            .group_by(filed.c.root, filed.c.status))}
    if len(roots) > THEMES_CHARTED:  # the largest themes, kept in their usual order
        size = {r: sum(counts.get((r, s.value), 0) for s in statuses) for r in roots}
        largest = set(sorted(roots, key=lambda r: -size[r])[:THEMES_CHARTED])
        roots = [r for r in roots if r in largest]
    values = [[counts.get((r, s.value), 0) for s in statuses] for r in roots]
    categories = [names[r] for r in roots]
    summary = "; ".join(f"{name}: " + ", ".join(f"{n} {s.label.lower()}"
                                                for s, n in zip(statuses, row, strict=False) if n)
                        for name, row in zip(categories, values, strict=False) if any(row))
    return stacked_bar_chart(
        "Recommendation status by theme",
        "Horizontal stacked bars: how many recommendations under each theme are not started, "
        f"in progress, partly implemented, implemented or rejected. {summary}.",
        categories, [s.label for s in statuses], values, horizontal=True,
        category_heading="Theme", classes=STATUS_CLASSES)


def status_counts_over_time(session: Session, today: date | None = None,
                            months: int = 12) -> StackedBarChart:
    """How many recommendations stood at each implementation status at the end of each of the
    last ``months`` months (the last point is today), from the dated status changes.

    One query: the status of every live recommendation at the end of each month (its latest
    change by then; before its first change, what that change started from; with no change
    at all, its status now), counted by status in SQL.
    """
    today = today or date.today()
    points = []
    cursor = today
    for _ in range(months):
        points.append(cursor)
        cursor = cursor.replace(day=1) - timedelta(days=1)
    points.reverse()
    statuses = list(ImplementationStatus)
    counts = _statuses_on(session, points)
    values = [[counts.get((n, s.value), 0) for s in statuses] for n in range(len(points))]
    labels = [f"{p:%b %Y}" for p in points]
    return stacked_bar_chart(
        "Implementation status over time",
        f"Stacked bars for the {months} months up to {today:%d %b %Y}: how many "
        "recommendations were not started, in progress, partly implemented, implemented or "
        "rejected at the end of each month. Now: "
        + ", ".join(f"{n} {s.label.lower()}" for s, n in zip(statuses, values[-1], strict=False) if n) + ".",
        labels, [s.label for s in statuses], values, category_heading="Month",
        classes=STATUS_CLASSES, short_labels=[f"{p:%b} ’{p:%y}" for p in points])


def _statuses_on(session: Session, points: list[date]) -> dict[tuple[int, str], int]:
    """(point index, status) -> how many live recommendations stood at that status at the end
    of that day. One query: each recommendation's history as intervals of one status (before
    its first change: what that change started from; with no change: its status now), joined
    to the days and counted."""
    change = RecommendationStatusChange
    order = (change.changed_on, change.id)
    history = select(
        change.recommendation_id.label("rec"), change.changed_on.label("start"),
        func.lead(change.changed_on).over(partition_by=change.recommendation_id,
                                          order_by=order).label("end"),
        type_coerce(change.to_status, String).label("status"),
        func.coalesce(type_coerce(change.from_status, String),
                      ImplementationStatus.NOT_STARTED.value).label("before"),
        func.row_number().over(partition_by=change.recommendation_id, order_by=order)
        .label("k"),
    ).subquery()
    nothing = literal(None, Date)
    intervals = union_all(
        select(history.c.rec, history.c.start, history.c.end, history.c.status),
        select(history.c.rec, nothing, history.c.start, history.c.before)
        .where(history.c.k == 1),
        select(Recommendation.id, nothing, nothing,
               type_coerce(Recommendation.status, String))
        .where(~Recommendation.id.in_(select(change.recommendation_id))),
    ).subquery()
    days = union_all(*(select(literal(n, Integer).label("n"), literal(day, Date).label("day"))
                       for n, day in enumerate(points))).subquery()
    rows = session.execute(
        select(days.c.n, intervals.c.status, func.count())
        .select_from(intervals)
        .join(days, and_(or_(intervals.c.start.is_(None), intervals.c.start <= days.c.day),
                         or_(intervals.c.end.is_(None), days.c.day < intervals.c.end)))
        .join(Recommendation, Recommendation.id == intervals.c.rec)
        .where(Recommendation.archived_at.is_(None))
        .group_by(days.c.n, intervals.c.status))
    return {(n, status): total for n, status, total in rows}
