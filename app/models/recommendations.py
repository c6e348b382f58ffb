"""What we ask, of whom, and how far it has been implemented."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from app.extensions import Model
from app.models.base import Tracked, UTCDateTime, enum_column, link_table, utcnow
from app.models.enums import LabelledEnum
from app.models.parties import Party, party_of

if TYPE_CHECKING:
    from app.models.sources import Source
    from app.models.themes import Theme
    from app.models.users import User

recommendation_themes = link_table("recommendation_themes", "recommendations", "themes")


class ImplementationStatus(LabelledEnum):
    """How far the addressee has acted on a recommendation."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    PARTIAL = "partial"
    IMPLEMENTED = "implemented"
    REJECTED = "rejected"


class UprResponse(LabelledEnum):
    """How the state under review answered a UPR recommendation."""

    SUPPORTED = "supported"
    NOTED = "noted"


class Recommendation(Tracked, Model):
    """A recommendation to an addressee, from a source, on one or more themes."""

    __tablename__ = "recommendations"
    #: By priority, the tracker's order; the live ones counted from the index alone.
    __table_args__ = (Index("ix_recommendations_priority_id_archived_at", "priority", "id",
                            "archived_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    #: Short handle for tables and packs, e.g. "Release imprisoned journalists".
    short_title: Mapped[str | None] = mapped_column(String(200))
    #: Whom we ask, e.g. "Kazakhstani authorities", "EU".
    addressee: Mapped[str] = mapped_column(String(200), index=True)
    #: The addressee as read by :func:`app.models.parties.party_of` (the authorities, the EU,
    #: a member state, an international body, other), kept by :meth:`_read_addressee`; what
    #: the recommendation is for at a meeting follows from it (:mod:`app.services.substance.addressees`).
    #: Writers that bypass the ORM (the synthetic seeder) compute it themselves.
    addressed_to: Mapped[Party] = mapped_column(enum_column(Party), index=True,
                                                server_default=Party.OTHER.value)
    source_id: Mapped[int | None] = mapped_column(
        ForeignKey("sources.id", ondelete="SET NULL"), index=True
    )
    #: The state that made a UPR recommendation, e.g. "Norway" (from "… (Norway)" in a paper).
    source_state: Mapped[str | None] = mapped_column(String(200))
    #: Its paragraph in the UPR report, e.g. "121.3".
    upr_paragraph: Mapped[str | None] = mapped_column(String(20))
    #: The state under review's answer to a UPR recommendation: supported or noted.
    upr_response: Mapped[UprResponse | None] = mapped_column(enum_column(UprResponse),
                                                             nullable=True)
    #: An earlier recommendation with the same substance ("as recommended previously").
    #: No ON DELETE rule: SQLite cannot reflect one on a column added by ALTER TABLE, and
    #: recommendations are archived, never deleted.
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("recommendations.id"))
    #: 1 is the highest priority.
    priority: Mapped[int] = mapped_column(Integer, default=3)
    status: Mapped[ImplementationStatus] = mapped_column(
        enum_column(ImplementationStatus), default=ImplementationStatus.NOT_STARTED, index=True
    )

    themes: Mapped[list[Theme]] = relationship(secondary=recommendation_themes,
                                               order_by="Theme.position")
    source: Mapped[Source | None] = relationship()
    previous: Mapped[Recommendation | None] = relationship(remote_side=[id])
    status_changes: Mapped[list[RecommendationStatusChange]] = relationship(
        back_populates="recommendation",
        order_by="RecommendationStatusChange.changed_on.desc()",
    )

    @validates("addressee")
    def _read_addressee(self, key: str, value: str) -> str:
        self.addressed_to = party_of(value)
        return value

    @property
    def title(self) -> str:
        """Short title, or the start of the text."""
        if self.short_title:
            return self.short_title
        return self.text if len(self.text) <= 90 else self.text[:87].rstrip() + "…"

    def __str__(self) -> str:
        return self.title


class RecommendationStatusChange(Model):
    """One dated change of a recommendation's implementation status. Append-only."""

    __tablename__ = "recommendation_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[ImplementationStatus | None] = mapped_column(
        enum_column(ImplementationStatus), nullable=True
    )
    to_status: Mapped[ImplementationStatus] = mapped_column(enum_column(ImplementationStatus))
    #: The date the change happened in the world (not when it was typed in).
    changed_on: Mapped[date] = mapped_column(Date, index=True)
    #: What shows the change: a law, a court decision, a report.
    evidence: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    recommendation: Mapped[Recommendation] = relationship(back_populates="status_changes")
    recorded_by: Mapped[User | None] = relationship()
