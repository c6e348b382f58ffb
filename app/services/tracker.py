"""The recommendation tracker: which recommendation was raised with which stakeholder, how they
answered last time, and what was never raised with the people we are about to meet."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.models import (
    Meeting,
    Person,
    Raising,
    Recommendation,
    Stance,
    Theme,
    meeting_persons,
    recommendation_themes,
)


@dataclass
class Cell:
    """One recommendation with one stakeholder: raised how often, and the latest answer."""

    times: int = 0
    stance: Stance | None = None
    last_on: date | None = None
    last_meeting: str | None = None

    @property
    def raised(self) -> bool:
        """True once raised with this stakeholder."""
        return self.times > 0


@dataclass
class TrackerMatrix:
    """Recommendations (rows) × stakeholders (columns)."""

    recommendations: list[Recommendation]
    persons: list[Person]
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)

    def cell(self, recommendation_id: int, person_id: int) -> Cell:
        """The cell for this pair (an empty cell when never raised)."""
        return self.cells.get((recommendation_id, person_id), Cell())

    def raised_count(self, recommendation_id: int) -> int:
        """With how many of the shown stakeholders the recommendation was raised."""
        return sum(1 for p in self.persons if self.cell(recommendation_id, p.id).raised)


def _theme_ids(session: Session, theme_id: int) -> list[int]:
    """The theme and its sub-themes."""
    children = session.scalars(select(Theme.id).where(Theme.parent_id == theme_id)).all()
    return [theme_id, *children]


def recommendations_in_scope(session: Session, theme_id: int | None = None) -> list[Recommendation]:
    """Live recommendations, highest priority first, optionally under one theme."""
    statement = (select(Recommendation).where(Recommendation.archived_at.is_(None))
                 .options(selectinload(Recommendation.themes))
                 .order_by(Recommendation.priority, Recommendation.id))
    if theme_id is not None:
        tagged = select(recommendation_themes.c.recommendation_id).where(
            recommendation_themes.c.theme_id.in_(_theme_ids(session, theme_id)))
        statement = statement.where(Recommendation.id.in_(tagged))
    return list(session.scalars(statement).all())


def _raisings(session: Session, event_id: int | None = None):
    """(raising, meeting) pairs of recommendations, oldest meeting first."""
    statement = (select(Raising, Meeting).join(Meeting, Meeting.id == Raising.meeting_id)
                 .where(Raising.recommendation_id.is_not(None), Raising.archived_at.is_(None),
                        Meeting.archived_at.is_(None))
                 .options(selectinload(Meeting.their_attendees))
                 .order_by(Meeting.starts_at, Raising.id))
    if event_id is not None:
        statement = statement.where(Meeting.event_id == event_id)
    return session.execute(statement).unique().all()


def _people_raised_with(raising: Raising, meeting: Meeting) -> list[int]:
    """A raising names one person, or (person empty) everyone across the table."""
    if raising.person_id is not None:
        return [raising.person_id]
    return [p.id for p in meeting.their_attendees]


def build_matrix(session: Session, theme_id: int | None = None,
                 event_id: int | None = None) -> TrackerMatrix:
    """The matrix for a theme and/or an event: every stakeholder met (in that event) or raised
    with is a column; each cell holds the number of raisings, the latest stance and date."""
    recommendations = recommendations_in_scope(session, theme_id)
    pairs = _raisings(session, event_id)
    wanted = {r.id for r in recommendations}
    cells: dict[tuple[int, int], Cell] = {}
    person_ids: set[int] = set()
    for raising, meeting in pairs:
        for person_id in _people_raised_with(raising, meeting):
            person_ids.add(person_id)
            if raising.recommendation_id not in wanted:
                continue
            cell = cells.setdefault((raising.recommendation_id, person_id), Cell())
            cell.times += 1
            cell.stance = raising.stance  # pairs come oldest first: the last one wins
            cell.last_on = meeting.starts_at.date()
            cell.last_meeting = meeting.title
    met = select(meeting_persons.c.person_id).join(
        Meeting, Meeting.id == meeting_persons.c.meeting_id).where(Meeting.archived_at.is_(None))
    if event_id is not None:
        met = met.where(Meeting.event_id == event_id)
    persons = session.scalars(
        select(Person).where(Person.archived_at.is_(None),
                             Person.id.in_(met) | Person.id.in_(person_ids or [-1]))
        .order_by(Person.full_name)
    ).all()
    return TrackerMatrix(recommendations, list(persons), cells)


def never_raised_with(session: Session, person_ids: list[int],
                      theme_id: int | None = None) -> list[Recommendation]:
    """Recommendations never raised with any of these stakeholders, at any meeting."""
    recommendations = recommendations_in_scope(session, theme_id)
    if not person_ids:
        return recommendations
    raised = set()
    wanted = set(person_ids)
    for raising, meeting in _raisings(session):
        if wanted & set(_people_raised_with(raising, meeting)):
            raised.add(raising.recommendation_id)
    return [r for r in recommendations if r.id not in raised]
