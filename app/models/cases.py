"""Individuals at risk and their cases: charges, status and dated developments."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.base import (
    Sensitivity,
    Tracked,
    UTCDateTime,
    enum_column,
    link_table,
    utcnow,
)
from app.models.enums import LabelledEnum
from app.security.field_crypto import PRIVATE, EncryptedText

if TYPE_CHECKING:
    from app.models.people import Person
    from app.models.themes import Theme
    from app.models.users import User

case_themes = link_table("case_themes", "cases", "themes")


class CaseStatus(LabelledEnum):
    """Where a case stands."""

    UNDER_INVESTIGATION = "under_investigation"
    ON_TRIAL = "on_trial"
    CONVICTED = "convicted"
    DETAINED = "detained"
    RELEASED = "released"
    CLOSED = "closed"


class Case(Tracked, Model):
    """The case of a journalist, activist, blogger or lawyer (or a group) facing reprisals."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Name of the case, usually the person's or the group's name.
    title: Mapped[str] = mapped_column(String(300), index=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL"), index=True
    )
    #: True for a group case (a movement, a group of defendants).
    is_group: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Charges, e.g. "Criminal Code art. 274 (knowingly spreading false information)".
    charges: Mapped[str | None] = mapped_column(Text)
    status: Mapped[CaseStatus] = mapped_column(
        enum_column(CaseStatus), default=CaseStatus.UNDER_INVESTIGATION, index=True
    )
    summary: Mapped[str | None] = mapped_column(Text)
    sensitivity: Mapped[Sensitivity] = mapped_column(
        enum_column(Sensitivity), default=Sensitivity.NORMAL, index=True
    )
    #: Whether the case may be named in external material (packs, statements).
    may_be_named: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Internal notes; never in external material (encrypted at rest).
    notes: Mapped[str | None] = mapped_column(EncryptedText(), **PRIVATE)

    person: Mapped[Person | None] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=case_themes, order_by="Theme.position")
    updates: Mapped[list[CaseUpdate]] = relationship(
        back_populates="case", order_by="CaseUpdate.happened_on.desc()"
    )

    def __str__(self) -> str:
        return self.title


class CaseUpdate(Model):
    """A dated development in a case: a hearing, a sentence, a release."""

    __tablename__ = "case_updates"
    #: Composite indexes for the orders and filters of the lists (see the migration).
    __table_args__ = (Index("ix_case_updates_case_id_happened_on", "case_id", "happened_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    happened_on: Mapped[date] = mapped_column(Date, index=True)
    text: Mapped[str] = mapped_column(Text)
    #: Status after this development, if it changed.
    new_status: Mapped[CaseStatus | None] = mapped_column(enum_column(CaseStatus), nullable=True)
    #: Internal only: the update must not appear in external material.
    is_internal: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    case: Mapped[Case] = relationship(back_populates="updates")
    recorded_by: Mapped[User | None] = relationship()

    @property
    def summary(self) -> str:
        """A short form for lists."""
        return self.text if len(self.text) <= 140 else self.text[:137].rstrip() + "…"


