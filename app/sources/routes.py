"""Source pages: list, source with its findings (+/-), create, edit, archive, restore; add and
edit findings."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from sqlalchemy import select

from app.extensions import db
from app.models import Finding, Source
from app.record_views.archiving import add_archive_routes, set_archived
from app.record_views.pages import create_page, edit_page, searched_page, show
from app.record_views.sections import add_section_routes
from app.security.record_loading import get_or_404, get_part_or_404
from app.services.listing import hide_archived
from app.services.sorting import Sorting
from app.services.substance.sources import SOURCE_SECTIONS
from app.sources.forms import FindingForm, SourceFilters, SourceForm

bp = Blueprint("sources", __name__, url_prefix="/sources")

LABELS = (("title", "Title"), ("publisher", "Publisher"), ("published_on", "Published on"),
          ("url", "Web address"))
FINDING_LABELS = (("polarity", "Kind"), ("theme", "Theme"), ("text", "Finding"),
                  ("noted_on", "Noted on"))


#: The sources list's sortable columns: the latest published first unless the address says
#: otherwise.
SORTS = Sorting({"title": (Source.title,), "publisher": (Source.publisher,),
                 "published": (Source.published_on,)},
                default="published", descending=True, then=(Source.title,), tiebreak=Source.id)


def _url(source) -> str:
    return url_for("sources.detail", source_id=source.id)


@bp.get("/")
def index():
    """Sources, searchable by title or publisher."""
    filters = SourceFilters(formdata=request.args)
    filters.read()
    stmt = hide_archived(select(Source), Source, filters.value("archived"))
    page = searched_page(stmt, filters.value("q"), Source, (Source.title, Source.publisher),
                         sorting=SORTS, noun="sources")
    return render_template("sources/index.html", filters=filters, page=page)


@bp.get("/<int:source_id>")
def detail(source_id: int):
    """A source, its latest findings by theme, and the recommendations it makes."""
    source = get_or_404(Source, source_id)
    show_archived = request.args.get("archived") == "y"
    names = ("findings", "recommendations") + (("archived_findings",) if show_archived else ())
    return show("sources/detail.html", source=source, show_archived=show_archived,
                sections=SOURCE_SECTIONS.latest(db.session(), source, *names))


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
add_section_routes(bp, SOURCE_SECTIONS, Source)


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
