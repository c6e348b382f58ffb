"""Issue areas, nestable: "Freedom of expression" > "LGBTIQ+ 'propaganda' ban"."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.base import Tracked


class Theme(Tracked, Model):
    """An issue area; may sit under a parent theme."""

    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("themes.id", ondelete="SET NULL"), index=True
    )
    description: Mapped[str | None] = mapped_column(Text)
    #: Display order among siblings.
    position: Mapped[int] = mapped_column(Integer, default=0)

    parent: Mapped[Theme | None] = relationship(remote_side="Theme.id", back_populates="children")
    children: Mapped[list[Theme]] = relationship(back_populates="parent", order_by="Theme.position")

    @property
    def path(self) -> str:
        """Full name with its ancestors, e.g. "Freedom of expression > Media"."""
        names: list[str] = []
        node: Theme | None = self
        while node is not None:
            names.append(node.name)
            node = node.parent
        return " > ".join(reversed(names))

    def __str__(self) -> str:
        return self.name
