"""Themes as a tree (ordered lists with depth, sub-themes) and what sits under a theme: the
sections of its page."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

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
        visible = Theme.archived_at.is_(None)
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


def theme_parents(session: Session, *, include_archived: bool = True) -> dict[int, int | None]:
    """Every theme's parent id, in one light query (themes are few)."""
    stmt = select(Theme.id, Theme.parent_id)
    if not include_archived:
        stmt = stmt.where(Theme.archived_at.is_(None))
    return dict(session.execute(stmt).tuples().all())


def subtree(parents: dict[int, int | None], theme_id: int) -> set[int]:
    """``theme_id`` and every theme below it, at any depth: the one walk of the theme tree.

    ``parents`` maps each theme id to its parent's (:func:`theme_parents`); a loop in the tree
    is walked once.
    """
    children: dict[int | None, list[int]] = {}
    for child, parent in parents.items():
        children.setdefault(parent, []).append(child)
    found, todo = {theme_id}, [theme_id]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def theme_and_below(theme_id: int):
    """SQL: the ids of the theme and of every theme below it (a recursive query; safe on cycles)."""
    tree = select(Theme.id).where(Theme.id == theme_id).cte("theme_and_below", recursive=True)
    tree = tree.union(select(Theme.id).where(Theme.parent_id == tree.c.id))
    return select(tree.c.id)


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


def themes_under(session: Session, theme_id: int) -> set[int]:
    """``theme_id`` and the ids of every theme below it (archived ones too), in one query."""
    return subtree(theme_parents(session), theme_id)


def top_level_of(parents: dict[int, int | None]) -> dict[int, int]:
    """Theme id -> id of its top-level ancestor (a theme whose parent is not in ``parents``)."""
    result: dict[int, int] = {}
    for root in (t for t, parent in parents.items() if parent not in parents):
        for theme_id in subtree(parents, root):
            result.setdefault(theme_id, root)
    for theme_id in parents:  # a loop with no way to the top: each theme is its own root
        result.setdefault(theme_id, theme_id)
    return result


def with_descendants(nodes: list[ThemeNode], theme_id: int) -> set[int]:
    """``theme_id`` and the ids of every theme below it among ``nodes``."""
    return subtree({node.theme.id: node.theme.parent_id for node in nodes}, theme_id)
