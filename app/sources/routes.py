"""Source pages: list, source with its findings (+/-), create, edit, archive, restore; add and
edit findings."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Finding, Recommendation, Source
from app.records.archiving import add_archive_routes, set_archived
from app.records.pages import create_page, edit_page, list_page, show
from app.security.records import get_or_404, get_part_or_404
from app.services.listing import hide_archived, searched
from app.sources.forms import FindingForm, SourceFilters, SourceForm

bp = Blueprint("sources", __name__, url_prefix="/sources")

LABELS = (("title", "Title"), ("publisher", "Publisher"), ("published_on", "Published on"),
          ("url", "Web address"))
FINDING_LABELS = (("polarity", "Kind"), ("theme", "Theme"), ("text", "Finding"),
                  ("noted_on", "Noted on"))


def _url(source) -> str:
    return url_for("sources.detail", source_id=source.id)


@bp.get("/")
def index():
    """Sources, searchable by title or publisher."""
    filters = SourceFilters(formdata=request.args)
    filters.read()
    stmt = hide_archived(select(Source), Source, filters.value("archived"))
    stmt = searched(stmt, filters.value("q"), Source.title, Source.publisher)
    stmt = stmt.order_by(Source.published_on.desc().nulls_last(), Source.title, Source.id)
    return render_template("sources/index.html", filters=filters, page=list_page(stmt))


@bp.get("/<int:source_id>")
def detail(source_id: int):
    """A source, its findings by theme, and the recommendations it makes."""
    source = get_or_404(Source, source_id)
    show_archived = request.args.get("archived") == "y"
    stmt = select(Finding).where(Finding.source_id == source.id)
    if not show_archived:
        stmt = stmt.where(Finding.archived_at.is_(None))
    findings = db.session.scalars(stmt.options(selectinload(Finding.theme)).order_by(
        Finding.position, Finding.noted_on.desc().nulls_last(), Finding.id)).all()
    recommendations = db.session.scalars(
        select(Recommendation).where(Recommendation.source_id == source.id,
                                     Recommendation.archived_at.is_(None))
        .order_by(Recommendation.priority, Recommendation.id)).all()
    by_theme: dict = {}
    for finding in findings:
        by_theme.setdefault(finding.theme.name if finding.theme else "No theme", []).append(finding)
    return show("sources/detail.html", source=source, findings_by_theme=by_theme,
                recommendations=recommendations, show_archived=show_archived)


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Add a source."""
    return create_page(SourceForm(), "sources/form.html", new_record=Source,
                       added="Source added.", done_url=_url)


@bp.route("/<int:source_id>/edit", methods=["GET", "POST"])
def edit(source_id: int):
    """Change a source (refused if someone saved in between)."""
    source = get_or_404(Source, source_id)
    return edit_page(source, SourceForm(obj=source), "sources/form.html", labels=LABELS,
                     done_url=_url)


add_archive_routes(bp, Source, "source_id", _url)


def _finding_form(finding: Finding | None = None) -> FindingForm:
    return FindingForm(obj=finding)


def _load_finding(source_id: int, finding_id: int) -> tuple[Source, Finding]:
    return get_part_or_404(Source, source_id, Finding, finding_id, "source_id")


@bp.route("/<int:source_id>/findings/new", methods=["GET", "POST"])
def new_finding(source_id: int):
    """Add a positive step or a concern to a source."""
    source = get_or_404(Source, source_id)
    return create_page(_finding_form(), "sources/finding_form.html",
                       new_record=lambda: Finding(source_id=source.id), added="Finding added.",
                       done_url=lambda f: _url(source), source=source)


@bp.route("/<int:source_id>/findings/<int:finding_id>/edit", methods=["GET", "POST"])
def edit_finding(source_id: int, finding_id: int):
    """Change a finding (refused if someone saved in between)."""
    source, finding = _load_finding(source_id, finding_id)
    return edit_page(finding, _finding_form(finding), "sources/finding_form.html",
                     labels=FINDING_LABELS, done_url=lambda f: _url(source), source=source)


@bp.post("/<int:source_id>/findings/<int:finding_id>/archive")
def archive_finding(source_id: int, finding_id: int):
    """Archive a finding."""
    source, finding = _load_finding(source_id, finding_id)
    return set_archived(Finding, finding.id, True, lambda f: _url(source))


@bp.post("/<int:source_id>/findings/<int:finding_id>/restore")
def restore_finding(source_id: int, finding_id: int):
    """Restore an archived finding."""
    source, finding = _load_finding(source_id, finding_id)
    return set_archived(Finding, finding.id, False, lambda f: _url(source))
