"""Changes to a follow-up: done, kept, broken, dropped, rescheduled, a week later, reopened.
Each is kept in the follow-up's history (who, when, from and to status and date, note), and
each action has one function, found through :data:`CHANGES`. Functions flush; the caller
commits. A change entered after the fact (the demo's history) passes ``at``, when it
happened; otherwise it happens now."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy.orm import Session

from app.models import ChangeAction, Direction, FollowUp, FollowUpChange, FollowUpStatus, utcnow


class FollowUpRuleError(ValueError):
    """A change that the follow-up's current state does not allow."""


def _record(session: Session, follow_up: FollowUp, action: ChangeAction,
            user_id: int | None, *, to_status: FollowUpStatus | None = None,
            to_due_on: date | None = None, note: str | None = None,
            at: datetime | None = None) -> FollowUpChange:
    change = FollowUpChange(
        follow_up=follow_up, action=action, from_status=follow_up.status.value,
        to_status=(to_status or follow_up.status).value, from_due_on=follow_up.due_on,
        to_due_on=to_due_on if to_due_on is not None else follow_up.due_on,
        note=(note or "").strip() or None, changed_at=at or utcnow(), changed_by_id=user_id,
    )
    session.add(change)
    return change


def _close(session: Session, follow_up: FollowUp, status: FollowUpStatus,
           action: ChangeAction, note: str, user_id: int | None,
           at: datetime | None = None) -> FollowUpChange:
    if follow_up.status is not FollowUpStatus.OPEN:
        raise FollowUpRuleError(f"This follow-up is already {follow_up.status_label.lower()}; "
                                "reopen it first.")
    change = _record(session, follow_up, action, user_id, to_status=status, note=note, at=at)
    follow_up.status = status
    follow_up.outcome = change.note
    follow_up.closed_at = change.changed_at
    session.flush()
    return change


def record_created(session: Session, follow_up: FollowUp, user_id: int | None, *,
                   at: datetime | None = None) -> FollowUpChange:
    """Start the history of a new follow-up (for the pages that create follow-ups)."""
    change = FollowUpChange(follow_up=follow_up, action=ChangeAction.CREATED, from_status=None,
                            to_status=follow_up.status.value, to_due_on=follow_up.due_on,
                            changed_at=at or utcnow(), changed_by_id=user_id)
    session.add(change)
    session.flush()
    return change


def mark_done(session: Session, follow_up: FollowUp, note: str, user_id: int | None, *,
              at: datetime | None = None):
    """Close our follow-up as done, with the outcome."""
    if follow_up.direction is Direction.THEIRS:
        raise FollowUpRuleError("A stakeholder's promise is marked kept or broken, not done.")
    return _close(session, follow_up, FollowUpStatus.DONE, ChangeAction.DONE, note, user_id, at)


def mark_kept(session: Session, follow_up: FollowUp, note: str, user_id: int | None, *,
              at: datetime | None = None):
    """Record that the stakeholder kept their promise."""
    if follow_up.direction is not Direction.THEIRS:
        raise FollowUpRuleError("Only a stakeholder's promise can be marked kept.")
    return _close(session, follow_up, FollowUpStatus.DONE, ChangeAction.KEPT, note, user_id, at)


def mark_broken(session: Session, follow_up: FollowUp, reason: str, user_id: int | None, *,
                at: datetime | None = None):
    """Record that the stakeholder did not keep their promise."""
    if follow_up.direction is not Direction.THEIRS:
        raise FollowUpRuleError("Only a stakeholder's promise can be marked broken.")
    return _close(session, follow_up, FollowUpStatus.BROKEN, ChangeAction.BROKEN, reason,
                  user_id, at)


def drop(session: Session, follow_up: FollowUp, reason: str, user_id: int | None, *,
         at: datetime | None = None):
    """Close the follow-up without doing it, with the reason."""
    return _close(session, follow_up, FollowUpStatus.DROPPED, ChangeAction.DROPPED, reason,
                  user_id, at)


def reschedule(session: Session, follow_up: FollowUp, new_due_on: date, reason: str,
               user_id: int | None) -> FollowUpChange:
    """Move an open follow-up's due date, with the reason."""
    if follow_up.status is not FollowUpStatus.OPEN:
        raise FollowUpRuleError("Only an open follow-up can be rescheduled; reopen it first.")
    if new_due_on == follow_up.due_on:
        raise FollowUpRuleError("The new date is the same as the current one.")
    change = _record(session, follow_up, ChangeAction.RESCHEDULED, user_id,
                     to_due_on=new_due_on, note=reason)
    follow_up.due_on = new_due_on
    session.flush()
    return change


