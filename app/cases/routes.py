"""Case pages: list, case page with dated updates and where it was raised, create, edit,
add an update, archive, restore."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.cases.forms import CaseFilters, CaseForm, CaseUpdateForm
from app.extensions import db
from app.models import Case, CaseStatus, CaseUpdate, case_themes
from app.record_views.archiving import add_archive_routes
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
from app.services.substance.cases import CASE_SECTIONS, add_update
from app.services.substance.themes import filed_under, theme_and_below

bp = Blueprint("cases", __name__, url_prefix="/cases")

LABELS = (("title", "Title"), ("person", "Person"), ("is_group", "Group case"),
          ("charges", "Charges"), ("status", "Status"), ("summary", "Summary"),
          ("sensitivity", "Sensitivity"), ("may_be_named", "May be named"), ("themes", "Themes"),
          ("notes", "Notes"))


#: The day of a case's latest update (none when it has none), for the list's order.
LATEST_UPDATE = (select(func.max(CaseUpdate.happened_on))
                 .where(CaseUpdate.case_id == Case.id, CaseUpdate.archived_at.is_(None))
                 .correlate(Case).scalar_subquery())
#: The cases list's sortable columns: the latest update first unless the address says otherwise.
SORTS = Sorting({"title": (Case.title,), "status": (in_declared_order(Case.status, CaseStatus),),
                 "named": (Case.may_be_named,), "updated": (LATEST_UPDATE,)},
                default="updated", descending=True, descending_first=frozenset({"named"}),
                then=(Case.title,), tiebreak=Case.id)


def _url(case) -> str:
    return url_for("cases.detail", case_id=case.id)


@bp.get("/")
def index():
    """Cases, searchable by title and charges, filtered by status and theme."""
    filters = CaseFilters(formdata=request.args)
    filters.read()
    stmt = hide_archived(select(Case), Case, filters.value("archived"))
    if filters.value("status"):
        stmt = stmt.where(Case.status == filters.value("status"))
    if filters.value("theme"):
        stmt = stmt.where(filed_under(Case.id, case_themes,
                                      theme_and_below(filters.value("theme"))))
    page = searched_page(stmt, filters.value("q"), Case, (Case.title, Case.charges),
                         sorting=SORTS, noun="cases",
                         options=(selectinload(Case.person), selectinload(Case.themes)))
    last = dict(db.session.execute(
        select(CaseUpdate.case_id, func.max(CaseUpdate.happened_on))
        .where(CaseUpdate.case_id.in_([c.id for c in page.items]),
               CaseUpdate.archived_at.is_(None))
        .group_by(CaseUpdate.case_id)).all())
    return render_template("cases/index.html", filters=filters, page=page, last_update=last)


@bp.get("/<int:case_id>")
def detail(case_id: int):
    """A case: the person, charges, status, updates newest first, where it was raised."""
    case = get_or_404(Case, case_id)
    form = CaseUpdateForm()
    form.show_version(case.version)
    return _detail_page(case, form)


def _detail_page(case: Case, form: CaseUpdateForm):
    return show("cases/detail.html", case=case, form=form,
                sections=CASE_SECTIONS.latest(db.session(), case))


@bp.post("/<int:case_id>/updates")
def new_update(case_id: int):
    """Add a dated development to a case; a status change is refused if the case changed since."""
    case = get_or_404(Case, case_id)
    form = CaseUpdateForm()
    return change_page(
        case, form, lambda: add_update(db.session(), case, form.happened_on.validated(),
                                       form.text.data or "",
                                       form.new_status.data, form.is_internal.data),
        show_page=_detail_page, done_url=_url, saved="Update added.",
        check_version=form.new_status.data is not None)


def _form(case: Case | None = None) -> CaseForm:
    return CaseForm(obj=case, levels=current_user.visible_levels)


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Add a case."""
    return create_page(_form(), "cases/form.html", new_record=Case,
                       added=lambda case: f"Case “{case.title}” added.", done_url=_url,
                       apply=copy_with_themes)


@bp.route("/<int:case_id>/edit", methods=["GET", "POST"])
def edit(case_id: int):
    """Change a case (refused if someone saved in between)."""
    case = get_or_404(Case, case_id)
    return edit_page(case, _form(case), "cases/form.html", labels=LABELS, done_url=_url,
                     apply=copy_with_themes)


add_archive_routes(bp, Case, "case_id", _url)
add_section_routes(bp, CASE_SECTIONS, Case)
