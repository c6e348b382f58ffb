"""Shared columns and enumerations for Parley's records."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, CursorResult, DateTime, Enum, ForeignKey, Integer, Result, Table
from sqlalchemy.orm import Mapped, declared_attr, mapped_column
from sqlalchemy.types import TypeDecorator

from app.models.enums import LabelledEnum


def utcnow() -> datetime:
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A datetime stored in UTC and always returned timezone-aware (SQLite forgets zones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                value = value.replace(tzinfo=UTC)
            value = value.astimezone(UTC)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class Sensitivity(LabelledEnum):
    """How restricted a person or case is; the order is the order of clearance."""

    NORMAL = "normal"
    CONFIDENTIAL = "confidential"
    AT_RISK = "at_risk"

    @classmethod
    def up_to(cls, level: Sensitivity) -> tuple[Sensitivity, ...]:
        """Every level a user cleared for ``level`` may see."""
        order = list(cls)
        return tuple(order[: order.index(level) + 1])


def enum_column(enum_cls: type[enum.Enum], length: int = 32, **kwargs: Any) -> Enum:
    """A string column of ``length`` holding an enum's values (portable, no native enum
    types)."""
    return Enum(
        enum_cls,
        values_callable=lambda e: [m.value for m in e],
        native_enum=False,
        create_constraint=False,
        length=length,
        validate_strings=True,
        **kwargs,
    )


class Tracked:
    """Created/updated time and user, optimistic locking and soft deletion for editable records."""

    if TYPE_CHECKING:
        #: Each model's own integer primary key.
        id: Mapped[int]

    #: When the record was created.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: When the record last changed.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    #: Optimistic-locking counter: a save with a stale version is refused.
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    #: Set when archived (soft-deleted); archived records leave lists but can be restored.
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    @declared_attr
    def created_by_id(cls) -> Mapped[int | None]:
        """The user who created the record."""
        return mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True)

    @declared_attr
    def updated_by_id(cls) -> Mapped[int | None]:
        """The user who last changed the record."""
        return mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        # Declarative has copied ``version`` onto the model by now: this is its own column.
        return {"version_id_col": cls.version}

    @property
    def is_archived(self) -> bool:
        """True when the record is archived."""
        return self.archived_at is not None


def rows_changed(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE run with ``session.execute`` changed."""
    if not isinstance(result, CursorResult):
        raise TypeError("only the result of an UPDATE or DELETE counts changed rows")
    return result.rowcount


def link_table(name: str, left: str, right: str) -> Table:
    """A many-to-many table ``name`` between ``left`` and ``right`` tables (ids cascade).

    The right-hand column gets its own index; the composite primary key serves the left.
    """
    from app.extensions import db

    left_col, right_col = f"{left.removesuffix('s')}_id", f"{right.removesuffix('s')}_id"
    return Table(
        name,
        db.metadata,
        Column(left_col, ForeignKey(f"{left}.id", ondelete="CASCADE"), primary_key=True),
        Column(right_col, ForeignKey(f"{right}.id", ondelete="CASCADE"), primary_key=True,
               index=True),
    )
