"""Pentest findings on contacts files: an oversized CSV cell, and vCard property injection."""

from __future__ import annotations

import io

import vobject
from sqlalchemy import func, select

from app.extensions import db
from app.models import Affiliation, Organisation, Person, PersonName

HUGE_CELL = "Name;Email\nAlma Example;" + "x" * (200 * 1024) + "\n"


def test_csv_cell_over_the_field_limit_is_refused_on_the_page(app, officer_client):
    response = officer_client.post("/contacts/import", data={
        "file": (io.BytesIO(HUGE_CELL.encode()), "contacts.csv"), "mode": "persons"},
        content_type="multipart/form-data")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "longer than 131,072 characters" in page and "row 2" in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Person)) == 0


def test_csv_cell_over_the_field_limit_is_one_line_on_the_command_line(app, runner, tmp_path):
    source = tmp_path / "contacts.csv"
    source.write_text(HUGE_CELL, encoding="utf-8")
    result = runner.invoke(args=["import-contacts", str(source)])
    assert result.exit_code != 0
    assert result.output.strip().count("\n") == 0
    assert "contacts.csv: " in result.output and "longer than 131,072 characters" in result.output
    assert "Traceback" not in result.output


NAMES = ("Injected\rEMAIL:evil@attacker.example", "Line\nBreak; Semi, Comma",
         "Гульнара Бажкенова", "Zoë\r\nFN:Second Name")


def test_vcard_export_cannot_be_injected_and_parses_back(app, admin_client):
    with app.app_context():
        org = Organisation(name="Ministry;\rORG:Evil, Inc.")
        people = [Person(full_name=name, email=f"p{n}@example.org",
                         phone=f"+7 701 555 000{n}\rTEL:000",
                         other_names=[PersonName(name=f"alias {n};, \r\nNOTE:x")])
                  for n, name in enumerate(NAMES)]
        db.session.add_all([org, *people,
                            Affiliation(person=people[0], organisation=org,
                                        role="Desk\rTITLE:boss")])
        db.session.commit()
    for version in ("3.0", "4.0"):
        response = admin_client.get("/exports/persons.vcf", query_string={"version": version})
        assert response.status_code == 200
        body = response.get_data(as_text=True)
        cards = list(vobject.readComponents(body))
        assert len(cards) == len(NAMES)
        by_name = {card.fn.value: card for card in cards}
        # line breaks of any kind come back as one "\n" inside the value, never a new property
        assert set(by_name) == {n.replace("\r\n", "\n").replace("\r", "\n") for n in NAMES}
        for card in cards:
            assert card.version.value == version
            assert len(card.contents.get("fn", [])) == 1
            assert len(card.contents.get("email", [])) == 1
            assert len(card.contents.get("tel", [])) == 1
            assert card.email.value.endswith("@example.org")
            assert "evil" not in card.email.value
            assert "org" not in card.contents or len(card.contents["org"]) == 1
            assert "title" not in card.contents or len(card.contents["title"]) == 1
            assert "note" not in card.contents
        first = next(c for n, c in by_name.items() if n.startswith("Injected"))
        assert first.org.value[0].startswith("Ministry;")
        assert "Гульнара Бажкенова" in by_name
