"""Meetings with stakeholders, their attendees and themes."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.base import Tracked, UTCDateTime, enum_column, link_table
from app.models.enums import LabelledEnum

if TYPE_CHECKING:
    from app.models.events import DialogueEvent
    from app.models.follow_ups import FollowUp
    from app.models.people import Person
    from app.models.raisings import Raising
    from app.models.themes import Theme
    from app.models.users import User


meeting_users = link_table("meeting_users", "meetings", "users")

meeting_persons = link_table("meeting_persons", "meetings", "persons")

#: A colleague's or a stakeholder's meetings, read from the index alone (their follow-ups,
#: a profile's meetings and commitments).
Index("ix_meeting_users_user_id_meeting_id", meeting_users.c.user_id, meeting_users.c.meeting_id)
Index("ix_meeting_persons_person_id_meeting_id", meeting_persons.c.person_id,
      meeting_persons.c.meeting_id)

meeting_themes = link_table("meeting_themes", "meetings", "themes")


class MeetingStatus(LabelledEnum):
    """Planned, held or cancelled."""

    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"


class MeetingFormat(LabelledEnum):
    """How the meeting takes place."""

    IN_PERSON = "in_person"
    VIDEO = "video", "Video call"
    PHONE = "phone"


class Meeting(Tracked, Model):
    """One meeting with stakeholders, usually within a dialogue event."""

    __tablename__ = "meetings"
    #: Composite indexes for the orders and filters of the lists (see the migration).
    __table_args__ = (
                      # by date; the live ones counted from the index alone (the meetings
                      # list). Not led by archived_at: nearly every meeting is live, and a
                      # planner without statistics (SQLite) would take it for a narrow filter.
                      Index("ix_meetings_starts_at_id_archived_at", "starts_at", "id",
                            "archived_at"),
                      # the next planned meetings, and how many (the dashboard)
                      Index("ix_meetings_status_archived_at_starts_at_id", "status",
                            "archived_at", "starts_at", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("dialogue_events.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    place: Mapped[str | None] = mapped_column(String(300))
    #: IANA time zone of the place, e.g. "Asia/Almaty" (None: UTC, or the event's).
    time_zone: Mapped[str | None] = mapped_column(String(64), nullable=True)
    #: False when the log gave the day only: ``starts_at`` is then noon at the place, and
    #: pages show the date alone.
    time_known: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    format: Mapped[MeetingFormat] = mapped_column(
        enum_column(MeetingFormat), default=MeetingFormat.IN_PERSON
    )
    #: Why this meeting, in the officer's words (goes into the pack).
    purpose: Mapped[str | None] = mapped_column(Text)
    #: What success looks like.
    objective: Mapped[str | None] = mapped_column(Text)
    #: Internal notes in Markdown; never in external material.
    notes: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(Text)
    status: Mapped[MeetingStatus] = mapped_column(
        enum_column(MeetingStatus), default=MeetingStatus.PLANNED, index=True
    )

    event: Mapped[DialogueEvent | None] = relationship(back_populates="meetings")
    our_attendees: Mapped[list[User]] = relationship(secondary=meeting_users,
                                                     order_by="User.name")
    their_attendees: Mapped[list[Person]] = relationship(secondary=meeting_persons,
                                                         order_by="Person.full_name")
    themes: Mapped[list[Theme]] = relationship(secondary=meeting_themes, order_by="Theme.position")
    raisings: Mapped[list[Raising]] = relationship(back_populates="meeting", order_by="Raising.id",
                                                   cascade="all, delete-orphan")
    follow_ups: Mapped[list[FollowUp]] = relationship(back_populates="meeting",
                                                      order_by="FollowUp.due_on")

    def __str__(self) -> str:
        return self.title
