"""Choices of list filters read from the records themselves (countries, addressees).

Shared by the areas' list views, so that no blueprint imports another one's routes.
"""

from __future__ import annotations

from sqlalchemy import select

# SelectChoice (WTForms 3.2) is missing from the types-WTForms stubs.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]

from app.extensions import db
from app.record_views.forms import options


def recorded_choices(column, blank: str) -> list[SelectChoice]:
    """Every value recorded in ``column`` (empty ones left out), in order, led by ``blank``:
    ``recorded_choices(Person.country, "Any country")``. Rows hidden by the visibility rule
    give none."""
    values = db.session.scalars(
        select(column).where(column.is_not(None)).distinct().order_by(column)).all()
    return options(((value, value) for value in values), blank)
