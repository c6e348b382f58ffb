"""The review queue: new persons who may be twins of a restricted person their creator may
not see, waiting for an officer cleared for that person to merge them or tell them apart."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.base import UTCDateTime, enum_column, utcnow
from app.models.enums import LabelledEnum

if TYPE_CHECKING:
    from app.models.people import Person
    from app.models.users import User


class DuplicateResolution(LabelledEnum):
    """How a possible duplicate was closed."""

    MERGED = "merged", "Merged into the restricted record"
    DIFFERENT = "different", "Confirmed as a different person"


class PossibleDuplicate(Model):
    """A new person whose name matches, in some spelling, a person above its creator's clearance.

    Read it only through a join to the restricted person, so that the visibility rule hides
    items about persons the reader may not see (:mod:`app.services.data_protection.review_queue`).
    """

    __tablename__ = "possible_duplicates"
    __table_args__ = (UniqueConstraint("new_person_id", "restricted_person_id",
                                       name="uq_possible_duplicates_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The person just created by a user not cleared for the restricted one.
    new_person_id: Mapped[int] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    #: The restricted person whose name (in some spelling) the new person's matches.
    restricted_person_id: Mapped[int] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: The user who created the new person (never told about the match).
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    #: Set when closed; open items have none.
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    resolved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    resolution: Mapped[DuplicateResolution | None] = mapped_column(
        enum_column(DuplicateResolution))

    new_person: Mapped[Person] = relationship(foreign_keys=[new_person_id])
    restricted_person: Mapped[Person] = relationship(foreign_keys=[restricted_person_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])
