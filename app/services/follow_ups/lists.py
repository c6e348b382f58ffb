"""Follow-ups to review: the list (overdue first) of one scope (Mine or Team) and its counts,
and the commitments made by or to one stakeholder. Their changes are in
:mod:`app.services.follow_ups.changes`."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import Select, func, or_, select, true, union_all
from sqlalchemy.orm import Session, selectinload

from app.models import (
    Direction,
    FollowUp,
    FollowUpChange,
    FollowUpStatus,
    Meeting,
    meeting_persons,
    meeting_users,
)
from app.services.listing import capped_counts, summed
from app.services.reporting.kept_charts import kept_chart
from app.services.sorting import Sorting

#: Rows on one page of each section of the review page.
SECTION_PER_PAGE = 20
#: "Due soon" and "this week": today and the six days after it.
WEEK_DAYS = 7


class Scope(StrEnum):
    """Whose follow-ups a page shows: the officer's own ("Mine") or everyone's ("Team")."""

    MINE = "mine"
    TEAM = "team"

    @property
    def label(self) -> str:
        """The name on the switch."""
        return "Mine" if self is Scope.MINE else "Team"

    @classmethod
    def from_address(cls, value: str | None) -> Scope:
        """The scope named in a query string; "all" (older links) is the team, anything else
        the officer's own."""
        if value in ("team", "all"):
            return cls.TEAM
        return cls.MINE


@dataclass
class FollowUpFilters:
    """What the review page is narrowed to; ``None`` means no restriction."""

    #: "mine": owned by this officer, or theirs from a meeting they attended
    user_id: int | None = None
    event_id: int | None = None
    person_id: int | None = None  #: the stakeholder who committed, or who was at the meeting
    owner_user_id: int | None = None
    direction: Direction | None = None


@dataclass(frozen=True)
class Section:
    """One section of the review page: its rows (to be paginated in one of ``sorting``'s
    orders)."""

    name: str
    heading: str
    statement: Select
    sorting: Sorting
    is_open: bool = True


def _loading_options(with_history: bool = True):
    options = [
        selectinload(FollowUp.owner_user),
        selectinload(FollowUp.owner_person),
        selectinload(FollowUp.meeting).selectinload(Meeting.event),
        selectinload(FollowUp.recommendation), selectinload(FollowUp.case),
    ]
    if with_history:
        options.append(selectinload(FollowUp.changes).selectinload(FollowUpChange.changed_by))
    return tuple(options)


def mine(user_id: int):
    """Core subquery: ids of an officer's follow-ups: those they own, and the stakeholders'
    promises at meetings they attended. Two index reads (by owner; by the meetings attended
    and the direction) joined by UNION ALL: an OR of the two would have the database read
    every follow-up."""
    follow_ups = FollowUp.__table__
    attended = select(meeting_users.c.meeting_id).where(meeting_users.c.user_id == user_id)
    return union_all(
        select(follow_ups.c.id).where(follow_ups.c.owner_user_id == user_id),
        select(follow_ups.c.id).where(follow_ups.c.meeting_id.in_(attended),
                                      follow_ups.c.direction == Direction.THEIRS))


def about_person(person_id: int):
    """Core subquery: ids of the follow-ups a stakeholder promised, or made at a meeting they
    attended; two index reads joined by UNION ALL (see :func:`mine`)."""
    follow_ups = FollowUp.__table__
    met = select(meeting_persons.c.meeting_id).where(meeting_persons.c.person_id == person_id)
    return union_all(
        select(follow_ups.c.id).where(follow_ups.c.owner_person_id == person_id),
        select(follow_ups.c.id).where(follow_ups.c.meeting_id.in_(met)))


def filters_for(scope: Scope, user_id: int, **other) -> FollowUpFilters:
    """The filters of ``scope`` for this officer, with the ``other`` filters."""
    return FollowUpFilters(user_id=user_id if scope is Scope.MINE else None, **other)


def _filtered(statement, filters: FollowUpFilters):
    statement = statement.where(FollowUp.archived_at.is_(None))
    if filters.user_id is not None:
        statement = statement.where(FollowUp.id.in_(mine(filters.user_id)))
    if filters.event_id is not None:
        in_event = select(Meeting.id).where(Meeting.event_id == filters.event_id)
        statement = statement.where(FollowUp.meeting_id.in_(in_event))
    if filters.person_id is not None:
        statement = statement.where(FollowUp.id.in_(about_person(filters.person_id)))
    if filters.owner_user_id is not None:
        statement = statement.where(FollowUp.owner_user_id == filters.owner_user_id)
    if filters.direction is not None:
        statement = statement.where(FollowUp.direction == filters.direction)
    return statement


