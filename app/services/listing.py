"""Lists of records: hide archived ones unless asked, search, and cut the list into pages."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Select, or_
from sqlalchemy.orm import Session

from app.security.cleaning import clean_text
from app.services.names import contains_folded

#: Rows on one list page.
PER_PAGE = 50


@dataclass
class Page:
    """One page of a list: its rows and whether there are more before or after."""

    items: list
    number: int
    has_next: bool
    urls: dict = field(default_factory=dict)

    @property
    def has_previous(self) -> bool:
        """True after the first page."""
        return self.number > 1


def hide_archived(stmt: Select, model, show_archived: bool = False) -> Select:
    """Leave archived records out of ``stmt`` unless ``show_archived``."""
    return stmt if show_archived else stmt.where(model.archived_at.is_(None))


def searched(stmt: Select, term: str | None, *columns) -> Select:
    """Keep the rows of ``stmt`` where any of ``columns`` contains ``term`` (all when no term)."""
    term = clean_text(term)
    if not term:
        return stmt
    return stmt.where(or_(*(contains_folded(column, term) for column in columns)))


def page_of(session: Session, stmt: Select, number: int = 1, per_page: int = PER_PAGE) -> Page:
    """Run ``stmt`` for page ``number`` in one query (one extra row tells if more follow)."""
    number = max(1, number)
    rows = session.scalars(stmt.limit(per_page + 1).offset((number - 1) * per_page)).all()
    return Page(items=list(rows[:per_page]), number=number, has_next=len(rows) > per_page)
