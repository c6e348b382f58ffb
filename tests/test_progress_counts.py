"""The progress charts count in SQL: their numbers equal a direct count over every row, and
their query count does not grow with the rows."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import (
    Direction,
    FollowUp,
    FollowUpChange,
    FollowUpStatus,
    ImplementationStatus,
    Recommendation,
    RecommendationStatusChange,
    Theme,
)
from app.services.reporting import progress
from tests.support.queries import count_queries

TODAY = date(2026, 11, 30)


def _history(session, recommendations=40, follow_ups=60, seed=3) -> None:
    """Recommendations with dated status changes and follow-ups with a consistent history."""
    rng = random.Random(seed)
    top = Theme(name="Top", position=1)
    child = Theme(name="Child", parent=top, position=1)
    grandchild = Theme(name="Grandchild", parent=child, position=1)
    lone = Theme(name="Lone", position=2)
    themes = [top, child, grandchild, lone]
    session.add_all(themes)
    statuses = list(ImplementationStatus)
    for n in range(recommendations):
        rec = Recommendation(text=f"Ask {n}", addressee="Authorities",
                             themes=rng.sample(themes, rng.randint(0, 3)),
                             archived_at=datetime(2026, 1, 1, tzinfo=UTC) if n % 13 == 0
                             else None)
        session.add(rec)
        session.flush()
        current = None
        day = TODAY - timedelta(days=rng.randint(100, 500))
        for _ in range(rng.randint(0, 3)):
            new = rng.choice(statuses)
            session.add(RecommendationStatusChange(recommendation_id=rec.id, from_status=current,
                                                   to_status=new, changed_on=day))
            current, day = new, day + timedelta(days=rng.randint(5, 90))
        rec.status = current or rng.choice(statuses)
    for n in range(follow_ups):
        born = datetime.combine(TODAY - timedelta(days=rng.randint(0, 120)), time(9), UTC)
        due = born.date() + timedelta(days=rng.randint(-5, 40))
        follow_up = FollowUp(description=f"Promise {n}", direction=Direction.OURS, due_on=due,
                             created_at=born)
        session.add(follow_up)
        session.flush()
        state, moment = ("open", due), born
        session.add(FollowUpChange(follow_up_id=follow_up.id, action="created", to_status="open",
                                   to_due_on=due, changed_at=born))
        for _ in range(rng.randint(0, 3)):
            moment += timedelta(days=rng.randint(1, 30))
            if moment.date() > TODAY:
                break
            new = (rng.choice([s.value for s in FollowUpStatus]),
                   state[1] + timedelta(days=rng.choice([0, 7, 14])))
            session.add(FollowUpChange(follow_up_id=follow_up.id, action="changed",
                                       from_status=state[0], to_status=new[0],
                                       from_due_on=state[1], to_due_on=new[1], changed_at=moment))
            state = new
        follow_up.status, follow_up.due_on = FollowUpStatus(state[0]), state[1]
    session.flush()


def _weeks_by_hand(session, weeks: int) -> list[list[int]]:
    """Every follow-up's state at each week's end, from its whole history, in Python."""
    points = [TODAY - timedelta(weeks=n) for n in reversed(range(weeks))]
    values = []
    for point in points:
        moment = datetime.combine(point, time.max, UTC)
        row = [0, 0, 0, 0]
        for f in session.scalars(select(FollowUp).where(FollowUp.archived_at.is_(None))):
            changes = sorted(session.scalars(select(FollowUpChange).where(
                FollowUpChange.follow_up_id == f.id)), key=lambda c: (c.changed_at, c.id))
            if min([f.created_at, *(c.changed_at for c in changes)]) > moment:
                continue
            done = [c for c in changes if c.changed_at <= moment]
            status, due = (done[-1].to_status, done[-1].to_due_on) if done else (
                f.status.value, f.due_on)
            if status == "open":
                row[0 if due is not None and due < point else 1] += 1
            else:
                row[2 if status == "done" else 3] += 1
        values.append(row)
    return values


def _months_by_hand(session, points: list[date]) -> list[list[int]]:
    statuses = list(ImplementationStatus)
    values = []
    for point in points:
        row = [0] * len(statuses)
        for rec in session.scalars(select(Recommendation).where(
                Recommendation.archived_at.is_(None))):
            changes = sorted(rec.status_changes, key=lambda c: (c.changed_on, c.id))
            done = [c for c in changes if c.changed_on <= point]
            if done:
                status = done[-1].to_status
            elif changes:
                status = changes[0].from_status or ImplementationStatus.NOT_STARTED
            else:
                status = rec.status
            row[statuses.index(status)] += 1
        values.append(row)
    return values


def test_follow_up_weeks_equal_a_count_from_every_history(app_context):
    _history(db.session)
    db.session.commit()
    chart = progress.follow_ups_by_week(db.session, today=TODAY, weeks=8)
    assert chart.values == _weeks_by_hand(db.session, 8)
    assert sum(chart.values[-1]) == db.session.scalar(
        select(db.func.count(FollowUp.id)).where(FollowUp.archived_at.is_(None)))


def test_status_months_equal_a_count_from_every_change(app_context):
    _history(db.session)
    db.session.commit()
    chart = progress.status_counts_over_time(db.session, today=TODAY, months=12)
    points = []
    cursor = TODAY
    for _ in range(12):
        points.append(cursor)
        cursor = cursor.replace(day=1) - timedelta(days=1)
    assert chart.values == _months_by_hand(db.session, list(reversed(points)))
    assert any(chart.values[0] != row for row in chart.values)  # history, not a flat line


def test_status_by_theme_counts_each_recommendation_once_under_its_top_theme(app_context):
    _history(db.session)
    db.session.commit()
    chart = progress.status_by_theme(db.session)
    assert chart.categories == ["Top", "Lone"]
    statuses = list(ImplementationStatus)
    for name, ids in (("Top", {"Top", "Child", "Grandchild"}), ("Lone", {"Lone"})):
        expected = [0] * len(statuses)
        for rec in db.session.scalars(select(Recommendation).where(
                Recommendation.archived_at.is_(None))):
            if {t.name for t in rec.themes} & ids:
                expected[statuses.index(rec.status)] += 1
        assert chart.values[chart.categories.index(name)] == expected


def test_charts_run_the_same_queries_with_more_rows(app):
    def run():
        with app.app_context():
            progress.follow_ups_by_week(db.session, today=TODAY)
            progress.status_by_theme(db.session)
            progress.status_counts_over_time(db.session, today=TODAY)

    with app.app_context():
        _history(db.session, recommendations=5, follow_ups=5, seed=1)
        db.session.commit()
    with count_queries(app) as few:
        run()
    with app.app_context():
        _history(db.session, recommendations=80, follow_ups=120, seed=2)
        db.session.commit()
    with count_queries(app) as many:
        run()
    assert len(few) == len(many) <= 6
