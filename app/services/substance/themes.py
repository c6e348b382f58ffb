"""Themes as a tree (ordered lists with depth, sub-themes) and what sits under a theme: the
sections of its page."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import CTE, ColumnElement, Select, or_, select
from sqlalchemy.orm import Session, aliased, selectinload

from app.models import (
    Case,
    Finding,
    Recommendation,
    Theme,
    case_themes,
    recommendation_themes,
)
from app.services.sections import Sections


@dataclass(frozen=True)
class ThemeNode:
    """A theme and how deep it sits in the tree (0 for a top-level theme)."""

    theme: Theme
    depth: int


def theme_tree(session: Session, *, include_archived: bool = False,
               keep=frozenset()) -> list[ThemeNode]:
    """Every theme in one query, parents before their children, siblings by position.

    Archived themes are left out unless ``include_archived``, or their id is in ``keep``.
    """
    stmt = select(Theme).order_by(Theme.position, Theme.name, Theme.id)
    if not include_archived:
        visible: ColumnElement[bool] = Theme.archived_at.is_(None)
        if keep:
            visible = or_(visible, Theme.id.in_(list(keep)))
        stmt = stmt.where(visible)
    themes = session.scalars(stmt).all()
    ids = {t.id for t in themes}
    children: dict[int | None, list[Theme]] = {}
    for theme in themes:
        parent = theme.parent_id if theme.parent_id in ids else None
        children.setdefault(parent, []).append(theme)
    result: list[ThemeNode] = []

    def walk(parent_id, depth, seen):
        for theme in children.get(parent_id, []):
            if theme.id in seen:
                continue
            result.append(ThemeNode(theme, depth))
            walk(theme.id, depth + 1, seen | {theme.id})

    walk(None, 0, frozenset())
    return result


def filed_under(record_id, link_table, theme_ids):
    """A WHERE clause: the record (``record_id`` column) is linked in ``link_table`` to a theme.

    ``link_table`` is one of the many-to-many tables made by ``link_table()`` in
    ``app/models/base.py``: its first column is the record's id, its second the theme's.
    """
    record_column, theme_column = list(link_table.c)
    return record_id.in_(select(record_column).where(theme_column.in_(theme_ids)))


def themes_below(start, *, live_only: bool = False) -> CTE:
    """SQL: every theme at or below the themes where ``start`` holds, as rows ``(top, id)``
    where ``top`` is the starting theme that ``id`` sits under (itself included), at any depth.

    The one walk of the theme tree: a recursive query, safe on a loop. Archived themes count
    unless ``live_only``, which also leaves out what sits below an archived theme.
    """
    live = [Theme.archived_at.is_(None)] if live_only else []
    tree = (select(Theme.id.label("top"), Theme.id.label("id")).where(start, *live)
            .cte("themes_below", recursive=True))
    return tree.union(select(tree.c.top, Theme.id).where(Theme.parent_id == tree.c.id, *live))


def theme_and_below(theme_id: int) -> Select:
    """SQL: the ids of the theme and of every theme below it, archived ones too."""
    return select(themes_below(Theme.id == theme_id).c.id)


def top_level_themes() -> CTE:
    """SQL: each live theme (``id``) with the top of its branch (``top``): the highest theme
    above it reached through live themes only (itself when its parent is archived or none).
    Join it outer: a theme caught in a loop has no row."""
    parent = aliased(Theme)
    live_parent = (select(parent.id)
                   .where(parent.id == Theme.parent_id, parent.archived_at.is_(None)).exists())
    return themes_below(~live_parent, live_only=True)


THEME_SECTIONS = Sections("themes", "theme_id", "themes/_sections.html",
                          label=lambda theme: theme.name)


@THEME_SECTIONS.section("recommendations", "Recommendations", empty="None yet.")
def recommendations(theme: Theme):
    """Recommendations filed under the theme or a sub-theme, by priority."""
    return (select(Recommendation).where(
                Recommendation.archived_at.is_(None),
                filed_under(Recommendation.id, recommendation_themes, theme_and_below(theme.id)))
            .order_by(Recommendation.priority, Recommendation.id))


@THEME_SECTIONS.section("cases", "Cases", empty="None yet.")
def cases(theme: Theme):
    """Cases filed under the theme or a sub-theme, by title."""
    return (select(Case).where(Case.archived_at.is_(None),
                               filed_under(Case.id, case_themes, theme_and_below(theme.id)))
            .order_by(Case.title, Case.id))


@THEME_SECTIONS.section("findings", "Positive steps and concerns",
                        empty="No findings recorded.")
def findings(theme: Theme):
    """Findings on the theme or a sub-theme, newest first, with their source."""
    return (select(Finding).where(Finding.theme_id.in_(theme_and_below(theme.id)),
                                  Finding.archived_at.is_(None))
            .options(selectinload(Finding.source))
            .order_by(Finding.noted_on.desc().nulls_last(), Finding.position, Finding.id))
