"""Recommendation pages: list, page with status history and where it was raised, create, edit,
change status, archive, restore."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import ImplementationStatus, Recommendation, recommendation_themes
from app.recommendations.forms import RecommendationFilters, RecommendationForm, StatusChangeForm
from app.record_views.archiving import add_archive_routes
from app.record_views.filter_choices import recorded_choices
from app.record_views.pages import (
    change_page,
    create_page,
    edit_page,
    searched_page,
    show,
)
from app.record_views.sections import add_section_routes
from app.record_views.themes import copy_with_themes
from app.security.record_loading import get_or_404
from app.services.listing import hide_archived
from app.services.sorting import Sorting, in_declared_order
from app.services.substance.recommendations import (
    RECOMMENDATION_SECTIONS,
    change_status,
    later_repeats,
)
from app.services.substance.themes import filed_under, theme_and_below

bp = Blueprint("recommendations", __name__, url_prefix="/recommendations")

LABELS = (("short_title", "Short title"), ("text", "Recommendation"), ("addressee", "Addressee"),
          ("source", "Source"), ("source_state", "Recommending state"), ("priority", "Priority"),
          ("themes", "Themes"))


#: The recommendations list's sortable columns: by priority unless the address says otherwise.
SORTS = Sorting({"priority": (Recommendation.priority,),
                 "title": (func.coalesce(Recommendation.short_title, Recommendation.text),),
                 "addressee": (Recommendation.addressee,),
                 "status": (in_declared_order(Recommendation.status, ImplementationStatus),)},
                default="priority", tiebreak=Recommendation.id)


def _url(recommendation) -> str:
    return url_for("recommendations.detail", recommendation_id=recommendation.id)


@bp.get("/")
def index():
    """Recommendations, searchable, filtered by theme (with sub-themes), addressee and status."""
    filters = RecommendationFilters(formdata=request.args)
    filters.addressee.choices = recorded_choices(Recommendation.addressee, "Anyone")
    filters.read()
    stmt = hide_archived(select(Recommendation), Recommendation, filters.value("archived"))
    if filters.value("theme"):
        stmt = stmt.where(filed_under(Recommendation.id, recommendation_themes,
                                      theme_and_below(filters.value("theme"))))
    if filters.value("addressee"):
        stmt = stmt.where(Recommendation.addressee == filters.value("addressee"))
    if filters.value("status"):
        stmt = stmt.where(Recommendation.status == filters.value("status"))
    page = searched_page(stmt, filters.value("q"), Recommendation,
                         (Recommendation.text, Recommendation.short_title), sorting=SORTS,
                         noun="recommendations",
                         options=(selectinload(Recommendation.themes),))
    return render_template("recommendations/index.html", filters=filters, page=page)


@bp.get("/<int:recommendation_id>")
def detail(recommendation_id: int):
    """A recommendation: its status history and every meeting and stakeholder it was raised with."""
    recommendation = get_or_404(Recommendation, recommendation_id)
    form = StatusChangeForm()
    form.show_version(recommendation.version)
    return _detail_page(recommendation, form)


def _detail_page(recommendation: Recommendation, form: StatusChangeForm):
    return show("recommendations/detail.html", recommendation=recommendation, form=form,
                sections=RECOMMENDATION_SECTIONS.latest(db.session(), recommendation),
                later=later_repeats(db.session(), recommendation))


@bp.post("/<int:recommendation_id>/status")
def record_status(recommendation_id: int):
    """Record a dated change of implementation status, with its evidence; refused (409) if the
    recommendation changed since the page was opened."""
    recommendation = get_or_404(Recommendation, recommendation_id)
    form = StatusChangeForm()
    return change_page(
        recommendation, form,
        lambda: change_status(db.session(), recommendation, form.to_status.data,
                              form.changed_on.validated(), form.evidence.data),
        show_page=_detail_page, done_url=_url,
        saved=lambda change: f"Status recorded: {change.to_status.label}.")


def _form(recommendation: Recommendation | None = None) -> RecommendationForm:
    form = RecommendationForm(obj=recommendation)
    form.read_addressee()
    return form


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Add a recommendation."""
    return create_page(_form(), "recommendations/form.html", new_record=Recommendation,
                       added="Recommendation added.", done_url=_url, apply=copy_with_themes)


@bp.route("/<int:recommendation_id>/edit", methods=["GET", "POST"])
def edit(recommendation_id: int):
    """Change a recommendation (refused if someone saved in between)."""
    recommendation = get_or_404(Recommendation, recommendation_id)
    return edit_page(recommendation, _form(recommendation), "recommendations/form.html",
                     labels=LABELS, done_url=_url, apply=copy_with_themes)


add_archive_routes(bp, Recommendation, "recommendation_id", _url)
add_section_routes(bp, RECOMMENDATION_SECTIONS, Recommendation)
