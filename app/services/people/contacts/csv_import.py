"""Contacts import of persons or organisations from a CSV or a vCard file (:mod:`.vcard_import`):
read, map columns, report (dry run), save.

The officer maps the file's columns to Parley's fields (:func:`guess_mapping` proposes a
mapping from the headers); :func:`build_report` then says, row by row and without writing
anything, what would be created, which rows look like duplicates of records Parley holds (or of
an earlier row) and which rows cannot be imported. :func:`save_report` creates the new rows in
the caller's transaction. Duplicates are looked for among the persons the officer may see
(and every organisation) and are skipped, never imported twice. A person above the officer's
clearance counts as not held: the report and the counts read exactly as if it did not exist,
and the new person goes to the review queue (:mod:`app.services.data_protection.review_queue`) instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath

from email_validator import EmailNotValidError, validate_email
from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Affiliation, Organisation, OrganisationKind, Person, PersonName
from app.security.audit import record
from app.security.cleaning import clean_text
from app.security.field_crypto import email_lookup
from app.services.data_protection.review_queue import flag_restricted_twins
from app.services.imports.briefing.lines import normalise
from app.services.imports.briefing.readers import ImportRefused, decode_text, sniff
from app.services.imports.spreadsheets import csv_rows
from app.services.people.contacts.contacts_file import MAX_ROWS, ContactsFile
from app.services.people.contacts.vcard_import import is_vcard, read_vcards

#: Near-identical names (rapidfuzz score) flagged as likely duplicates.
NAME_CUTOFF = 92

#: mode -> ((field, label, required), ...)
FIELDS = {
    "persons": (
        ("full_name", "Full name", True), ("email", "Email", False), ("phone", "Phone", False),
        ("country", "Country", False), ("organisation", "Organisation", False),
        ("role", "Role or post", False), ("other_names", "Other spellings", False),
    ),
    "organisations": (
        ("name", "Name", True), ("acronym", "Acronym", False), ("kind", "Kind", False),
        ("country", "Country", False),
    ),
}
#: Header words that suggest a field.
SYNONYMS = {
    "full_name": ("full name", "fullname", "name", "person", "contact", "contact name",
                  "display name"),
    "email": ("email", "e-mail", "mail", "email address", "e-mail address"),
    "phone": ("phone", "telephone", "tel", "mobile", "phone number", "cell"),
    "country": ("country", "nationality", "state"),
    "organisation": ("organisation", "organization", "org", "company", "institution",
                     "employer", "affiliation", "agency"),
    "role": ("role", "title", "job title", "position", "post", "function"),
    "other_names": ("other spellings", "other names", "spellings", "aliases", "alias", "aka",
                    "also known as", "cyrillic", "transliterations"),
    "name": ("name", "organisation", "organization", "organisation name", "org"),
    "acronym": ("acronym", "abbreviation", "short name"),
    "kind": ("kind", "type", "category"),
}
_SPELLING_SPLIT = re.compile(r"\s*[;|/]\s*")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@dataclass
class RowPlan:
    """One row (CSV) or card (vCard) in the dry-run report."""

    line: int
    values: dict[str, str]
    duplicate_of: str | None = None
    error: str | None = None

    @property
    def status(self) -> str:
        """"new", "duplicate" or "error"."""
        return "error" if self.error else "duplicate" if self.duplicate_of else "new"


@dataclass
class ContactsReport:
    """The dry run: every row with its status."""

    mode: str
    rows: list[RowPlan] = field(default_factory=list)
    #: "row" (CSV) or "card" (vCard): what the report calls one line of the file.
    unit: str = "row"

    def count(self, status: str) -> int:
        """Rows with ``status``."""
        return sum(1 for row in self.rows if row.status == status)


def read_contacts_file(data: bytes, filename: str = "") -> ContactsFile:
    """Parse an uploaded CSV (comma, semicolon or tab separated) or vCard file; refuse anything
    else. The content decides: a file starting with ``BEGIN:VCARD`` is read as vCards."""
    is_vcf = PurePath(filename or "").suffix.casefold() in (".vcf", ".vcard")
    if data.startswith(b"%PDF"):
        raise ImportRefused("This is a PDF file, not a contacts list: export the contacts as "
                            "CSV or vCard (.vcf) and try again.")
    if sniff(data) != "text":  # a Word file or other binary
        what = "a vCard" if is_vcf else "a CSV"
        raise ImportRefused(f"This is not {what} file: export the contacts as CSV or vCard "
                            "(.vcf) and try again.")
    text = decode_text(data)
    if is_vcard(text):
        return read_vcards(text)
    if is_vcf:
        raise ImportRefused("This .vcf file is not a vCard: it does not start with "
                            "BEGIN:VCARD. Export the contacts again as vCard 3.0 or 4.0.")
    rows = csv_rows(text)
    rows = [row for row in rows if any(row)]
    if len(rows) < 2:
        raise ImportRefused("The CSV needs a header row and at least one row of contacts.")
    if len(rows) - 1 > MAX_ROWS:
        raise ImportRefused(f"The CSV has {len(rows) - 1} rows; import at most {MAX_ROWS} at a "
                            "time.")
    headers = [h or f"Column {n + 1}" for n, h in enumerate(rows[0])]
    return ContactsFile(headers, rows[1:])


def guess_mapping(headers: list[str], mode: str) -> dict[str, int | None]:
    """Propose a column for each field from the header names (``None`` when none fits)."""
    mapping: dict[str, int | None] = {}
    used: set[int] = set()
    keys = [normalise(h).replace("_", " ") for h in headers]
    for name, _, _ in FIELDS[mode]:
        synonyms = SYNONYMS.get(name, ())
        found = next((i for syn in synonyms for i, key in enumerate(keys)
                      if key == syn and i not in used), None)
        if found is None:
            found = next((i for syn in synonyms for i, key in enumerate(keys)
                          if syn in key.split() and i not in used and len(syn) > 3), None)
        mapping[name] = found
        if found is not None:
            used.add(found)
    return mapping


def _value(row: list[str], column: int | None) -> str:
    return clean_text(row[column]) if column is not None and column < len(row) else ""


class _Existing:
    """Names, spellings and emails already held: persons the reader may see, every organisation.

    Persons are read through the visibility rule, so a restricted person never makes a row a
    duplicate (that would tell an uncleared officer the record exists). Emails are encrypted
    at rest: they are compared by their blind index (``email_lookup``).
    """

    def __init__(self, session: Session, mode: str):
        run = lambda stmt: session.execute(stmt).all()
        self.mode = mode
        self.names: dict[str, str] = {}
        #: Blind index of an email (persons) or folded acronym (organisations) -> label.
        self.seconds: dict[str, str] = {}
        if mode == "persons":
            persons = run(select(Person.id, Person.full_name, Person.email_lookup))
            label = {pid: name for pid, name, _ in persons}
            for _, name, lookup in persons:
                self.names.setdefault(normalise(name), name)
                if lookup:
                    self.seconds.setdefault(lookup, name)
            for pid, name in run(select(PersonName.person_id, PersonName.name)
                                 .join(Person, Person.id == PersonName.person_id)):
                if pid in label:
                    self.names.setdefault(normalise(name), label[pid])
        else:
            for name, acronym in run(select(Organisation.name, Organisation.acronym)):
                self.names.setdefault(normalise(name), name)
                if acronym:
                    self.seconds.setdefault(acronym.casefold(), name)

    def _second_key(self, value: str) -> str | None:
        return email_lookup(value) if self.mode == "persons" else value.casefold()

    def duplicate(self, name: str, second: str) -> str | None:
        key = normalise(name)
        if key in self.names:
            return f"same name as {self.names[key]}"
        second_key = self._second_key(second) if second else None
        if second_key is not None and second_key in self.seconds:
            what = "email" if self.mode == "persons" else "acronym"
            return f"same {what} as {self.seconds[second_key]}"
        near = process.extractOne(key, list(self.names), scorer=fuzz.token_sort_ratio,
                                  score_cutoff=NAME_CUTOFF)
        if near:
            return f"very similar to {self.names[near[0]]} ({int(near[1])}%)"
        return None


def build_report(session: Session, contacts: ContactsFile, mapping: dict[str, int | None],
                 mode: str) -> ContactsReport:
    """The dry run: what each row would become. Writes nothing."""
    report = ContactsReport(mode, unit=contacts.unit)
    existing = _Existing(session, mode)
    seen: dict[str, int] = {}
    key_field = "full_name" if mode == "persons" else "name"
    second = "email" if mode == "persons" else "acronym"
    for number, row in enumerate(contacts.rows, start=contacts.first_line):
        values = {name: _value(row, mapping.get(name)) for name, _, _ in FIELDS[mode]}
        plan = RowPlan(number, values)
        report.rows.append(plan)
        if not values[key_field]:
            plan.error = "no name"
            continue
        if mode == "persons" and values["email"]:
            try:
                values["email"] = validate_email(values["email"], check_deliverability=False,
                                                 globally_deliverable=False).normalized
            except EmailNotValidError:
                plan.error = f"email “{values['email']}” is not valid"
                continue
        if mode == "organisations" and values["kind"]:
            kind = _kind(values["kind"])
            if kind is None:
                plan.error = f"unknown kind “{values['kind']}”"
                continue
        key = normalise(values[key_field])
        if key in seen:
            plan.duplicate_of = f"same name as {contacts.unit} {seen[key]} of this file"
            continue
        seen[key] = number
        plan.duplicate_of = existing.duplicate(values[key_field], values[second])
    return report


def _kind(text: str) -> OrganisationKind | None:
    key = normalise(text).replace(" ", "_").replace("-", "_")
    for kind in OrganisationKind:
        if key in (kind.value, normalise(kind.label).replace(" ", "_")):
            return kind
    return None


def save_report(session: Session, report: ContactsReport) -> dict[str, int]:
    """Create the report's new rows (duplicates and errors skipped); flush, never commit."""
    counts = {"persons": 0, "organisations": 0, "affiliations": 0, "other_spellings": 0}
    created: list[Person] = []
    organisations: dict[str, Organisation] = {}
    for org in session.scalars(select(Organisation)).all():
        organisations.setdefault(normalise(org.name), org)
        if org.acronym:
            organisations.setdefault(normalise(org.acronym), org)
    for row in report.rows:
        if row.status != "new":
            continue
        values = row.values
        if report.mode == "organisations":
            org = Organisation(name=values["name"][:300], acronym=values["acronym"][:50] or None,
                               kind=_kind(values["kind"]) or OrganisationKind.OTHER,
                               country=values["country"][:100] or None)
            session.add(org)
            organisations[normalise(org.name)] = org
            counts["organisations"] += 1
            continue
        person = Person(full_name=values["full_name"][:300], email=values["email"] or None,
                        phone=values["phone"][:50] or None,
                        country=values["country"][:100] or None,
                        lawful_basis="Legitimate interest: advocacy contact (imported)")
        for spelling in filter(None, _SPELLING_SPLIT.split(values["other_names"])):
            person.other_names.append(PersonName(
                name=spelling[:300], script="Cyrillic" if _CYRILLIC.search(spelling) else "Latin"))
            counts["other_spellings"] += 1
        session.add(person)
        created.append(person)
        counts["persons"] += 1
        if values["organisation"]:
            found = organisations.get(normalise(values["organisation"]))
            if found is not None:
                org = found
            else:
                org = Organisation(name=values["organisation"][:300], kind=OrganisationKind.OTHER)
                session.add(org)
                organisations[normalise(org.name)] = org
                counts["organisations"] += 1
            session.add(Affiliation(person=person, organisation=org,
                                    role=(values["role"] or "Contact")[:300]))
            counts["affiliations"] += 1
    session.flush()
    flag_restricted_twins(session, created)
    kind = "vCard" if report.unit == "card" else "CSV"
    record(session, "import", entity_type="contacts", changes={
        "kind": f"contacts {kind} ({report.mode})", "created": counts,
        "skipped": report.count("duplicate") + report.count("error")})
    return counts
