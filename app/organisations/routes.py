"""Organisation pages: list, detail with its people, create, edit, archive, restore."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from sqlalchemy import select

from app.extensions import db
from app.models import Organisation, OrganisationKind
from app.organisations.forms import OrganisationFilters, OrganisationForm
from app.record_views.archiving import add_archive_routes
from app.record_views.filter_choices import recorded_choices
from app.record_views.pages import create_page, edit_page, searched_page, show
from app.record_views.sections import add_section_routes
from app.security.record_loading import get_or_404
from app.services.listing import hide_archived
from app.services.people.organisations import ORGANISATION_SECTIONS
from app.services.sorting import Sorting, in_declared_order

bp = Blueprint("organisations", __name__, url_prefix="/organisations")

#: The organisations list's sortable columns: by name unless the address says otherwise.
SORTS = Sorting({"name": (Organisation.name,),
                 "kind": (in_declared_order(Organisation.kind, OrganisationKind),),
                 "country": (Organisation.country,)}, default="name", tiebreak=Organisation.id)

LABELS = (("name", "Name"), ("acronym", "Acronym"), ("kind", "Kind"), ("country", "Country"),
          ("notes", "Notes"))


def _url(organisation) -> str:
    return url_for("organisations.detail", organisation_id=organisation.id)


@bp.get("/")
def index():
    """Organisations, searchable by name or acronym, filtered by kind and country."""
    filters = OrganisationFilters(formdata=request.args)
    filters.country.choices = recorded_choices(Organisation.country, "Any country")
    filters.read()
    stmt = hide_archived(select(Organisation), Organisation, filters.value("archived"))
    if filters.value("kind"):
        stmt = stmt.where(Organisation.kind == filters.value("kind"))
    if filters.value("country"):
        stmt = stmt.where(Organisation.country == filters.value("country"))
    page = searched_page(stmt, filters.value("q"), Organisation,
                         (Organisation.name, Organisation.acronym), sorting=SORTS,
                         noun="organisations")
    return render_template("organisations/index.html", filters=filters, page=page)


@bp.get("/<int:organisation_id>")
def detail(organisation_id: int):
    """One organisation and the people who hold or held posts there."""
    organisation = get_or_404(Organisation, organisation_id)
    return show("organisations/detail.html", organisation=organisation,
                sections=ORGANISATION_SECTIONS.latest(db.session(), organisation))


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Add an organisation."""
    return create_page(OrganisationForm(), "organisations/form.html", new_record=Organisation,
                       added=lambda o: f"Organisation “{o.name}” added.", done_url=_url)


@bp.route("/<int:organisation_id>/edit", methods=["GET", "POST"])
def edit(organisation_id: int):
    """Change an organisation (refused if someone saved in between)."""
    organisation = get_or_404(Organisation, organisation_id)
    form = OrganisationForm(obj=organisation)
    return edit_page(organisation, form, "organisations/form.html", labels=LABELS, done_url=_url)


add_archive_routes(bp, Organisation, "organisation_id", _url)
add_section_routes(bp, ORGANISATION_SECTIONS, Organisation)
