"""Erasure in Chromium: an admin opens a person, chooses "Erase this person", reads what will
be erased, types the id and confirms; the person page then shows the tombstone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models import Meeting, Person, PersonName, Sensitivity, utcnow
from tests.support.files import screenshot
from tests.support.signing_in import browser_login

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_admin_erases_a_person_after_confirming(app, page, live_server, admin):
    with app.app_context():
        person = Person(full_name="Gulnara Bazhkenova", sensitivity=Sensitivity.AT_RISK,
                        email="g.b@example.org", notes="Met in Almaty.",
                        other_names=[PersonName(name="Гульнара Бажкенова", script="Cyrillic")])
        db.session.add_all([person, Meeting(title="Briefing", starts_at=utcnow(),
                                            notes="Gulnara Bazhkenova was detained.")])
        db.session.commit()
        person_id = person.id
    browser_login(page, live_server, admin.email)
    page.goto(f"{live_server}/persons/{person_id}")
    page.get_by_role("link", name="Erase this person").click()
    expect(page.get_by_role("heading", name="Erase Gulnara Bazhkenova", level=1)).to_be_visible()
    expect(page.get_by_text("This cannot be undone.")).to_be_visible()
    # The confirmation samples the texts naming them (bounded), each a link to its record.
    expect(page.get_by_role("heading", name="Mentions of their name in other records' text")
           ).to_be_visible()
    expect(page.get_by_role("link", name="Briefing")).to_have_attribute("href", "/meetings/1")
    screenshot(page, "erase-person-1280")
    page.set_viewport_size(PHONE)
    screenshot(page, "erase-person-390")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1, \
        "the confirmation page scrolls sideways on a phone"
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_label("Type the person's id to confirm").fill("12345")
    page.get_by_role("button", name="Erase this person").click()
    expect(page.get_by_text(f"Type {person_id} to confirm; nothing was erased.")).to_be_visible()
    page.get_by_label("Type the person's id to confirm").fill(str(person_id))
    page.get_by_role("button", name="Erase this person").click()

    page.wait_for_url(f"{live_server}/persons/{person_id}")
    expect(page.get_by_role("heading", name=f"Erased person #{person_id}")).to_be_visible()
    expect(page.get_by_text("by Ada Admin")).to_be_visible()
    expect(page.get_by_text("Gulnara")).to_have_count(0)
    expect(page.get_by_role("link", name="Erase this person")).to_have_count(0)
    screenshot(page, "erased-person-1280")
    page.set_viewport_size(PHONE)
    screenshot(page, "erased-person-390")
