"""Theme pages: the nested list, a theme's page, create, edit, archive, restore."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from sqlalchemy import select

from app.extensions import db
from app.models import Theme
from app.record_views.archiving import add_archive_routes
from app.record_views.pages import create_page, edit_page, list_page, show
from app.record_views.sections import add_section_routes
from app.security.record_loading import get_or_404
from app.services.substance.themes import THEME_SECTIONS, theme_and_below, theme_tree
from app.themes.forms import ThemeForm

bp = Blueprint("themes", __name__, url_prefix="/themes")

#: Themes on one page of the tree.
THEMES_PER_PAGE = 100

LABELS = (("name", "Name"), ("parent", "Under theme"), ("description", "Description"),
          ("position", "Order"))


def _done(theme) -> str:
    return url_for("themes.detail", theme_id=theme.id)


@bp.get("/")
def index():
    """Every theme, sub-themes under their parent."""
    show_archived = request.args.get("archived") == "y"
    nodes = theme_tree(db.session, include_archived=show_archived)
    return render_template("themes/index.html", show_archived=show_archived,
                           page=list_page(nodes, per_page=THEMES_PER_PAGE))


@bp.get("/<int:theme_id>")
def detail(theme_id: int):
    """A theme with its sub-themes: latest findings, recommendations and cases."""
    theme = get_or_404(Theme, theme_id)
    subthemes = db.session.scalars(select(Theme).where(Theme.parent_id == theme.id)
                                   .order_by(Theme.position, Theme.name, Theme.id)).all()
    return show("themes/detail.html", theme=theme, subthemes=subthemes,
                sections=THEME_SECTIONS.latest(db.session(), theme))


def _form(theme: Theme | None = None) -> ThemeForm:
    form = ThemeForm(obj=theme)
    if theme is not None:
        form.not_under = frozenset(db.session.scalars(theme_and_below(theme.id)))
    return form


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Add a theme."""
    return create_page(_form(), "themes/form.html", new_record=Theme,
                       added=lambda theme: f"Theme “{theme.name}” added.", done_url=_done)


@bp.route("/<int:theme_id>/edit", methods=["GET", "POST"])
def edit(theme_id: int):
    """Rename or move a theme (it cannot move under itself)."""
    theme = get_or_404(Theme, theme_id)
    return edit_page(theme, _form(theme), "themes/form.html", labels=LABELS, done_url=_done)


add_archive_routes(bp, Theme, "theme_id", _done)
add_section_routes(bp, THEME_SECTIONS, Theme)
