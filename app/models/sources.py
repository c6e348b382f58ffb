"""Documents findings come from, the findings themselves, and key facts such as ratings."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.base import Tracked, enum_column
from app.models.enums import LabelledEnum

if TYPE_CHECKING:
    from app.models.themes import Theme


class Source(Tracked, Model):
    """A briefing paper, UPR outcome or treaty-body observation."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    publisher: Mapped[str | None] = mapped_column(String(300))
    published_on: Mapped[date | None] = mapped_column(Date)
    url: Mapped[str | None] = mapped_column(String(1000))
    #: A UN document's symbol, e.g. "A/HRC/41/8" (the UPR working group's report).
    document_symbol: Mapped[str | None] = mapped_column(String(100))
    #: The UPR cycle the document belongs to (1, 2, 3, 4…).
    upr_cycle: Mapped[int | None] = mapped_column(Integer)

    findings: Mapped[list[Finding]] = relationship(back_populates="source")

    def __str__(self) -> str:
        return self.title


class Polarity(LabelledEnum):
    """A positive step (+) or a concern (-)."""

    POSITIVE = "positive"
    CONCERN = "concern"

    @property
    def sign(self) -> str:
        """"+" or "-"."""
        return "+" if self is Polarity.POSITIVE else "-"


class Finding(Tracked, Model):
    """A positive step or a concern stated in a source, under a theme."""

    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    theme_id: Mapped[int | None] = mapped_column(
        ForeignKey("themes.id", ondelete="SET NULL"), index=True
    )
    source_id: Mapped[int | None] = mapped_column(
        ForeignKey("sources.id", ondelete="SET NULL"), index=True
    )
    polarity: Mapped[Polarity] = mapped_column(enum_column(Polarity))
    text: Mapped[str] = mapped_column(Text)
    #: When the finding was observed or published; lists sort by it.
    noted_on: Mapped[date | None] = mapped_column(Date, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    theme: Mapped[Theme | None] = relationship()
    source: Mapped[Source | None] = relationship(back_populates="findings")


class KeyFact(Tracked, Model):
    """A fact or figure for packs, e.g. the CIVICUS Monitor rating."""

    __tablename__ = "key_facts"

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(300))
    value: Mapped[str] = mapped_column(String(300))
    country: Mapped[str | None] = mapped_column(String(100))
    as_of: Mapped[date | None] = mapped_column(Date)
    source_id: Mapped[int | None] = mapped_column(
        ForeignKey("sources.id", ondelete="SET NULL"), index=True
    )

    source: Mapped[Source | None] = relationship()
