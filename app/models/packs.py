"""Talking-point packs as issued: kept exactly, with who issued them and whom they name."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.base import Sensitivity, UTCDateTime, enum_column, link_table, utcnow
from app.models.enums import LabelledEnum
from app.security.field_crypto import EncryptedBytes, EncryptedJSON

if TYPE_CHECKING:
    from app.models.cases import Case
    from app.models.events import DialogueEvent
    from app.models.meetings import Meeting
    from app.models.people import Person
    from app.models.users import User


class Audience(LabelledEnum):
    """Internal packs hold everything; external packs only what may be shared."""

    INTERNAL = "internal"
    EXTERNAL = "external"


class PackFormat(LabelledEnum):
    """The four renderings of a pack."""

    HTML = "html", "HTML (print-ready)"
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word (DOCX)"
    MARKDOWN = "md", "Markdown"


pack_persons = link_table("pack_persons", "packs", "persons")
#: Cases (group cases included) a pack holds: they decide its sensitivity with its persons.
pack_cases = link_table("pack_cases", "packs", "cases")
#: Restricted persons whose names were masked in a pack's free text.
pack_masked_persons = link_table("pack_masked_persons", "packs", "persons")


class Pack(Model):
    """A generated pack, kept as issued."""

    __tablename__ = "packs"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL"), index=True
    )
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("dialogue_events.id", ondelete="SET NULL"), index=True
    )
    audience: Mapped[Audience] = mapped_column(enum_column(Audience))
    format: Mapped[PackFormat] = mapped_column(enum_column(PackFormat))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    issued_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    #: The most sensitive record the pack holds in clear: who may open it (visibility rule).
    sensitivity: Mapped[Sensitivity] = mapped_column(
        enum_column(Sensitivity), default=Sensitivity.NORMAL, index=True
    )
    #: The pack structure as it was when issued (encrypted: internal packs hold notes).
    snapshot: Mapped[dict] = mapped_column(EncryptedJSON())
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    #: The issued file, byte for byte (encrypted).
    content: Mapped[bytes] = mapped_column(EncryptedBytes())
    #: A travel copy (a PDF encrypted with a passphrase shown once) is valid until this day.
    travel_until: Mapped[date | None] = mapped_column(Date, nullable=True)

    meeting: Mapped[Meeting | None] = relationship()
    event: Mapped[DialogueEvent | None] = relationship()
    issued_by: Mapped[User | None] = relationship()
    #: Persons named in the pack (for subject-access requests).
    persons_named: Mapped[list[Person]] = relationship(secondary=pack_persons)
    #: Cases held in the pack.
    cases_held: Mapped[list[Case]] = relationship(secondary=pack_cases)
    #: Restricted persons whose names were masked in the pack's free text.
    persons_masked: Mapped[list[Person]] = relationship(secondary=pack_masked_persons)
