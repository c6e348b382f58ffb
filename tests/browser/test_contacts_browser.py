"""Importing contacts from a CSV in Chromium: upload, map, dry-run report, confirm."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import Person
from tests.support.files import screenshot
from tests.support.signing_in import browser_login

pytestmark = pytest.mark.browser

CSV = ("Name,E-mail,Organization,Job title,Aliases\n"
       "Sofie Brandt,sofie@eeas.example,EEAS,Desk Officer,Софи Брандт\n"
       "Known Contact,known@parley.example,,,\n"
       "Bad Email,not-an-email,,,\n")


def test_contacts_csv_import(page, live_server, officer, app, tmp_path):
    with app.app_context():
        db.session.add(Person(full_name="Known Contact"))
        db.session.commit()
    path = tmp_path / "contacts.csv"
    path.write_text(CSV, encoding="utf-8")
    browser_login(page, live_server, officer.email)
    page.goto(f"{live_server}/import/")
    page.get_by_role("link", name="Import contacts from CSV").click()
    page.get_by_label("CSV or vCard (.vcf) file").set_input_files(str(path))
    page.get_by_role("button", name="Next: map the columns").click()
    page.wait_for_url(f"{live_server}/contacts/import/mapping")
    assert page.get_by_label("Full name *").input_value() == "0"
    assert page.get_by_label("Other spellings").input_value() == "4"
    screenshot(page, "contacts-mapping")
    page.get_by_role("button", name="Next: dry-run report").click()
    page.wait_for_url(f"{live_server}/contacts/import/report")
    expect(page.get_by_text("Likely duplicate: same name as Known Contact")).to_be_visible()
    expect(page.get_by_text("Skipped: email “not-an-email” is not valid")).to_be_visible()
    screenshot(page, "contacts-report")
    page.get_by_role("button", name="Import 1 new person").click()
    page.wait_for_url(f"{live_server}/import/")
    expect(page.get_by_text("Contacts imported: 1 persons")).to_be_visible()
    with app.app_context():
        sofie = db.session.scalar(select(Person).where(Person.full_name == "Sofie Brandt"))
        assert [n.name for n in sofie.other_names] == ["Софи Брандт"]
