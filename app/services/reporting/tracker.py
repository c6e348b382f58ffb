"""The recommendation tracker: which recommendation was raised with which stakeholder, how they
answered last time, and what was never raised with the people we are about to meet.

The matrix is cut into pages both ways (recommendations down, stakeholders across), each axis
a list paged like every other (:func:`app.services.listing.page_of`: a COUNT and one page), and
the cells of the two pages come from one windowed query over the raisings of that page's
recommendations and stakeholders (:func:`build_matrix`). The number of queries and the size of
the page do not depend on how many raisings, meetings or persons there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, union_all
from sqlalchemy.orm import Session

from app.models import (
    Meeting,
    Party,
    Person,
    Raising,
    Recommendation,
    Stance,
    meeting_persons,
    recommendation_themes,
)
from app.services.listing import Page
from app.services.reporting.kept_charts import kept_chart
from app.services.substance.addressees import parties_for
from app.services.substance.themes import filed_under, theme_and_below

#: Recommendations (rows) on one page of the matrix.
ROWS_PER_PAGE = 25
#: Stakeholders (columns) on one page of the matrix.
COLUMNS_PER_PAGE = 10
#: Recommendations listed under "never raised with" (the rest are counted).
GAP_SHOWN = 50


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
    """One page of recommendations (rows) × one page of stakeholders (columns)."""

    rows: Page
    columns: Page
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)

    @property
    def recommendations(self) -> list[Recommendation]:
        """The recommendations of this page, by priority."""
        return self.rows.items

    @property
    def persons(self) -> list[Person]:
        """The stakeholders of this page, by name."""
        return self.columns.items

    def cell(self, recommendation_id: int, person_id: int) -> Cell:
        """The cell for this pair (an empty cell when never raised)."""
        return self.cells.get((recommendation_id, person_id), Cell())

    def raised_count(self, recommendation_id: int) -> int:
        """With how many of the shown stakeholders the recommendation was raised."""
        return sum(1 for p in self.persons if self.cell(recommendation_id, p.id).raised)


def _in_scope(theme_id: int | None) -> list:
    """WHERE clauses: live recommendations, under the theme or any theme below it."""
    clauses = [Recommendation.archived_at.is_(None)]
    if theme_id is not None:
        clauses.append(filed_under(Recommendation.id, recommendation_themes,
                                   theme_and_below(theme_id)))
    return clauses


def _live_raisings(event_id: int | None) -> list:
    """WHERE clauses on Raising joined to Meeting: live raisings of recommendations."""
    clauses: list[ColumnElement[bool]] = [
        Raising.recommendation_id.is_not(None), Raising.archived_at.is_(None),
        Meeting.archived_at.is_(None)]
    if event_id is not None:
        clauses.append(Meeting.event_id == event_id)
    return clauses


def _stakeholders(event_id: int | None) -> list:
    """WHERE clauses on Person for the columns: the live stakeholders a recommendation was
    ever raised with (an index probe each); for an event, those met at its meetings or raised
    with there (small sets, read once)."""
    live = [Person.archived_at.is_(None), Person.erased_at.is_(None)]
    if event_id is None:
        raised_with = (select(Raising.id).where(Raising.person_id == Person.id,
                                                Raising.recommendation_id.is_not(None),
                                                Raising.archived_at.is_(None)).exists())
        return [*live, raised_with]
    met = (select(meeting_persons.c.person_id)
           .join(Meeting, Meeting.id == meeting_persons.c.meeting_id)
           .where(Meeting.archived_at.is_(None), Meeting.event_id == event_id))
    raised = (select(Raising.person_id).join(Meeting, Meeting.id == Raising.meeting_id)
              .where(Raising.person_id.is_not(None), *_live_raisings(event_id)))
    return [*live, or_(Person.id.in_(met), Person.id.in_(raised))]


def recommendations(theme_id: int | None = None) -> Select:
    """The matrix's rows: live recommendations under the theme (all by default), by priority."""
    return (select(Recommendation).where(*_in_scope(theme_id))
            .order_by(Recommendation.priority, Recommendation.id))


def count_stakeholders(session: Session, event_id: int | None = None) -> int:
    """How many stakeholders the columns hold. Over all events it is a count over every
    person (an index probe each), kept a few minutes per clearance like the charts
    (:func:`app.services.reporting.kept_charts.kept_chart`); for one event it is counted each time."""
    def count() -> int:
        return session.scalar(select(func.count(Person.id))
                              .where(*_stakeholders(event_id))) or 0

    if event_id is not None:
        return count()
    return kept_chart(session, "tracker_stakeholders", count)


