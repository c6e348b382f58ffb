"""Cases: dated developments, which may move the case to a new status; the sections of a
case's page."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.models import Case, CaseStatus, CaseUpdate, FollowUp, Raising
from app.security.audit import acting_user_id
from app.services.sections import Sections
from app.services.substance.raised import follow_ups_where, raisings_where


def add_update(session: Session, case: Case, happened_on: date, text: str,
               new_status: CaseStatus | None = None, is_internal: bool = False) -> CaseUpdate:
    """Record a development; a new status becomes the case's status unless a later update exists."""
    update = CaseUpdate(case=case, happened_on=happened_on, text=text, new_status=new_status,
                        is_internal=is_internal, recorded_by_id=acting_user_id(session))
    session.add(update)
    if new_status is not None:
        later = [u for u in case.updates if u is not update and u.new_status is not None
                 and u.archived_at is None and u.happened_on > happened_on]
        if not later:
            case.status = new_status
    session.flush()
    return update


CASE_SECTIONS = Sections("cases", "case_id", "cases/_sections.html")


@CASE_SECTIONS.section("updates", "Updates", empty="No updates yet.")
def updates(case: Case):
    """A case's developments, newest first, with who recorded them."""
    return (select(CaseUpdate)
            .where(CaseUpdate.case_id == case.id, CaseUpdate.archived_at.is_(None))
            .options(selectinload(CaseUpdate.recorded_by))
            .order_by(CaseUpdate.happened_on.desc(), CaseUpdate.id.desc()))


@CASE_SECTIONS.section("raised", "Where it was raised", empty="Not raised in any meeting yet.")
def raised(case: Case):
    """Where the case was raised, with whom and how they answered; newest first."""
    return raisings_where(Raising.case_id == case.id)


@CASE_SECTIONS.section("follow_ups", "Follow-ups", empty="No follow-ups.")
def follow_ups(case: Case):
    """Follow-ups linked to the case, soonest due first."""
    return follow_ups_where(FollowUp.case_id == case.id)
