"""Requests to lower a person's or case's sensitivity, waiting for a second person (an admin)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.base import Sensitivity, UTCDateTime, enum_column, utcnow
from app.models.enums import LabelledEnum

if TYPE_CHECKING:
    from app.models.cases import Case
    from app.models.people import Person
    from app.models.users import User


class Decision(LabelledEnum):
    """What an admin decided about a requested lowering."""

    APPROVED = "approved"
    REFUSED = "refused"


class SensitivityChange(Model):
    """A request to lower one record's sensitivity; applied only once another user approves."""

    __tablename__ = "sensitivity_changes"
    __table_args__ = (
        CheckConstraint("(person_id IS NULL) <> (case_id IS NULL)", name="one_record"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The person whose sensitivity would be lowered (or None for a case).
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), index=True
    )
    #: The case whose sensitivity would be lowered (or None for a person).
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    #: The sensitivity when the request was made.
    from_level: Mapped[Sensitivity] = mapped_column(enum_column(Sensitivity))
    #: The lower sensitivity asked for.
    to_level: Mapped[Sensitivity] = mapped_column(enum_column(Sensitivity))
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: None while pending.
    decision: Mapped[Decision | None] = mapped_column(enum_column(Decision), index=True)

    person: Mapped[Person | None] = relationship()
    case: Mapped[Case | None] = relationship()
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def record(self):
        """The person or case the request is about."""
        return self.person if self.person_id is not None else self.case

    @property
    def entity_type(self) -> str:
        """"Person" or "Case"."""
        return "Person" if self.person_id is not None else "Case"

    @property
    def is_pending(self) -> bool:
        """True until an admin approves or refuses it."""
        return self.decision is None