def reopen(session: Session, follow_up: FollowUp, reason: str | None, user_id: int | None):
    """Open a closed follow-up again (the outcome stays in the history)."""
    if follow_up.status is FollowUpStatus.OPEN:
        raise FollowUpRuleError("This follow-up is already open.")
    change = _record(session, follow_up, ChangeAction.REOPENED, user_id,
                     to_status=FollowUpStatus.OPEN, note=reason)
    follow_up.status = FollowUpStatus.OPEN
    follow_up.outcome = None
    follow_up.closed_at = None
    session.flush()
    return change


#: Stored action -> the verb shown in the history.
ACTION_LABELS = {action.value: action.label for action in ChangeAction}


class FollowUpAction(StrEnum):
    """A change an officer asks of a follow-up (the last part of its address)."""

    DONE = "done"
    KEPT = "kept"
    BROKEN = "broken"
    DROP = "drop"
    RESCHEDULE = "reschedule"
    WEEK_LATER = "week"
    REOPEN = "reopen"


@dataclass(frozen=True)
class Change:
    """What an officer asks: the action, its note, and for a reschedule the new date."""

    action: FollowUpAction
    note: str | None = None
    due_on: date | None = None


#: How many days "+1 week" moves a follow-up.
WEEK_LATER_DAYS = 7


def week_later(session: Session, follow_up: FollowUp, note: str | None, user_id: int | None,
               today: date | None = None) -> FollowUpChange:
    """Move an open follow-up one week on: from its due date, or from today when it is
    overdue or has none (a week more to do it, not a week less overdue)."""
    today = today or date.today()
    start = follow_up.due_on if follow_up.due_on and follow_up.due_on >= today else today
    return reschedule(session, follow_up, start + timedelta(days=WEEK_LATER_DAYS), note or "",
                      user_id)


def _new_date(change: Change) -> date:
    """The date a reschedule asks for; refused when it asks for none."""
    if change.due_on is None:
        raise FollowUpRuleError("Choose the new due date.")
    return change.due_on


_Apply = Callable[[Session, FollowUp, Change, "int | None"], FollowUpChange]

#: Each action and the function that makes it (all of them record the change in the history).
CHANGES: dict[FollowUpAction, _Apply] = {
    FollowUpAction.DONE: lambda s, f, c, u: mark_done(s, f, c.note or "", u),
    FollowUpAction.KEPT: lambda s, f, c, u: mark_kept(s, f, c.note or "", u),
    FollowUpAction.BROKEN: lambda s, f, c, u: mark_broken(s, f, c.note or "", u),
    FollowUpAction.DROP: lambda s, f, c, u: drop(s, f, c.note or "", u),
    FollowUpAction.RESCHEDULE: lambda s, f, c, u: reschedule(s, f, _new_date(c), c.note or "", u),
    FollowUpAction.WEEK_LATER: lambda s, f, c, u: week_later(s, f, c.note, u),
    FollowUpAction.REOPEN: lambda s, f, c, u: reopen(s, f, c.note, u),
}


def apply_change(session: Session, follow_up: FollowUp, change: Change,
                 user_id: int | None) -> FollowUpChange:
    """Make ``change`` to the follow-up through :data:`CHANGES`; raises
    :class:`FollowUpRuleError` when its state does not allow it."""
    return CHANGES[change.action](session, follow_up, change, user_id)


def allowed_actions(follow_up: FollowUp) -> list[FollowUpAction]:
    """The changes this follow-up allows now, in the order its page offers them."""
    if follow_up.status is not FollowUpStatus.OPEN:
        return [FollowUpAction.REOPEN]
    if follow_up.direction is Direction.THEIRS:
        return [FollowUpAction.KEPT, FollowUpAction.BROKEN, FollowUpAction.RESCHEDULE,
                FollowUpAction.WEEK_LATER, FollowUpAction.DROP]
    return [FollowUpAction.DONE, FollowUpAction.RESCHEDULE, FollowUpAction.WEEK_LATER,
            FollowUpAction.DROP]


#: The changes a row of the review page offers as one-click buttons (no note needed).
ROW_ACTIONS = (FollowUpAction.DONE, FollowUpAction.KEPT, FollowUpAction.BROKEN,
               FollowUpAction.WEEK_LATER)


def row_actions(follow_up: FollowUp) -> list[FollowUpAction]:
    """The one-click changes of this follow-up's row: Done and "+1 week" for ours; Kept,
    Broken and "+1 week" for a stakeholder's promise; none once it is closed."""
    return [action for action in allowed_actions(follow_up) if action in ROW_ACTIONS]
