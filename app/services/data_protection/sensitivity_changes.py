"""The two-person rule: lowering a person's or case's sensitivity waits for an admin's approval.

Saving a record with a lower sensitivity keeps the old one and records a pending
:class:`SensitivityChange` (:func:`hold_lowering`, called by the one edit flow,
:func:`app.record_views.pages.edit_page`). Raising stays immediate. An admin other than the
requester approves (the record is lowered, audited naming both) or refuses it
(:func:`decide`). Requests are loaded through a join on their person or case, so the
visibility rule hides those about records the reader is not cleared for.
"""

from __future__ import annotations

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from app.models import Case, Decision, Person, Sensitivity, SensitivityChange, User
from app.models.base import utcnow
from app.security.audit import record

LOWERING_REQUESTED = "Lowering the sensitivity needs an admin's approval; requested."
_ORDER = list(Sensitivity)


class DecisionRefused(ValueError):
    """The decision cannot be taken; the message says why."""


def is_lower(new: Sensitivity | None, old: Sensitivity | None) -> bool:
    """True when ``new`` is a less restricted level than ``old``."""
    if new is None or old is None:
        return False
    return _ORDER.index(Sensitivity(new)) < _ORDER.index(Sensitivity(old))


def hold_lowering(session: Session, target, before: Sensitivity | None,
                  user_id: int | None) -> SensitivityChange | None:
    """Keep ``target``'s sensitivity at ``before`` if it was lowered, and request the change.

    A newer request for the same record replaces a pending one. Returns the request, or None
    when nothing was lowered.
    """
    if before is None or not isinstance(target, (Person, Case)) \
            or not is_lower(target.sensitivity, before):
        return None
    wanted = target.sensitivity
    target.sensitivity = before
    key = SensitivityChange.person_id if isinstance(target, Person) else SensitivityChange.case_id
    change = session.scalar(select(SensitivityChange).where(
        key == target.id, SensitivityChange.decision.is_(None)))
    if change is None:
        change = SensitivityChange(person_id=target.id if isinstance(target, Person) else None,
                                   case_id=target.id if isinstance(target, Case) else None)
        session.add(change)
    change.from_level, change.to_level = before, wanted
    change.requested_by_id, change.requested_at = user_id, utcnow()
    session.flush()
    record(session, "sensitivity_lowering_requested", target, user_id=user_id,
           changes={"sensitivity": [Sensitivity(before).value, wanted.value],
                    "request": change.id})
    return change


def _visible(stmt: Select) -> Select:
    """Join each request to its person or case, so the visibility rule decides what shows."""
    return (stmt.outerjoin(Person, Person.id == SensitivityChange.person_id)
            .outerjoin(Case, Case.id == SensitivityChange.case_id)
            .where(or_(Person.id.is_not(None), Case.id.is_not(None))))


def pending_query() -> Select:
    """The statement of the pending requests about records the reader may see, oldest first."""
    return (_visible(select(SensitivityChange))
            .where(SensitivityChange.decision.is_(None))
            .options(selectinload(SensitivityChange.person), selectinload(SensitivityChange.case),
                     selectinload(SensitivityChange.requested_by))
            .order_by(SensitivityChange.requested_at, SensitivityChange.id))


def pending_changes(session: Session) -> list[SensitivityChange]:
    """Pending requests about records the reader may see, oldest first."""
    return list(session.scalars(pending_query()))


def pending_count(session: Session) -> int:
    """How many pending requests the reader may see."""
    return session.scalar(_visible(select(func.count(SensitivityChange.id)))
                          .where(SensitivityChange.decision.is_(None))) or 0


def get_pending(session: Session, change_id: int) -> SensitivityChange | None:
    """One pending request the reader may see, or None."""
    return session.scalar(_visible(select(SensitivityChange)).where(
        SensitivityChange.id == change_id, SensitivityChange.decision.is_(None)))


def decide(session: Session, change: SensitivityChange, admin: User, approve: bool) -> None:
    """Approve (lower the record) or refuse a pending request; the requester may not decide.

    Raises :class:`DecisionRefused` when ``admin`` made the request, or when the record's
    sensitivity changed since the request (then it is refused as out of date).
    """
    if change.requested_by_id == admin.id:
        raise DecisionRefused("You asked for this change: another admin must decide it.")
    target = change.record
    stale = target.sensitivity != change.from_level
    if approve and stale:
        raise DecisionRefused("The sensitivity changed since this was requested; refuse it "
                              "and ask for a new request.")
    change.decision = Decision.APPROVED if approve else Decision.REFUSED
    change.decided_by_id, change.decided_at = admin.id, utcnow()
    if approve:
        target.sensitivity = change.to_level
    requester = session.get(User, change.requested_by_id) if change.requested_by_id else None
    record(session, "sensitivity_lowered" if approve else "sensitivity_lowering_refused",
           target, user_id=admin.id, changes={
               "sensitivity": [change.from_level.value, change.to_level.value],
               "requested_by": requester.name if requester else None,
               "requested_by_id": change.requested_by_id,
               "decided_by": admin.name, "decided_by_id": admin.id, "request": change.id})
    session.flush()