def stakeholders(event_id: int | None = None) -> Select:
    """The matrix's columns by name: the stakeholders a recommendation was raised with; for an
    event, those met or raised with there."""
    return select(Person).where(*_stakeholders(event_id)).order_by(Person.full_name, Person.id)


def build_matrix(session: Session, rows: Page, columns: Page,
                 event_id: int | None = None) -> TrackerMatrix:
    """The matrix of one page of :func:`recommendations` and one page of :func:`stakeholders`:
    each cell holds the number of raisings (at the event's meetings, for an event) and the
    latest stance and date."""
    cells = _cells(session, [r.id for r in rows.items], [p.id for p in columns.items], event_id)
    return TrackerMatrix(rows, columns, cells)


def _cells(session: Session, rec_ids: list[int], person_ids: list[int],
           event_id: int | None) -> dict[tuple[int, int], Cell]:
    """The cells of one page, in one query: a raising names one person, or (person empty)
    counts for everyone across the table at its meeting."""
    if not rec_ids or not person_ids:
        return {}
    columns = (Raising.recommendation_id.label("rec"), Raising.stance.label("stance"),
               Meeting.starts_at.label("starts_at"), Meeting.title.label("title"),
               Raising.id.label("raising"))
    live = [*_live_raisings(event_id), Raising.recommendation_id.in_(rec_ids)]
    # Both read the index on (recommendation, person): one probe per pair of the page, or per
    # recommendation for the raisings with the meeting as a whole.
    named = (select(*columns, Raising.person_id.label("person"))
             .join(Meeting, Meeting.id == Raising.meeting_id)
             .where(*live, Raising.person_id.in_(person_ids)))
    whole = (select(*columns, meeting_persons.c.person_id.label("person"))
             .join(Meeting, Meeting.id == Raising.meeting_id)
             .join(meeting_persons, meeting_persons.c.meeting_id == Meeting.id)
             .where(*live, Raising.person_id.is_(None),
                    meeting_persons.c.person_id.in_(person_ids)))
    both = union_all(named, whole).subquery()
    pair = (both.c.rec, both.c.person)
    ranked = select(
        both,
        func.count().over(partition_by=pair).label("times"),
        func.row_number().over(partition_by=pair,
                               order_by=(both.c.starts_at.desc(), both.c.raising.desc()))
        .label("n"),
    ).subquery()
    result = session.execute(
        select(ranked.c.rec, ranked.c.person, ranked.c.times, ranked.c.stance,
               ranked.c.starts_at, ranked.c.title).where(ranked.c.n == 1))
    return {(row.rec, row.person): Cell(row.times, row.stance, row.starts_at.date(), row.title)
            for row in result}


def never_raised_with(session: Session, person_ids: list[int], theme_id: int | None = None,
                      limit: int = GAP_SHOWN, counterpart: Party | None = None
                      ) -> tuple[list[Recommendation], int]:
    """Recommendations never raised with any of these stakeholders, at any meeting: the first
    ``limit`` by priority, and how many there are in all. With ``counterpart`` (who these
    people are: :func:`app.services.substance.addressees.meeting_counterpart`), only the
    recommendations that are for them, as asks or as points to raise
    (:func:`app.services.substance.addressees.use_for`). Three light queries: what was raised with them
    (ids), the recommendations in scope (ids), then the ones shown."""
    scope = _in_scope(theme_id)
    if counterpart is not None:
        scope.append(Recommendation.addressed_to.in_(parties_for(counterpart)))
    raised: set[int] = set()
    if person_ids:
        at_their_meetings = select(meeting_persons.c.meeting_id).where(
            meeting_persons.c.person_id.in_(person_ids))
        raised = set(session.scalars(
            select(Raising.recommendation_id).distinct()
            .join(Meeting, Meeting.id == Raising.meeting_id)
            .where(*_live_raisings(None),
                   or_(Raising.person_id.in_(person_ids),
                       and_(Raising.person_id.is_(None),
                            Raising.meeting_id.in_(at_their_meetings))))))
    ids = [rec_id for rec_id in session.scalars(
        select(Recommendation.id).where(*scope)
        .order_by(Recommendation.priority, Recommendation.id)) if rec_id not in raised]
    shown = {r.id: r for r in session.scalars(
        select(Recommendation).where(Recommendation.id.in_(ids[:limit] or [-1])))}
    return [shown[i] for i in ids[:limit] if i in shown], len(ids)
