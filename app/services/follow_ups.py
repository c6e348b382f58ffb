"""Follow-up rules: the review list (overdue first), status changes with their history, and
the commitments made by or to one stakeholder. Functions flush; the caller commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, func, or_, select, union_all
from sqlalchemy.orm import Session, selectinload

from app.models import (
    Direction,
    FollowUp,
    FollowUpChange,
    FollowUpStatus,
    Meeting,
    meeting_persons,
    meeting_users,
    utcnow,
)
from app.services.listing import Keyset

#: Rows on one page of each section of the review page.
SECTION_PER_PAGE = 25
#: "Due soon" and "this week": today and the six days after it.
WEEK_DAYS = 7


class FollowUpRuleError(ValueError):
    """A change that the follow-up's current state does not allow."""


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
    """One section of the review page: its rows (to be paginated in ``keyset`` order)."""

    name: str
    heading: str
    statement: Select
    keyset: Keyset
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
    by_date = Keyset((FollowUp.due_on, FollowUp.id), empty_values=False)
    return [
        Section("overdue", "Overdue", open_.where(FollowUp.due_on < today), by_date),
        Section("this_week", "Due this week",
                open_.where(FollowUp.due_on >= today, FollowUp.due_on <= week_end), by_date),
        Section("later", "Later", open_.where(FollowUp.due_on > week_end), by_date),
        Section("undated", "No due date", open_.where(FollowUp.due_on.is_(None)),
                Keyset((FollowUp.id,))),
        Section("closed", "Done and closed",
                _filtered(select(FollowUp), filters).where(FollowUp.status != FollowUpStatus.OPEN),
                Keyset((FollowUp.closed_at, FollowUp.id), descending=True), is_open=False),
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


def review_counts(session: Session, filters: FollowUpFilters | None = None,
                  today: date | None = None) -> ReviewCounts:
    """The counts of the review page, in one pass: a filtered COUNT for each (without the
    filters, read from the index on status, due date and side alone)."""
    sections = _section_conditions(today or date.today())
    theirs = FollowUp.direction == Direction.THEIRS
    promises = {label: theirs & (FollowUp.status == status) for label, status in PROMISES.items()}
    conditions = [*sections.values(), *promises.values()]
    row = session.execute(_filtered(
        select(*(func.count(FollowUp.id).filter(condition) for condition in conditions)),
        filters or FollowUpFilters())).one()
    counts = [n or 0 for n in row]
    return ReviewCounts(dict(zip(sections, counts[:len(sections)], strict=True)),
                        dict(zip(promises, counts[len(sections):], strict=True)))


def last_change(follow_up: FollowUp) -> FollowUpChange | None:
    """The most recent entry of the follow-up's history (who closed it, and when)."""
    if not follow_up.changes:
        return None
    return max(follow_up.changes, key=lambda c: (c.changed_at, c.id or 0))


# --------------------------------------------------------------------------------------------
# Changes: each one is kept as a FollowUpChange with who, when, from/to status and date, note
# --------------------------------------------------------------------------------------------

def _record(session: Session, follow_up: FollowUp, action: str, user_id: int | None, *,
            to_status: FollowUpStatus | None = None, to_due_on: date | None = None,
            note: str | None = None) -> FollowUpChange:
    change = FollowUpChange(
        follow_up=follow_up, action=action, from_status=follow_up.status.value,
        to_status=(to_status or follow_up.status).value, from_due_on=follow_up.due_on,
        to_due_on=to_due_on if to_due_on is not None else follow_up.due_on,
        note=(note or "").strip() or None, changed_at=utcnow(), changed_by_id=user_id,
    )
    session.add(change)
    return change


def _close(session: Session, follow_up: FollowUp, status: FollowUpStatus, action: str,
           note: str, user_id: int | None) -> FollowUpChange:
    if follow_up.status is not FollowUpStatus.OPEN:
        raise FollowUpRuleError(f"This follow-up is already {follow_up.status_label.lower()}; "
                                "reopen it first.")
    change = _record(session, follow_up, action, user_id, to_status=status, note=note)
    follow_up.status = status
    follow_up.outcome = change.note
    follow_up.closed_at = change.changed_at
    session.flush()
    return change


def record_created(session: Session, follow_up: FollowUp, user_id: int | None) -> FollowUpChange:
    """Start the history of a new follow-up (for the pages that create follow-ups)."""
    change = FollowUpChange(follow_up=follow_up, action="created", from_status=None,
                            to_status=follow_up.status.value, to_due_on=follow_up.due_on,
                            changed_at=utcnow(), changed_by_id=user_id)
    session.add(change)
    session.flush()
    return change


def mark_done(session: Session, follow_up: FollowUp, note: str, user_id: int | None):
    """Close our follow-up as done, with the outcome."""
    if follow_up.direction is Direction.THEIRS:
        raise FollowUpRuleError("A stakeholder's promise is marked kept or broken, not done.")
    return _close(session, follow_up, FollowUpStatus.DONE, "done", note, user_id)


def mark_kept(session: Session, follow_up: FollowUp, note: str, user_id: int | None):
    """Record that the stakeholder kept their promise."""
    if follow_up.direction is not Direction.THEIRS:
        raise FollowUpRuleError("Only a stakeholder's promise can be marked kept.")
    return _close(session, follow_up, FollowUpStatus.DONE, "kept", note, user_id)


def mark_broken(session: Session, follow_up: FollowUp, reason: str, user_id: int | None):
    """Record that the stakeholder did not keep their promise."""
    if follow_up.direction is not Direction.THEIRS:
        raise FollowUpRuleError("Only a stakeholder's promise can be marked broken.")
    return _close(session, follow_up, FollowUpStatus.BROKEN, "broken", reason, user_id)


def drop(session: Session, follow_up: FollowUp, reason: str, user_id: int | None):
    """Close the follow-up without doing it, with the reason."""
    return _close(session, follow_up, FollowUpStatus.DROPPED, "dropped", reason, user_id)


def reschedule(session: Session, follow_up: FollowUp, new_due_on: date, reason: str,
               user_id: int | None) -> FollowUpChange:
    """Move an open follow-up's due date, with the reason."""
    if follow_up.status is not FollowUpStatus.OPEN:
        raise FollowUpRuleError("Only an open follow-up can be rescheduled; reopen it first.")
    if new_due_on == follow_up.due_on:
        raise FollowUpRuleError("The new date is the same as the current one.")
    change = _record(session, follow_up, "rescheduled", user_id, to_due_on=new_due_on,
                     note=reason)
    follow_up.due_on = new_due_on
    session.flush()
    return change


def reopen(session: Session, follow_up: FollowUp, reason: str | None, user_id: int | None):
    """Open a closed follow-up again (the outcome stays in the history)."""
    if follow_up.status is FollowUpStatus.OPEN:
        raise FollowUpRuleError("This follow-up is already open.")
    change = _record(session, follow_up, "reopened", user_id, to_status=FollowUpStatus.OPEN,
                     note=reason)
    follow_up.status = FollowUpStatus.OPEN
    follow_up.outcome = None
    follow_up.closed_at = None
    session.flush()
    return change


#: Action name -> the verb shown in the history.
ACTION_LABELS = {
    "created": "Created", "done": "Marked done", "kept": "Marked kept", "broken": "Marked broken",
    "dropped": "Dropped", "rescheduled": "Rescheduled", "reopened": "Reopened",
}


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
