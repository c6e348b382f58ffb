"""Exports: persons as CSV or vCard, and the subject-access export of one person (admins).

Every export needs a fresh login and is written to the audit log. Persons are loaded through
the ORM, so users only export whom they are cleared to see.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from flask import Blueprint, Response, abort, request
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Affiliation, Person, Role
from app.security.audit import record
from app.security.field_crypto import with_private_fields
from app.security.fresh import fresh_login_required
from app.security.record_loading import get_or_404
from app.services.data_protection.subject_access import subject_access as build_subject_access
from app.services.people.contacts.export import persons_csv, persons_vcard

bp = Blueprint("exports", __name__, url_prefix="/exports")


def _persons() -> Sequence[Person]:
    return db.session.scalars(
        select(Person).where(Person.archived_at.is_(None)).order_by(Person.full_name)
        .options(selectinload(Person.other_names), with_private_fields(),
                 selectinload(Person.affiliations).selectinload(Affiliation.organisation))
    ).all()


def _download(body: str, filename: str, mimetype: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/persons.csv")
@fresh_login_required
def persons_csv_download():
    """Every person the user may see, as CSV (cells safe to open in a spreadsheet)."""
    persons = _persons()
    record(db.session, "export", entity_type="Person",
           changes={"format": "csv", "count": len(persons)})
    db.session.commit()
    return _download(persons_csv(persons), "parley-persons.csv", "text/csv")


@bp.route("/persons.vcf")
@fresh_login_required
def persons_vcard_download():
    """Every person the user may see, as vCards (``?version=3.0`` for older address books)."""
    version = "3.0" if request.args.get("version") == "3.0" else "4.0"
    persons = _persons()
    record(db.session, "export", entity_type="Person",
           changes={"format": f"vcard {version}", "count": len(persons)})
    db.session.commit()
    return _download(persons_vcard(persons, version), "parley-persons.vcf", "text/vcard")


@bp.route("/subject-access/<int:person_id>")
@fresh_login_required
def subject_access(person_id: int):
    """Everything Parley holds about one person, as JSON (admins only)."""
    if current_user.role is not Role.ADMIN:
        abort(403)
    person = get_or_404(Person, person_id)
    data = build_subject_access(db.session(), person)
    record(db.session(), "export", person, changes={"format": "subject access (json)"})
    db.session.commit()
    return _download(json.dumps(data, ensure_ascii=False, indent=2),
                     f"parley-subject-access-{person.id}.json", "application/json")
