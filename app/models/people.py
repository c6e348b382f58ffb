"""Stakeholders: organisations, persons with their other spellings, and their posts over time."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from app.extensions import Model
from app.models.base import Sensitivity, Tracked, UTCDateTime, enum_column
from app.models.enums import LabelledEnum
from app.security.field_crypto import PRIVATE, EncryptedText, email_lookup


class OrganisationKind(LabelledEnum):
    """The kinds of organisation officers deal with."""

    EU_INSTITUTION = "eu_institution", "EU institution"
    MEMBER_STATE = "member_state"
    GOVERNMENT = "government", "Government body"
    CSO = "cso", "Civil society"
    MEDIA = "media"
    INTERGOVERNMENTAL = "intergovernmental", "Intergovernmental body"
    OTHER = "other"


class Organisation(Tracked, Model):
    """An EU institution, embassy, ministry, NGO or media outlet."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    acronym: Mapped[str | None] = mapped_column(String(50))
    kind: Mapped[OrganisationKind] = mapped_column(
        enum_column(OrganisationKind), default=OrganisationKind.OTHER
    )
    #: Country the organisation belongs to or represents (free text, e.g. "Germany").
    country: Mapped[str | None] = mapped_column(String(100))
    notes: Mapped[str | None] = mapped_column(Text)

    affiliations: Mapped[list[Affiliation]] = relationship(back_populates="organisation")

    def __str__(self) -> str:
        return self.name


class Person(Tracked, Model):
    """Anyone we meet or track: officials, diplomats, MEPs, activists, journalists."""

    __tablename__ = "persons"
    #: Counting the stakeholders a reader may see, and the country filter's choices, read
    #: these indexes alone: both conditions, and the visibility rule's sensitivity, are in them.
    __table_args__ = (
        # sensitivity first: led by archived_at, SQLite (no statistics) took this index for
        # every list of live persons and sorted them all, instead of reading the name index;
        # the id lets PostgreSQL read the visibility rule's list of the persons a reader may
        # see from the index alone, not the table
        Index("ix_persons_sensitivity_archived_at_id", "sensitivity", "archived_at", "id"),
        Index("ix_persons_country_sensitivity", "country", "sensitivity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(300), index=True)
    #: Encrypted at rest; found by :attr:`email_lookup`, never compared in SQL.
    email: Mapped[str | None] = mapped_column(EncryptedText(), **PRIVATE)
    #: Blind index of the email (HMAC-SHA256 of its normalised form), kept by :meth:`_index`.
    email_lookup: Mapped[str | None] = mapped_column(String(64), index=True)
    #: Encrypted at rest.
    phone: Mapped[str | None] = mapped_column(EncryptedText(), **PRIVATE)
    country: Mapped[str | None] = mapped_column(String(100))
    #: Who may see this person: normal, confidential or at risk.
    sensitivity: Mapped[Sensitivity] = mapped_column(
        enum_column(Sensitivity), default=Sensitivity.NORMAL
    )
    #: GDPR lawful basis for holding the record (e.g. "legitimate interest: advocacy").
    lawful_basis: Mapped[str | None] = mapped_column(String(300))
    #: Consent given or withdrawn, with its date, where consent is the basis (encrypted).
    consent_note: Mapped[str | None] = mapped_column(EncryptedText(), **PRIVATE)
    #: Internal notes; never in external material (encrypted at rest).
    notes: Mapped[str | None] = mapped_column(EncryptedText(), **PRIVATE)
    #: Set when the person was erased (GDPR art. 17): the row is a tombstone; who erased it
    #: is in the ``person_erased`` audit event (app/services/data_protection/erasure.py).
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    #: Set on a duplicate merged into another person (then archived): the person it became.
    #: Persons are never deleted (erasure keeps a tombstone), so the key has no ON DELETE.
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id"), nullable=True, index=True)

    other_names: Mapped[list[PersonName]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="PersonName.id"
    )
    affiliations: Mapped[list[Affiliation]] = relationship(
        back_populates="person", order_by="Affiliation.start_on.desc()"
    )

    @validates("email")
    def _index(self, key: str, value: str | None) -> str | None:
        self.email_lookup = email_lookup(value)
        return value

    @property
    def current_affiliations(self) -> list[Affiliation]:
        """Posts without an end date (or ending in the future)."""
        today = date.today()
        return [a for a in self.affiliations if a.end_on is None or a.end_on >= today]

    @property
    def is_erased(self) -> bool:
        """True for the tombstone of an erased person."""
        return self.erased_at is not None

    @property
    def is_merged(self) -> bool:
        """True for a duplicate that was merged into another person."""
        return self.merged_into_id is not None

    @property
    def is_restricted(self) -> bool:
        """True for confidential and at-risk persons."""
        return self.sensitivity != Sensitivity.NORMAL

    def __str__(self) -> str:
        return self.full_name


class PersonName(Model):
    """Another spelling of a person's name: a transliteration, a Cyrillic form, a maiden name."""

    __tablename__ = "person_names"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    #: Script or kind of spelling, e.g. "Cyrillic", "Latin".
    script: Mapped[str | None] = mapped_column(String(50))

    person: Mapped[Person] = relationship(back_populates="other_names")


class Affiliation(Tracked, Model):
    """A person's post in an organisation over a span of time."""

    __tablename__ = "affiliations"
    #: The type-ahead finds people by their post: a word inside the role is looked for by
    #: scanning this index, not every post's row.
    __table_args__ = (Index("ix_affiliations_role_person_id", "role", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    #: The post, e.g. "Head of Division, Central Asia".
    role: Mapped[str] = mapped_column(String(300))
    start_on: Mapped[date | None] = mapped_column(Date, index=True)
    end_on: Mapped[date | None] = mapped_column(Date)

    person: Mapped[Person] = relationship(back_populates="affiliations")
    organisation: Mapped[Organisation] = relationship(back_populates="affiliations")

    @property
    def is_current(self) -> bool:
        """True while the post has not ended."""
        return self.end_on is None or self.end_on >= date.today()


