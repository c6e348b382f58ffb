"""Where a recommendation or a case was raised, with whom, and the follow-ups linked to it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.models import FollowUp, Meeting, Raising


def raisings_of(session: Session, *, recommendation_id: int | None = None,
                case_id: int | None = None) -> list[Raising]:
    """Where a recommendation or case was raised, with whom and how they answered; newest first."""
    stmt = (
        select(Raising).join(Raising.meeting)
        .where(Raising.archived_at.is_(None), Meeting.archived_at.is_(None))
        .options(selectinload(Raising.meeting), selectinload(Raising.person))
        .order_by(Meeting.starts_at.desc(), Raising.id.desc())
    )
    if recommendation_id is not None:
        stmt = stmt.where(Raising.recommendation_id == recommendation_id)
    if case_id is not None:
        stmt = stmt.where(Raising.case_id == case_id)
    return list(session.scalars(stmt))


def follow_ups_of(session: Session, *, recommendation_id: int | None = None,
                  case_id: int | None = None) -> list[FollowUp]:
    """Follow-ups linked to a recommendation or a case, soonest due first."""
    stmt = (
        select(FollowUp).where(FollowUp.archived_at.is_(None))
        .options(selectinload(FollowUp.owner_user), selectinload(FollowUp.owner_person),
                 selectinload(FollowUp.meeting))
        .order_by(FollowUp.due_on, FollowUp.id)
    )
    if recommendation_id is not None:
        stmt = stmt.where(FollowUp.recommendation_id == recommendation_id)
    if case_id is not None:
        stmt = stmt.where(FollowUp.case_id == case_id)
    return list(session.scalars(stmt))


def where_raised(session: Session, *, recommendation_id: int | None = None,
                 case_id: int | None = None) -> dict:
    """The ``raisings`` and ``follow_ups`` of a recommendation or case, for its page."""
    which = {"recommendation_id": recommendation_id, "case_id": case_id}
    return {"raisings": raisings_of(session, **which),
            "follow_ups": follow_ups_of(session, **which)}
