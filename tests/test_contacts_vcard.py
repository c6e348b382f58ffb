"""Contacts from a vCard file (.vcf, vCard 3.0 and 4.0): the same mapping page, dry-run
report and duplicates as a CSV; a broken card is explained on the page; CSV exports start
with a UTF-8 BOM and still parse (and import again)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from app.extensions import db
from app.models import AuditEvent, Organisation, Person, PersonName
from app.services.people.contacts.csv_import import guess_mapping, read_contacts_file
from tests.support.queries import row_counts

FIXTURES = Path(__file__).parent / "fixtures" / "contacts"
PERSONS_MAPPING = {"full_name": "0", "email": "1", "phone": "2", "country": "3",
                   "organisation": "4", "role": "5", "other_names": "6"}


def _fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def _upload(client, data: bytes, name: str, mode: str = "persons"):
    return client.post("/contacts/import", data={"file": (io.BytesIO(data), name),
                                                  "mode": mode},
                       content_type="multipart/form-data")


@pytest.fixture()
def known(app):
    """A person Parley holds, by email only (the vCard spells the name differently)."""
    with app.app_context():
        db.session.add(Person(full_name="K. Contact", email="known.contact@parley.example"))
        db.session.commit()


def test_a_vcard_3_file_is_read_card_by_card():
    contacts = read_contacts_file(_fixture("address-book-v3.vcf"), "address-book-v3.vcf")
    assert contacts.kind == "vcard" and contacts.unit == "card" and len(contacts.rows) == 4
    assert guess_mapping(contacts.headers, "persons") == {
        "full_name": 0, "email": 1, "phone": 2, "country": 3, "organisation": 4, "role": 5,
        "other_names": 6}
    dana, maja, known, nameless = contacts.rows
    # The preferred email (TYPE=pref), the country of the address, ORG's first part, TITLE.
    assert dana == ["Dana Omarova", "d.omarova@valdor-bar.example", "+7 727 555 0140",
                    "Kazakhstan", "Valdor Bar Association", "Defence lawyer",
                    "Дана Омарова; Dana Umarova"]
    assert maja[:2] == ["Maja Lindqvist", "maja.lindqvist@eeas.example"]  # name from N
    assert known[0] == "Known Contact" and nameless[0] == "" and nameless[4] == \
        "A card with no name"


def test_a_vcard_4_file_keeps_the_latin_name_and_the_cyrillic_spelling():
    contacts = read_contacts_file(_fixture("address-book-v4.vcf"), "address-book-v4.vcf")
    saparov, bekova, omarova = contacts.rows
    assert saparov == ["Yerlan Saparov", "y.saparov@justice.example", "+7-7172-555-012",
                       "Kazakhstan", "Ministry of Justice of Kazakhstan", "Deputy Minister",
                       "Ерлан Сапаров"]
    assert bekova[:6] == ["Айжан Бекова", "", "+7-701-555-0199", "", "Радио Свобода Валдор",
                          "Журналист"]
    assert omarova[:2] == ["Dana Omarova", "dana@elsewhere.example"]


def test_vcards_import_through_the_mapping_page_and_the_report(app, officer_client, known):
    response = _upload(officer_client, _fixture("address-book-v3.vcf"), "address-book-v3.vcf")
    assert response.status_code == 302 and response.location.endswith("/contacts/import/mapping")
    page = officer_client.get("/contacts/import/mapping").get_data(as_text=True)
    assert "4 card(s) of persons" in page
    assert '<option selected value="0">Full name</option>' in page
    assert '<option selected value="6">Other spellings</option>' in page
    assert "Дана Омарова; Dana Umarova" in page  # the first value of the column
    assert officer_client.post("/contacts/import/mapping",
                               data=PERSONS_MAPPING).status_code == 302
    with app.app_context():
        before = row_counts()
    report = officer_client.get("/contacts/import/report").get_data(as_text=True)
    assert "<th>Card</th>" in report
    assert "<strong>2</strong> new persons will be created" in report
    assert "Likely duplicate: same email as K. Contact" in report
    assert "Skipped: no name" in report
    with app.app_context():
        assert row_counts() == before  # the report is a dry run
    response = officer_client.post("/contacts/import/report", follow_redirects=True)
    assert "Contacts imported: 2 persons, 2 organisations, 2 affiliations, 2 other " \
           "spellings; 2 card(s) skipped." in response.get_data(as_text=True)
    with app.app_context():
        dana = db.session.scalar(select(Person).where(Person.full_name == "Dana Omarova"))
        # Email and phone land in the encrypted fields, as from a CSV.
        assert dana.email == "d.omarova@valdor-bar.example" and dana.phone == "+7 727 555 0140"
        assert dana.country == "Kazakhstan"
        assert [(n.name, n.script) for n in dana.other_names] == [
            ("Дана Омарова", "Cyrillic"), ("Dana Umarova", "Latin")]
        post = dana.affiliations[0]
        assert (post.organisation.name, post.role) == ("Valdor Bar Association",
                                                       "Defence lawyer")
        stored = db.session.execute(text("SELECT email, phone FROM persons WHERE id = :id"),
                                    {"id": dana.id}).one()
        assert "valdor-bar" not in str(stored[0]) and "555 0140" not in str(stored[1])
        audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "import"))
        assert audit.changes["kind"] == "contacts vCard (persons)"


def test_a_second_vcard_file_finds_the_first_ones_persons(app, officer_client):
    _upload(officer_client, _fixture("address-book-v3.vcf"), "address-book-v3.vcf")
    officer_client.post("/contacts/import/mapping", data=PERSONS_MAPPING)
    officer_client.post("/contacts/import/report")
    _upload(officer_client, _fixture("address-book-v4.vcf"), "address-book-v4.vcf")
    officer_client.post("/contacts/import/mapping", data=PERSONS_MAPPING)
    report = officer_client.get("/contacts/import/report").get_data(as_text=True)
    assert "Likely duplicate: same name as Dana Omarova" in report
    officer_client.post("/contacts/import/report")
    with app.app_context():
        saparov = db.session.scalar(select(Person).where(Person.full_name == "Yerlan Saparov"))
        assert [n.name for n in saparov.other_names] == ["Ерлан Сапаров"]
        assert saparov.phone == "+7-7172-555-012"
        assert saparov.affiliations[0].role == "Deputy Minister"
        bekova = db.session.scalar(select(Person).where(Person.full_name == "Айжан Бекова"))
        assert bekova.affiliations[0].organisation.name == "Радио Свобода Валдор"
        assert db.session.scalar(select(func.count()).select_from(Person)) == 5


@pytest.mark.parametrize("data, name, words", [
    (_fixture("broken.vcf"), "broken.vcf",
     "Card 2 (line 7) is not a valid vCard: “FN Tomas Berg” is not NAME:value"),
    (b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Tomas Berg\r\n", "cut.vcf",
     "Card 1 (from line 1) is not a valid vCard: it never ends (END:VCARD is missing)"),
    (b"Name,Email\nTomas Berg,t@example.org\n", "contacts.vcf",
     "This .vcf file is not a vCard: it does not start with BEGIN:VCARD"),
    (b"BEGIN:VCARD\nVERSION:3.0\nFN:x\nPHOTO;ENCODING=b:!!!notbase64\nEND:VCARD\n", "photo.vcf",
     "Card 1 cannot be read as a vCard"),
], ids=["bad line", "no end", "csv named vcf", "bad photo"])
def test_a_broken_vcard_is_explained_on_the_page_and_nothing_changes(app, officer_client, data,
                                                                     name, words):
    with app.app_context():
        before = row_counts()
    response = _upload(officer_client, data, name)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "This file was not imported." in page and words in page
    with app.app_context():
        assert row_counts() == before


def test_command_line_imports_a_vcard_file(app, runner, tmp_path, known):
    source = tmp_path / "people.vcf"
    source.write_bytes(_fixture("address-book-v3.vcf"))
    result = runner.invoke(args=["import-contacts", str(source), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "card 3: Known Contact: likely duplicate: same email as K. Contact" in result.output
    assert "card 4: (no name): no name" in result.output
    assert "2 new, 1 likely duplicates, 1 with problems." in result.output
    result = runner.invoke(args=["import-contacts", str(source)])
    assert "Created 2 persons, 2 organisations, 2 affiliations, 2 other spellings." \
        in result.output
    broken = tmp_path / "broken.vcf"
    broken.write_bytes(_fixture("broken.vcf"))
    result = runner.invoke(args=["import-contacts", str(broken)])
    assert result.exit_code == 1 and "Card 2 (line 7) is not a valid vCard" in result.output


def test_the_persons_csv_starts_with_a_bom_and_imports_again(app, admin_client):
    with app.app_context():
        db.session.add(Person(full_name="Gulnara Bazhkenova", email="g.b@example.org",
                              other_names=[PersonName(name="Гульнара Бажкенова")]))
        db.session.add(Organisation(name="Союз журналистов"))
        db.session.commit()
    body = admin_client.get("/exports/persons.csv").data
    assert body[:3] == b"\xef\xbb\xbf" and body.count(b"\xef\xbb\xbf") == 1
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert rows[0]["full_name"] == "Gulnara Bazhkenova"
    assert rows[0]["other_spellings"] == "Гульнара Бажкенова"
    contacts = read_contacts_file(body, "parley-persons.csv")
    assert contacts.headers[0] == "id"  # the BOM is not part of the first header
    mapping = guess_mapping(contacts.headers, "persons")
    assert contacts.rows[0][mapping["full_name"]] == "Gulnara Bazhkenova"
    assert contacts.rows[0][mapping["other_names"]] == "Гульнара Бажкенова"


def test_the_audit_log_csv_starts_with_a_bom_and_keeps_cyrillic(app, admin_client, admin):
    with app.app_context():
        db.session.add(AuditEvent(action="export", user_id=admin.id,
                                  changes={"note": "Экспорт контактов"}))
        db.session.commit()
    body = admin_client.get("/admin/audit/export.csv?action=export").data
    assert body.startswith(b"\xef\xbb\xbfid,")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert rows[0][0] == "id" and "Экспорт контактов" in rows[1][7]
