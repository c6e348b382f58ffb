"""Contacts: CSV import with column mapping, dry-run report and duplicates; CSV and vCard
export that obeys the visibility rule, is audited and cannot smuggle formulas."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Affiliation,
    AuditEvent,
    Organisation,
    OrganisationKind,
    Person,
    PersonName,
    Sensitivity,
)
from app.services.people.contacts.cells import neutralise
from app.services.people.contacts.csv_import import guess_mapping
from tests.support.queries import row_counts

PERSONS_CSV = (
    "Name;E-mail;Telephone;Country;Organization;Job title;Aliases\n"
    "Sofie Brandt;sofie@eeas.example;+32 2 555 0101;Denmark;European External Action Service;"
    "Desk Officer;Софи Брандт\n"
    "Nurlan Zhaksygeldin;nurlan@mfa.example;;Kazakhstan;MFA;Deputy Minister;"
    "Нурлан Жаксыгельдин | Nurlan Jaksygeldin\n"
    "Amir Kasenov;;;Kazakhstan;;;\n"
    "Someone Else;known@parley.example;;;;;\n"
    "Pieter Vanderschoot;not-an-email;;;;;\n"
    ";nobody@example.org;;;;;\n"
    "sofie brandt;;;;;;\n"
)


@pytest.fixture()
def existing(app):
    """A person with another spelling and an email, and an organisation."""
    with app.app_context():
        db.session.add_all([
            Person(full_name="Amir Kassenov", other_names=[PersonName(name="Amir Kasenov")]),
            Person(full_name="Known Contact", email="known@parley.example"),
            Organisation(name="Ministry of Foreign Affairs of Kazakhstan", acronym="MFA",
                         kind=OrganisationKind.GOVERNMENT),
        ])
        db.session.commit()


def _upload(client, text: str, mode: str = "persons", name: str = "contacts.csv"):
    return client.post("/contacts/import", data={
        "file": (io.BytesIO(text.encode("utf-8")), name), "mode": mode},
        content_type="multipart/form-data")


def test_headers_are_guessed():
    headers = ["Name", "E-mail", "Telephone", "Country", "Organization", "Job title", "Aliases"]
    assert guess_mapping(headers, "persons") == {
        "full_name": 0, "email": 1, "phone": 2, "country": 3, "organisation": 4, "role": 5,
        "other_names": 6}
    assert guess_mapping(["Org name", "Abbreviation", "Type"], "organisations") == {
        "name": 0, "acronym": 1, "kind": 2, "country": None}


def test_map_report_confirm_creates_persons_and_flags_duplicates(app, officer_client,
                                                                  existing):
    response = _upload(officer_client, PERSONS_CSV)
    assert response.status_code == 302
    page = officer_client.get("/contacts/import/mapping").get_data(as_text=True)
    assert '<option selected value="0">Name</option>' in page
    assert '<option selected value="6">Aliases</option>' in page
    mapping = {"full_name": "0", "email": "1", "phone": "2", "country": "3",
               "organisation": "4", "role": "5", "other_names": "6"}
    response = officer_client.post("/contacts/import/mapping", data=mapping)
    assert response.status_code == 302
    with app.app_context():
        before = row_counts()
    report = officer_client.get("/contacts/import/report").get_data(as_text=True)
    assert "<strong>2</strong> new persons will be created" in report
    assert "Likely duplicate: same name as Amir Kassenov" in report
    assert "Likely duplicate: same email as Known Contact" in report
    assert "Likely duplicate: same name as row 2 of this file" in report
    assert "Skipped: email “not-an-email” is not valid" in report
    assert "Skipped: no name" in report
    with app.app_context():
        assert row_counts() == before  # the report is a dry run
    response = officer_client.post("/contacts/import/report", follow_redirects=True)
    assert "Contacts imported: 2 persons, 1 organisations, 2 affiliations, 3 other spellings; " \
           "5 row(s) skipped." in response.get_data(as_text=True)
    with app.app_context():
        nurlan = db.session.scalar(select(Person).where(Person.full_name == "Nurlan Zhaksygeldin"))
        assert [(n.name, n.script) for n in nurlan.other_names] == [
            ("Нурлан Жаксыгельдин", "Cyrillic"), ("Nurlan Jaksygeldin", "Latin")]
        assert nurlan.affiliations[0].organisation.acronym == "MFA"
        assert nurlan.affiliations[0].role == "Deputy Minister"
        sofie = db.session.scalar(select(Person).where(Person.full_name == "Sofie Brandt"))
        assert sofie.email == "sofie@eeas.example" and sofie.phone == "+32 2 555 0101"
        assert db.session.scalar(select(func.count()).select_from(Person)) == 4
        assert db.session.scalar(select(func.count()).select_from(Affiliation)) == 2
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "import"))


def test_a_restricted_namesake_is_imported_as_new_and_never_revealed(app, officer_client):
    with app.app_context():
        db.session.add(Person(full_name="Natalia Sadykova", sensitivity=Sensitivity.AT_RISK))
        db.session.commit()
    _upload(officer_client, "Full name\nNatalia Sadykova\n")
    officer_client.post("/contacts/import/mapping", data={"full_name": "0"})
    report = officer_client.get("/contacts/import/report").get_data(as_text=True)
    assert "restricted" not in report and "Likely duplicate" not in report
    assert "<strong>1</strong> new person will be created" in report
    officer_client.post("/contacts/import/report")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Person).execution_options(
            parley_unrestricted=True)) == 2


def test_mapping_needs_the_name_and_one_column_per_field(app, officer_client):
    _upload(officer_client, PERSONS_CSV)
    response = officer_client.post("/contacts/import/mapping", data={
        "full_name": "", "email": "1", "phone": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Choose the column that holds the full name." in page
    assert "This column is already used for email." in page


def test_organisations_are_imported_with_their_kind(app, officer_client, existing):
    text = ("Organisation,Acronym,Type,Country\n"
            "Embassy of Germany in Astana,,member state,Germany\n"
            "Ministry of Foreign Affairs of Kazakhstan,MFA,government,Kazakhstan\n"
            "Radio Azattyq,,media,Kazakhstan\nUnknown Body,,spaceship,\n")
    _upload(officer_client, text, mode="organisations")
    officer_client.post("/contacts/import/mapping", data={
        "name": "0", "acronym": "1", "kind": "2", "country": "3"})
    report = officer_client.get("/contacts/import/report").get_data(as_text=True)
    assert "Likely duplicate: same name as Ministry of Foreign Affairs" in report
    assert "unknown kind “spaceship”" in report
    officer_client.post("/contacts/import/report")
    with app.app_context():
        kinds = dict(db.session.execute(select(Organisation.name, Organisation.kind)).all())
        assert kinds["Embassy of Germany in Astana"] is OrganisationKind.MEMBER_STATE
        assert kinds["Radio Azattyq"] is OrganisationKind.MEDIA
        assert len(kinds) == 3


@pytest.mark.parametrize("data, words", [
    (b"", "empty"), (b"\x00\x01\x02binary\x00" * 40, "binary file"),
    (b"Name\n", "at least one row"), (b"%PDF-1.4 \x00", "PDF")],
    ids=["empty", "binary", "header only", "pdf"])
def test_bad_contacts_files_are_refused_and_change_nothing(app, officer_client, data, words):
    with app.app_context():
        before = row_counts()
    response = officer_client.post("/contacts/import", data={
        "file": (io.BytesIO(data), "contacts.csv"), "mode": "persons"},
        content_type="multipart/form-data")
    assert response.status_code in (400, 422)
    assert words in response.get_data(as_text=True)
    with app.app_context():
        assert row_counts() == before


# --------------------------------------------------------------------------- export


@pytest.mark.parametrize("value, expected", [
    ("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"), ("+1 555", "'+1 555"),
    ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tcmd", "'\tcmd"), ("\rcmd", "'\rcmd"),
    ("Gulnara", "Gulnara"), ("", ""), (None, ""), (42, "42")])
def test_cells_that_would_start_a_formula_get_an_apostrophe(value, expected):
    assert neutralise(value) == expected


@pytest.fixture()
def people(app):
    """A normal person with a formula for a name, and an at-risk person."""
    with app.app_context():
        org = Organisation(name="EEAS")
        formula = Person(full_name="=HYPERLINK(\"http://evil.example\",\"click\")",
                         email="@attacker.example", phone="+7 701 555 0000", country="Kazakhstan",
                         other_names=[PersonName(name="Гульнара Бажкенова; with a comma, too")])
        db.session.add_all([org, formula,
                            Affiliation(person=formula, organisation=org, role="-Desk officer"),
                            Person(full_name="Natalia Sadykova", sensitivity=Sensitivity.AT_RISK,
                                   email="hidden@example.org")])
        db.session.commit()


def test_csv_export_is_neutralised_visible_only_and_audited(app, viewer_client, people):
    response = viewer_client.get("/exports/persons.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbfid,full_name,")  # UTF-8 BOM, for Excel
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["id", "full_name", "other_spellings"]
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=False))
    assert row["full_name"].startswith("'=HYPERLINK")
    assert row["email"] == "'@attacker.example" and row["phone"] == "'+7 701 555 0000"
    assert row["role"] == "'-Desk officer" and row["organisation"] == "EEAS"
    assert "Sadykova" not in response.get_data(as_text=True)
    with app.app_context():
        audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "export"))
        assert audit.changes == {"format": "csv", "count": 1}


def test_admin_export_includes_restricted_persons(app, admin_client, people):
    body = admin_client.get("/exports/persons.csv").get_data(as_text=True)
    assert "Natalia Sadykova" in body


def test_vcard_export_in_both_versions(app, viewer_client, people):
    for version in ("3.0", "4.0"):
        response = viewer_client.get("/exports/persons.vcf", query_string={"version": version})
        body = response.get_data(as_text=True)
        assert response.mimetype == "text/vcard"
        assert body.count("BEGIN:VCARD") == 1 and f"VERSION:{version}" in body
        unfolded = body.replace("\r\n ", "")
        assert "NICKNAME:Гульнара Бажкенова\\; with a comma\\, too" in unfolded
        assert "ORG:EEAS" in unfolded and "TITLE:-Desk officer" in unfolded
        assert "Sadykova" not in body
        assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert "EMAIL;TYPE=INTERNET:@attacker.example" in viewer_client.get(
        "/exports/persons.vcf?version=3.0").get_data(as_text=True)
    with app.app_context():
        formats = db.session.scalars(select(AuditEvent.changes).where(
            AuditEvent.action == "export")).all()
        assert {f["format"] for f in formats} == {"vcard 3.0", "vcard 4.0"}


def test_command_line_import_and_export(app, runner, tmp_path, existing):
    source = tmp_path / "contacts.csv"
    source.write_text(PERSONS_CSV, encoding="utf-8")
    with app.app_context():
        before = row_counts()
    result = runner.invoke(args=["import-contacts", str(source), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "2 new, 3 likely duplicates, 2 with problems." in result.output
    assert "row 4: Amir Kasenov: likely duplicate: same name as Amir Kassenov" in result.output
    with app.app_context():
        assert row_counts() == before
    result = runner.invoke(args=["import-contacts", str(source)])
    assert "Created 2 persons, 1 organisations, 2 affiliations, 3 other spellings." in result.output
    target = tmp_path / "persons.csv"
    result = runner.invoke(args=["export-persons", "--output", str(target)])
    assert result.exit_code == 0 and "Exported 4 persons" in result.output
    exported = target.read_bytes()
    assert exported.startswith(b"\xef\xbb\xbfid,full_name,other_spellings,")
    rows = list(csv.DictReader(io.StringIO(exported.decode("utf-8-sig"), newline="")))
    nurlan = next(row for row in rows if row["full_name"] == "Nurlan Zhaksygeldin")
    assert nurlan["other_spellings"] == "Нурлан Жаксыгельдин; Nurlan Jaksygeldin"
    result = runner.invoke(args=["import-contacts", str(tmp_path / "missing.csv")])
    assert result.exit_code != 0 and "No such file" in result.output
