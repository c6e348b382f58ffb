"""The recommendation tracker: which recommendation was raised with which stakeholder, how they
answered last time, and what was never raised with the people we are about to meet.

The matrix is cut into pages both ways (recommendations down, stakeholders across): the
statements here give the rows and the columns, to be paginated by the caller, and
:func:`cells` reads the raisings of one page of each only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, and_, or_, select, union
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
    """Recommendations (rows) × stakeholders (columns): one page of each."""

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


def recommendations_in_scope(session: Session, theme_id: int | None = None) -> Select:
    """Live recommendations, highest priority first, optionally under one theme."""
    statement = (select(Recommendation).where(Recommendation.archived_at.is_(None))
                 .options(selectinload(Recommendation.themes))
                 .order_by(Recommendation.priority, Recommendation.id))
    if theme_id is not None:
        tagged = select(recommendation_themes.c.recommendation_id).where(
            recommendation_themes.c.theme_id.in_(_theme_ids(session, theme_id)))
        statement = statement.where(Recommendation.id.in_(tagged))
    return statement


def _live_raisings(event_id: int | None = None):
    """Conditions on raisings of recommendations at live meetings (of one event)."""
    conditions = [Raising.recommendation_id.is_not(None), Raising.archived_at.is_(None),
                  Meeting.archived_at.is_(None)]
    if event_id is not None:
        conditions.append(Meeting.event_id == event_id)
    return conditions


def persons_in_scope(session: Session, event_id: int | None = None) -> Select:
    """The matrix's columns: everyone met (at the event) or a recommendation was raised with,
    by name.

    Neither reads every meeting and raising per person. SQLite looks each person up in the
    attendance and raisings indexes (EXISTS); PostgreSQL, and any database for one event,
    collect the persons met or raised with first (IN a UNION): each is the fast way there.
    """
    met = (select(meeting_persons.c.person_id)
           .join(Meeting, Meeting.id == meeting_persons.c.meeting_id)
           .where(Meeting.archived_at.is_(None)))
    raised = (select(Raising.person_id).join(Meeting, Meeting.id == Raising.meeting_id)
              .where(Raising.person_id.is_not(None), *_live_raisings(event_id)))
    if event_id is not None:
        met = met.where(Meeting.event_id == event_id)
    if event_id is None and session.get_bind().dialect.name == "sqlite":
        scope = or_(met.where(meeting_persons.c.person_id == Person.id).exists(),
                    raised.where(Raising.person_id == Person.id).exists())
    else:
        scope = Person.id.in_(union(met, raised))
    return (select(Person).where(Person.archived_at.is_(None), scope)
            .order_by(Person.full_name, Person.id))


def cells(session: Session, recommendations: list[Recommendation], persons: list[Person],
          event_id: int | None = None) -> TrackerMatrix:
    """The matrix of these recommendations and stakeholders (one page of each): each cell holds
    the number of raisings, the latest stance and date. A raising names one person, or (person
    empty) everyone across the table. Two queries, whatever the size of the lists."""
    matrix = TrackerMatrix(list(recommendations), list(persons))
    rec_ids, person_ids = [r.id for r in recommendations], [p.id for p in persons]
    if not rec_ids or not person_ids:
        return matrix
    columns = (Raising.recommendation_id, Raising.stance, Meeting.starts_at, Meeting.title,
               Raising.id)
    live = (*_live_raisings(event_id), Raising.recommendation_id.in_(rec_ids))
    named = session.execute(
        select(*columns, Raising.person_id).join(Meeting, Meeting.id == Raising.meeting_id)
        .where(*live, Raising.person_id.in_(person_ids))).all()
    everyone = session.execute(
        select(*columns, meeting_persons.c.person_id)
        .join(Meeting, Meeting.id == Raising.meeting_id)
        .join(meeting_persons, meeting_persons.c.meeting_id == Raising.meeting_id)
        .where(*live, Raising.person_id.is_(None),
               meeting_persons.c.person_id.in_(person_ids))).all()
    for rec_id, stance, starts_at, title, _, person_id in sorted(
            [*named, *everyone], key=lambda row: (row.starts_at, row.id)):
        cell = matrix.cells.setdefault((rec_id, person_id), Cell())
        cell.times += 1
        cell.stance = stance  # oldest first: the last one wins
        cell.last_on = starts_at.date()
        cell.last_meeting = title
    return matrix


def never_raised_with(session: Session, person_ids: list[int],
                      theme_id: int | None = None) -> Select:
    """Recommendations never raised with any of these stakeholders, at any meeting (to be
    paginated)."""
    recommendations = recommendations_in_scope(session, theme_id)
    if not person_ids:
        return recommendations
    attended = select(meeting_persons.c.meeting_id).where(
        meeting_persons.c.person_id.in_(person_ids))
    raised = (select(Raising.recommendation_id).join(Meeting, Meeting.id == Raising.meeting_id)
              .where(*_live_raisings(), or_(
                  Raising.person_id.in_(person_ids),
                  and_(Raising.person_id.is_(None), Raising.meeting_id.in_(attended)))))
    return recommendations.where(Recommendation.id.not_in(raised))
