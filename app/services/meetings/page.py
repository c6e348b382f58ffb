"""The sections of a meeting's page: what was raised, the follow-ups, the issued packs."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.models import FollowUp, Meeting, Pack, Raising
from app.services.packs.issue import format_labels, issued_packs
from app.services.sections import Sections

MEETING_SECTIONS = Sections("meetings", "meeting_id", "meetings/_sections.html")


@MEETING_SECTIONS.section("raised", "What was raised", empty="Nothing logged yet.")
def raised(meeting: Meeting):
    """What was put to the meeting, in the order it was logged."""
    return (select(Raising)
            .where(Raising.meeting_id == meeting.id, Raising.archived_at.is_(None))
            .options(selectinload(Raising.recommendation), selectinload(Raising.case),
                     selectinload(Raising.theme), selectinload(Raising.person))
            .order_by(Raising.id))


@MEETING_SECTIONS.section("follow_ups", "Follow-ups", empty="No follow-ups.")
def follow_ups(meeting: Meeting):
    """The meeting's follow-ups (not archived), soonest due first."""
    return (select(FollowUp)
            .where(FollowUp.meeting_id == meeting.id, FollowUp.archived_at.is_(None))
            .options(selectinload(FollowUp.owner_user), selectinload(FollowUp.owner_person),
                     selectinload(FollowUp.recommendation), selectinload(FollowUp.case))
            .order_by(FollowUp.due_on.nulls_last(), FollowUp.id))


@MEETING_SECTIONS.section("issued", "Issued packs", extra=format_labels,
                          empty="No pack issued yet. Issued packs are kept exactly as issued "
                                "and can be downloaded again here.")
def issued(meeting: Meeting):
    """The talking-point packs issued for the meeting, newest first."""
    return issued_packs(Pack.meeting_id == meeting.id)
