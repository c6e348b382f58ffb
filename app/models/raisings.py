"""What was put to a meeting, with whom, and how they answered."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.base import Tracked, enum_column
from app.models.enums import LabelledEnum

if TYPE_CHECKING:
    from app.models.cases import Case
    from app.models.meetings import Meeting
    from app.models.people import Person
    from app.models.recommendations import Recommendation
    from app.models.themes import Theme


class Stance(LabelledEnum):
    """How a stakeholder responded to what we raised."""

    SUPPORTIVE = "supportive"
    NON_COMMITTAL = "non_committal", "Non-committal"
    OPPOSED = "opposed"


class Raising(Tracked, Model):
    """A recommendation, case or theme raised at a meeting, and the response to it."""

    __tablename__ = "raisings"
    __table_args__ = (
        # the live raisings of recommendations with a stakeholder, from the index alone
        # (the tracker's stakeholders, a profile's raisings)
        Index("ix_raisings_person_id_archived_at_recommendation_id", "person_id",
              "archived_at", "recommendation_id"),
        # one page of the tracker: its recommendations with its stakeholders
        Index("ix_raisings_recommendation_id_person_id", "recommendation_id", "person_id"),
        # a recommendation's or a case's raisings, latest recorded first (a pack's history
        # walks each subject's backwards and stops after a few); SQLite's index on the
        # subject alone holds the id already, PostgreSQL's does not
        Index("ix_raisings_recommendation_id_id", "recommendation_id", "id"),
        Index("ix_raisings_case_id_id", "case_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    recommendation_id: Mapped[int | None] = mapped_column(
        ForeignKey("recommendations.id", ondelete="SET NULL")
    )
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id", ondelete="SET NULL"), index=True)
    #: With whom it was raised; ``None`` means the meeting as a whole.
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL"), index=True
    )
    talking_point: Mapped[str | None] = mapped_column(Text)
    #: What they answered, in our words.
    response: Mapped[str | None] = mapped_column(Text)
    stance: Mapped[Stance | None] = mapped_column(enum_column(Stance), nullable=True, index=True)
    #: What to reply next time they give this answer.
    our_reply: Mapped[str | None] = mapped_column(Text)

    meeting: Mapped[Meeting] = relationship(back_populates="raisings")
    recommendation: Mapped[Recommendation | None] = relationship()
    case: Mapped[Case | None] = relationship()
    theme: Mapped[Theme | None] = relationship()
    person: Mapped[Person | None] = relationship()

    @property
    def subject(self) -> str:
        """What was raised, for lists."""
        if self.recommendation is not None:
            return self.recommendation.title
        if self.case is not None:
            return f"Case: {self.case.title}"
        if self.theme is not None:
            return f"Theme: {self.theme.name}"
        return "(restricted)"
