"""Themes on record forms: the indented choices and saving the themes ticked on a form."""

from __future__ import annotations

from flask import request
from sqlalchemy import select

from app.extensions import db
from app.models import Theme
from app.records.forms import options
from app.services.records import touch
from app.services.themes import theme_tree


def themes_for_form(record=None) -> list:
    """The theme tree for a form, keeping archived themes the record already has."""
    keep = {t.id for t in record.themes} if record is not None else set()
    return theme_tree(db.session, keep=keep)


def theme_choices(nodes, blank: str | None = None):
    """Themes as a select or tick-boxes, sub-themes indented under their parent."""
    return options(((n.theme.id, n.indented_name) for n in nodes), blank)


def selected_themes(ids) -> list[Theme]:
    """The themes ticked on a form."""
    if not ids:
        return []
    return list(db.session.scalars(select(Theme).where(Theme.id.in_(ids))))


def copy_with_themes(form, record) -> None:
    """Copy the form onto ``record`` with its ticked themes; changed themes give a new version."""
    form.copy_to(record)
    themes = selected_themes(form.themes.data)
    if {t.id for t in themes} != {t.id for t in record.themes}:
        record.themes = themes
        touch(record)


def offer_themes(field, record=None) -> None:
    """Fill a themes tick-box field: the tree as choices, the record's themes ticked on GET."""
    field.choices = theme_choices(themes_for_form(record))
    if record is not None and request.method == "GET":
        field.data = [t.id for t in record.themes]
