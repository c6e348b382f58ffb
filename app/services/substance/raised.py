"""Where a recommendation or a case was raised, with whom, and the follow-ups linked to it:
sections shared by their pages (:data:`RECOMMENDATION_SECTIONS`, :data:`CASE_SECTIONS`)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.models import FollowUp, Meeting, Raising


def raisings_where(*criteria):
    """Raisings matching ``criteria`` (not archived, nor their meeting), newest meeting first,
    with the meeting and the person."""
    return (select(Raising).join(Raising.meeting)
            .where(Raising.archived_at.is_(None), Meeting.archived_at.is_(None), *criteria)
            .options(selectinload(Raising.meeting), selectinload(Raising.person))
            .order_by(Meeting.starts_at.desc(), Raising.id.desc()))


def follow_ups_where(*criteria):
    """Follow-ups matching ``criteria`` (not archived), soonest due first, with their owners."""
    return (select(FollowUp).where(FollowUp.archived_at.is_(None), *criteria)
            .options(selectinload(FollowUp.owner_user), selectinload(FollowUp.owner_person),
                     selectinload(FollowUp.meeting))
            .order_by(FollowUp.due_on.nulls_last(), FollowUp.id))
