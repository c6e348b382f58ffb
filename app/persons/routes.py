"""Stakeholder pages: list (search by any spelling), profile with its possible duplicates,
create with duplicate warning, edit, archive, restore, merge (:mod:`app.persons.merge`), and
their posts over time."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Affiliation, Person
from app.persons.forms import AffiliationForm, NewPersonForm, PersonFilters, PersonForm
from app.persons.merge import add_merge_routes
from app.record_views.archiving import add_archive_routes, set_archived
from app.record_views.filter_choices import recorded_choices
from app.record_views.forms import enum_choices
from app.record_views.pages import create_page, edit_page, list_page, show
from app.record_views.sections import add_section_routes
from app.security.record_loading import get_or_404, get_part_or_404
from app.services.data_protection.erasure import erasure_record
from app.services.data_protection.review_queue import flag_restricted_twins
from app.services.listing import hide_archived
from app.services.people.names import person_name_matches, possible_duplicates
from app.services.people.persons import set_other_spellings
from app.services.people.profiles import PERSON_SECTIONS, build_profile
from app.services.sorting import Sorting

bp = Blueprint("persons", __name__, url_prefix="/persons")

LABELS = (("full_name", "Full name"), ("other_names", "Other spellings"), ("email", "Email"),
          ("phone", "Phone"), ("country", "Country"), ("sensitivity", "Sensitivity"),
          ("lawful_basis", "Lawful basis"), ("consent_note", "Consent"), ("notes", "Notes"))
POST_LABELS = (("organisation", "Organisation"), ("role", "Post or role"),
               ("start_on", "Start date"), ("end_on", "End date"))


#: The stakeholders list's sortable columns: by name unless the address says otherwise.
SORTS = Sorting({"name": (Person.full_name,), "country": (Person.country,)},
                default="name", tiebreak=Person.id)


def _url(person) -> str:
    return url_for("persons.detail", person_id=person.id)


@bp.get("/")
def index():
    """Stakeholders, found by any spelling of their name, filtered by organisation, country
    and sensitivity."""
    filters = PersonFilters(formdata=request.args)
    filters.country.choices = recorded_choices(Person.country, "Any country")
    filters.sensitivity.choices = enum_choices(current_user.visible_levels, blank="Any")
    filters.read()
    stmt = hide_archived(select(Person), Person, filters.value("archived"))
    if filters.value("q"):
        stmt = stmt.where(person_name_matches(filters.value("q")))
    if filters.value("organisation"):
        stmt = stmt.where(Person.id.in_(
            select(Affiliation.person_id).where(
                Affiliation.organisation_id == filters.value("organisation"),
                Affiliation.archived_at.is_(None))))
    if filters.value("country"):
        stmt = stmt.where(Person.country == filters.value("country"))
    if filters.value("sensitivity"):
        stmt = stmt.where(Person.sensitivity == filters.value("sensitivity"))
    stmt = stmt.options(
        selectinload(Person.other_names),
        selectinload(Person.affiliations).selectinload(Affiliation.organisation),
    )
    return render_template("persons/index.html", filters=filters,
                           page=list_page(stmt, sorting=SORTS))


@bp.get("/<int:person_id>")
def detail(person_id: int):
    """The stakeholder profile."""
    person = get_or_404(Person, person_id)
    erasure = erasure_record(db.session(), person.id) if person.is_erased else None
    duplicates = [] if person.is_archived else possible_duplicates(
        db.session, [person.full_name, *(n.name for n in person.other_names)],
        exclude_id=person.id, live_only=True)
    merged_into = db.session.get(Person, person.merged_into_id) if person.is_merged else None
    return show("persons/detail.html", person=person, profile=build_profile(db.session(), person),
                erasure=erasure, duplicates=duplicates, merged_into=merged_into)


def _apply(form: PersonForm, person: Person) -> None:
    form.copy_to(person)
    set_other_spellings(person, form.spellings)


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Add a person; a likely duplicate must be confirmed with "Create anyway".

    Only persons the officer may see are offered as duplicates; a namesake above their
    clearance goes silently to the review queue.
    """
    form = NewPersonForm(levels=current_user.visible_levels)
    duplicates = []
    if form.validate_on_submit():
        if not form.create_anyway.data:
            duplicates = possible_duplicates(db.session, [form.full_name.data, *form.spellings])
        if not duplicates:
            person = Person()
            _apply(form, person)
            db.session.add(person)
            flag_restricted_twins(db.session, [person])
            db.session.commit()
            flash(f"{person.full_name} added.", "success")
            return redirect(_url(person))
    if not duplicates:
        del form.create_anyway
    return render_template("persons/form.html", form=form, record=None, duplicates=duplicates)


@bp.route("/<int:person_id>/edit", methods=["GET", "POST"])
def edit(person_id: int):
    """Change a person (refused if someone saved in between)."""
    person = get_or_404(Person, person_id)
    form = PersonForm(obj=person, levels=current_user.visible_levels)
    if request.method == "GET":
        form.other_spellings.data = "\n".join(n.name for n in person.other_names)
    return edit_page(person, form, "persons/form.html", labels=LABELS, done_url=_url,
                     apply=_apply, duplicates=[])


add_archive_routes(bp, Person, "person_id", _url)
add_section_routes(bp, PERSON_SECTIONS, Person)
add_merge_routes(bp)


def _post_form(person: Person, affiliation: Affiliation | None = None) -> AffiliationForm:
    return AffiliationForm(obj=affiliation)


@bp.route("/<int:person_id>/posts/new", methods=["GET", "POST"])
def new_post(person_id: int):
    """Record a post the person holds or held."""
    person = get_or_404(Person, person_id)
    return create_page(_post_form(person), "persons/post_form.html",
                       new_record=lambda: Affiliation(person_id=person.id), added="Post added.",
                       done_url=lambda a: _url(person), person=person)


def _load_post(person_id: int, affiliation_id: int) -> tuple[Person, Affiliation]:
    return get_part_or_404(Person, person_id, Affiliation, affiliation_id, "person_id")


@bp.route("/<int:person_id>/posts/<int:affiliation_id>/edit", methods=["GET", "POST"])
def edit_post(person_id: int, affiliation_id: int):
    """Change a post, e.g. set its end date."""
    person, affiliation = _load_post(person_id, affiliation_id)
    form = _post_form(person, affiliation)
    return edit_page(affiliation, form, "persons/post_form.html", labels=POST_LABELS,
                     done_url=lambda a: _url(person), person=person)


@bp.post("/<int:person_id>/posts/<int:affiliation_id>/archive")
def archive_post(person_id: int, affiliation_id: int):
    """Remove a post recorded by mistake (archived, restorable from the audit log)."""
    person, affiliation = _load_post(person_id, affiliation_id)
    return set_archived(Affiliation, affiliation.id, True, lambda a: _url(person))