def _section_conditions(today: date) -> dict:
    """SQL telling whether a follow-up is in each section of the review page."""
    week_end = today + timedelta(days=WEEK_DAYS - 1)
    is_open = FollowUp.status == FollowUpStatus.OPEN
    return {
        "overdue": is_open & (FollowUp.due_on < today),
        "this_week": is_open & (FollowUp.due_on >= today) & (FollowUp.due_on <= week_end),
        "later": is_open & (FollowUp.due_on > week_end),
        "undated": is_open & FollowUp.due_on.is_(None),
        "closed": FollowUp.status != FollowUpStatus.OPEN,
    }


#: The sortable columns of the open sections with a due date: soonest due first unless the
#: address says otherwise; the commitment's text is read with OFFSET (never in a cursor).
BY_DUE_DATE = Sorting({"due": (FollowUp.due_on,), "commitment": (FollowUp.description,)},
                      default="due", tiebreak=FollowUp.id, by_keyset=frozenset({"due"}),
                      empty_values=False)
#: The open section without due dates: its "due" order is the order they were added in.
UNDATED = Sorting({"due": (), "commitment": (FollowUp.description,)},
                  default="due", tiebreak=FollowUp.id, by_keyset=frozenset({"due"}))
#: The closed section: the latest closed first unless the address says otherwise.
CLOSED = Sorting({"closed": (FollowUp.closed_at,), "status": (FollowUp.status,),
                  "commitment": (FollowUp.description,)},
                 default="closed", descending=True, tiebreak=FollowUp.id,
                 by_keyset=frozenset({"closed", "status"}))

#: The stakeholders' promises counted on the review page, by the status that means each.
PROMISES = {"Pending": FollowUpStatus.OPEN, "Kept": FollowUpStatus.DONE,
            "Broken": FollowUpStatus.BROKEN}


def review_sections(filters: FollowUpFilters | None = None,
                    today: date | None = None) -> list[Section]:
    """The review page's sections, each in the order an officer works through it: overdue
    (oldest first), due this week, later, no due date, then done and closed (latest first).
    Their rows come bare: :func:`load_for_review` loads what the page shows of them."""
    filters = filters or FollowUpFilters()
    today = today or date.today()
    week_end = today + timedelta(days=WEEK_DAYS - 1)
    open_ = _filtered(select(FollowUp), filters).where(FollowUp.status == FollowUpStatus.OPEN)
    return [
        Section("overdue", "Overdue", open_.where(FollowUp.due_on < today), BY_DUE_DATE),
        Section("this_week", "Due this week",
                open_.where(FollowUp.due_on >= today, FollowUp.due_on <= week_end), BY_DUE_DATE),
        Section("later", "Later", open_.where(FollowUp.due_on > week_end), BY_DUE_DATE),
        Section("undated", "No due date", open_.where(FollowUp.due_on.is_(None)), UNDATED),
        Section("closed", "Done and closed",
                _filtered(select(FollowUp), filters).where(FollowUp.status != FollowUpStatus.OPEN),
                CLOSED, is_open=False),
    ]


def load_for_review(session: Session, follow_ups: list[FollowUp]) -> None:
    """Load what the review page shows of these follow-ups (owners, meeting and event,
    recommendation, case, history), in a fixed number of queries for all the sections."""
    ids = [follow_up.id for follow_up in follow_ups]
    if ids:
        session.scalars(select(FollowUp).where(FollowUp.id.in_(ids))
                        .options(*_loading_options())
                        .execution_options(populate_existing=True)).all()


@dataclass(frozen=True)
class ReviewCounts:
    """How many follow-ups each section of the review page holds (``sections``), and how many
    of the stakeholders' promises are pending, kept and broken (``promises``)."""

    sections: dict[str, int]
    promises: dict[str, int]

    @property
    def open(self) -> int:
        """How many are open: the open sections together ("1,000+" when one is capped)."""
        return summed(n for name, n in self.sections.items() if name != "closed")


def _open_ids(filters: FollowUpFilters):
    return _filtered(select(FollowUp.id), filters).where(FollowUp.status == FollowUpStatus.OPEN)


