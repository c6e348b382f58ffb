"""Commitments made at meetings, by us or by them, and every change to them."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.base import Tracked, UTCDateTime, enum_column, utcnow
from app.models.enums import LabelledEnum

if TYPE_CHECKING:
    from app.models.cases import Case
    from app.models.meetings import Meeting
    from app.models.people import Person
    from app.models.recommendations import Recommendation
    from app.models.users import User


class Direction(LabelledEnum):
    """Whose commitment it is."""

    OURS = "ours"
    THEIRS = "theirs"


class FollowUpStatus(LabelledEnum):
    """Open, done (for theirs: kept), dropped, or broken (theirs only)."""

    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"
    BROKEN = "broken"


class ChangeAction(LabelledEnum):
    """What a change in a follow-up's history did (stored as its value)."""

    CREATED = "created"
    DONE = "done", "Marked done"
    KEPT = "kept", "Marked kept"
    BROKEN = "broken", "Marked broken"
    DROPPED = "dropped"
    RESCHEDULED = "rescheduled"
    REOPENED = "reopened"
    #: The follow-up left the meeting log (archived with its row).
    ARCHIVED = "archived"
    #: A change of status or date recorded without a named action (histories written
    #: outside the follow-up pages).
    CHANGED = "changed"


class FollowUp(Tracked, Model):
    """Something one side committed to do by a date."""

    __tablename__ = "follow_ups"
    #: Composite indexes for the orders and filters of the lists (see the migration).
    __table_args__ = (
        # the live open ones by due date, and how many of each side (dashboard, review
        # sections and their counts, from the index alone: it also holds what the visibility
        # rule and the "mine" scope read)
        Index("ix_follow_ups_open_review", "status", "archived_at", "due_on", "id",
              "direction", "case_id", "owner_person_id", "owner_user_id", "meeting_id"),
        Index("ix_follow_ups_owner_user_id_status_due_on", "owner_user_id", "status", "due_on"),
        # the closed ones, latest first: SQLite reads it backwards; PostgreSQL has its own
        # index in that order (app/services/database_only.py)
        Index("ix_follow_ups_closed_at_id", "closed_at", "id"),
        # ours or theirs at given meetings (a profile's commitments, "my follow-ups")
        Index("ix_follow_ups_meeting_id_direction", "meeting_id", "direction"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL"), index=True
    )
    description: Mapped[str] = mapped_column(Text)
    direction: Mapped[Direction] = mapped_column(enum_column(Direction), index=True)
    #: The officer who owns it (ours).
    owner_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    #: The stakeholder who committed (theirs).
    owner_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL"), index=True
    )
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    #: No index of its own: a status is never selective; lists and counts read by status
    #: through the composite indexes above, which SQLite would otherwise pass over for it.
    status: Mapped[FollowUpStatus] = mapped_column(
        enum_column(FollowUpStatus), default=FollowUpStatus.OPEN
    )
    #: Outcome note when done, or the reason when dropped or broken.
    outcome: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    recommendation_id: Mapped[int | None] = mapped_column(
        ForeignKey("recommendations.id", ondelete="SET NULL"), index=True
    )
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"), index=True)

    meeting: Mapped[Meeting | None] = relationship(back_populates="follow_ups")
    owner_user: Mapped[User | None] = relationship(foreign_keys=[owner_user_id])
    owner_person: Mapped[Person | None] = relationship(foreign_keys=[owner_person_id])
    recommendation: Mapped[Recommendation | None] = relationship()
    case: Mapped[Case | None] = relationship()
    changes: Mapped[list[FollowUpChange]] = relationship(
        back_populates="follow_up", order_by="FollowUpChange.changed_at.desc()"
    )

    @property
    def status_label(self) -> str:
        """Status in the users' words: a stakeholder's open promise is "pending", a done one "kept"."""
        if self.direction is Direction.THEIRS:
            return {"open": "Pending", "done": "Kept", "dropped": "Dropped",
                    "broken": "Broken"}[self.status.value]
        return self.status.value.capitalize()

    def is_overdue(self, today: date | None = None) -> bool:
        """Open and past its due date."""
        today = today or date.today()
        return self.status is FollowUpStatus.OPEN and self.due_on is not None and self.due_on < today


class FollowUpChange(Model):
    """One change to a follow-up: created, done, dropped, rescheduled, reopened. Append-only."""

    __tablename__ = "follow_up_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    follow_up_id: Mapped[int] = mapped_column(
        ForeignKey("follow_ups.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[ChangeAction] = mapped_column(enum_column(ChangeAction, length=30))
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str | None] = mapped_column(String(32))
    from_due_on: Mapped[date | None] = mapped_column(Date)
    to_due_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    changed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    follow_up: Mapped[FollowUp] = relationship(back_populates="changes")
    changed_by: Mapped[User | None] = relationship()
