"""Dialogue events and the meetings around them."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import Tracked, UTCDateTime, enum_column, link_table


class EventKind(str, enum.Enum):
    """The kinds of dialogue event."""

    DIALOGUE = "dialogue"
    SUBCOMMITTEE = "subcommittee"
    UPR_SESSION = "upr_session"
    CONFERENCE = "conference"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Human label."""
        return {"dialogue": "Human rights dialogue", "subcommittee": "Subcommittee",
                "upr_session": "UPR session", "conference": "Conference",
                "other": "Other"}[self.value]


class DialogueEvent(Tracked, db.Model):
    """A dialogue round, subcommittee or UPR session that meetings are prepared around."""

    __tablename__ = "dialogue_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind), default=EventKind.DIALOGUE)
    starts_on: Mapped[date | None] = mapped_column(Date, index=True)
    ends_on: Mapped[date | None] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(String(300))
    #: IANA time zone of the place, e.g. "Asia/Almaty" (None: UTC, or the event's).
    time_zone: Mapped[str | None] = mapped_column(String(64), nullable=True)
    #: The country the dialogue is held with, e.g. "Kazakhstan".
    counterpart_country: Mapped[str | None] = mapped_column(String(100))
    objectives: Mapped[str | None] = mapped_column(Text)

    meetings: Mapped[list[Meeting]] = relationship(
        back_populates="event", order_by="Meeting.starts_at"
    )

    def __str__(self) -> str:
        return self.title


meeting_users = link_table("meeting_users", "meetings", "users")

meeting_persons = link_table("meeting_persons", "meetings", "persons")

#: A colleague's or a stakeholder's meetings, read from the index alone (their follow-ups,
#: a profile's meetings and commitments).
Index("ix_meeting_users_user_id_meeting_id", meeting_users.c.user_id, meeting_users.c.meeting_id)
Index("ix_meeting_persons_person_id_meeting_id", meeting_persons.c.person_id,
      meeting_persons.c.meeting_id)

meeting_themes = link_table("meeting_themes", "meetings", "themes")


class MeetingStatus(str, enum.Enum):
    """Planned, held or cancelled."""

    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        """Human label."""
        return self.value.capitalize()


class MeetingFormat(str, enum.Enum):
    """How the meeting takes place."""

    IN_PERSON = "in_person"
    VIDEO = "video"
    PHONE = "phone"

    @property
    def label(self) -> str:
        """Human label."""
        return {"in_person": "In person", "video": "Video call", "phone": "Phone"}[self.value]


class Meeting(Tracked, db.Model):
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
    our_attendees = relationship("User", secondary=meeting_users, order_by="User.name")
    their_attendees = relationship("Person", secondary=meeting_persons, order_by="Person.full_name")
    themes = relationship("Theme", secondary=meeting_themes, order_by="Theme.position")
    raisings = relationship("Raising", back_populates="meeting", order_by="Raising.id",
                            cascade="all, delete-orphan")
    follow_ups = relationship("FollowUp", back_populates="meeting", order_by="FollowUp.due_on")

    def __str__(self) -> str:
        return self.title