def review_counts(session: Session, filters: FollowUpFilters | None = None,
                  today: date | None = None) -> ReviewCounts:
    """The counts of the review page: each open section and the pending promises counted from
    the open follow-ups alone, each up to a cap ("1,000+": every row counted passes the
    visibility rule, and an exact count would grow with the team's years of work
    (:func:`app.services.listing.capped_counts`)); the closed ones (most of the table
    after years of work) apart.

    Over the whole team, the closed counts are kept a few minutes per clearance like the
    charts (:func:`app.services.reporting.kept_charts.kept_chart`): every follow-up counted
    passes the visibility rule, and reading years of closed ones on every view of the page
    would cost more than the rest of it."""
    filters = filters or FollowUpFilters()
    sections = _section_conditions(today or date.today())
    theirs = FollowUp.direction == Direction.THEIRS
    open_kinds = {name: condition for name, condition in sections.items() if name != "closed"}
    open_kinds["Pending"] = theirs
    counts = capped_counts(session, {name: _open_ids(filters).where(condition)
                                      for name, condition in open_kinds.items()})

    def closed_counts() -> dict[str, int]:
        kinds = {"closed": true(), "Kept": theirs & (FollowUp.status == FollowUpStatus.DONE),
                 "Broken": theirs & (FollowUp.status == FollowUpStatus.BROKEN)}
        closed = session.execute(_filtered(
            select(*(func.count(FollowUp.id).filter(condition) for condition in kinds.values())),
            filters).where(FollowUp.status != FollowUpStatus.OPEN)).one()
        return dict(zip(kinds, (n or 0 for n in closed), strict=True))

    whole_team = filters == FollowUpFilters()
    counts |= (kept_chart(session, "closed follow-ups", closed_counts) if whole_team
               else closed_counts())
    return ReviewCounts({name: counts[name] for name in sections},
                        {label: counts[label] for label in PROMISES})


@dataclass(frozen=True)
class ScopeCount:
    """How many follow-ups of one scope are open, overdue and due this week (each up to a
    cap: :class:`~app.services.listing.AtLeast` past it; ``None`` where not counted)."""

    open: int
    overdue: int | None = None
    this_week: int | None = None


def scope_counts(session: Session, user_id: int, filters: FollowUpFilters | None = None,
                 today: date | None = None, detailed: Scope | None = None,
                 known: dict[Scope, int] | None = None) -> dict[Scope, ScopeCount]:
    """Open follow-ups of each scope (Mine, Team), and the overdue and due-this-week ones of
    the ``detailed`` scope, with the other ``filters`` (their ``user_id`` is ignored), in one
    query, each up to the cap. Only what the page shows and does not know yet (``known``: the
    open ones of a scope it counted already) is counted: on PostgreSQL each count of many
    rows reads the visibility rule's persons once. The same conditions as
    :func:`review_counts`, so the dashboard and the review page agree."""
    sections = _section_conditions(today or date.today())
    other = replace(filters or FollowUpFilters(), user_id=None)
    in_scope = {Scope.TEAM: other, Scope.MINE: replace(other, user_id=user_id)}
    known = known or {}
    wanted = {(scope, "open"): _open_ids(scoped) for scope, scoped in in_scope.items()
              if scope not in known}
    if detailed is not None:
        wanted |= {(detailed, kind): _open_ids(in_scope[detailed]).where(sections[kind])
                   for kind in ("overdue", "this_week")}
    counts = capped_counts(session, wanted) | {(scope, "open"): n for scope, n in known.items()}
    return {scope: ScopeCount(counts[scope, "open"], counts.get((scope, "overdue")),
                              counts.get((scope, "this_week"))) for scope in in_scope}


def last_change(follow_up: FollowUp) -> FollowUpChange | None:
    """The most recent entry of the follow-up's history (who closed it, and when)."""
    if not follow_up.changes:
        return None
    return max(follow_up.changes, key=lambda c: (c.changed_at, c.id or 0))


# --------------------------------------------------------------------------------------------
# Commitments of one stakeholder (their profile, packs)
# --------------------------------------------------------------------------------------------

def commitments_for_person(session: Session, person_id: int) -> list[FollowUp]:
    """What this stakeholder promised (theirs) and what we promised them (ours, at meetings
    they attended): open ones first by due date, then the closed ones, latest first."""
    met = select(meeting_persons.c.meeting_id).where(meeting_persons.c.person_id == person_id)
    rows = session.scalars(
        select(FollowUp)
        .where(FollowUp.archived_at.is_(None), or_(
            (FollowUp.direction == Direction.THEIRS) & (FollowUp.owner_person_id == person_id),
            (FollowUp.direction == Direction.OURS) & FollowUp.meeting_id.in_(met),
        ))
        .options(*_loading_options(with_history=False))
    ).all()
    open_rows = sorted((f for f in rows if f.status is FollowUpStatus.OPEN),
                       key=lambda f: (f.due_on is None, f.due_on or date.max, f.id))
    closed = sorted((f for f in rows if f.status is not FollowUpStatus.OPEN),
                    key=lambda f: (f.closed_at or f.updated_at), reverse=True)
    return open_rows + closed
