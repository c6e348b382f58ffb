"""Dialogue events: the rounds, subcommittees and sessions meetings are prepared around."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.base import Tracked, enum_column
from app.models.enums import LabelledEnum

if TYPE_CHECKING:
    from app.models.meetings import Meeting


class EventKind(LabelledEnum):
    """The kinds of dialogue event."""

    DIALOGUE = "dialogue", "Human rights dialogue"
    SUBCOMMITTEE = "subcommittee"
    UPR_SESSION = "upr_session", "UPR session"
    CONFERENCE = "conference"
    OTHER = "other"


class DialogueEvent(Tracked, Model):
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
