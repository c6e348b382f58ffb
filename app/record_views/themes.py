"""Themes on record forms: saving the themes chosen in a form's themes field."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Theme
from app.services.editing import touch


def selected_themes(ids) -> list[Theme]:
    """The themes chosen on a form."""
    if not ids:
        return []
    return list(db.session.scalars(select(Theme).where(Theme.id.in_(ids))))


def copy_with_themes(form, record) -> None:
    """Copy the form onto ``record`` with its chosen themes; changed themes give a new version."""
    form.copy_to(record)
    themes = selected_themes(form.themes.data)
    if {t.id for t in themes} != {t.id for t in record.themes}:
        record.themes = themes
        touch(record)
