"""Stakeholders and reference records in Chromium: add, find by Cyrillic spelling, archive."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import Case, Person, Recommendation
from tests.support.files import screenshot
from tests.support.signing_in import browser_login

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _id(app, model, column, value):
    with app.app_context():
        return db.session.scalar(select(model.id).where(column == value))


def _both_widths(page, name):
    """Screenshot at 1280 px and at a phone's width, then back to 1280 px."""
    screenshot(page, f"{name}-1280")
    page.set_viewport_size(PHONE)
    screenshot(page, f"{name}-390")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1, \
        f"{name} scrolls sideways on a phone"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_add_find_by_cyrillic_archive_restore(app, demo, page, live_server, officer):
    browser_login(page, live_server, officer.email)
    page.get_by_role("link", name="Stakeholders").click()
    page.get_by_role("link", name="Add a person").click()
    page.get_by_label("Full name").fill("Dana Seitkali")
    page.get_by_label("Other spellings, one per line").fill("Дана Сейткали\nDana Seytkali")
    page.get_by_label("Country").fill("Kazakhstan")
    page.get_by_role("button", name="Save person").click()
    expect(page.get_by_role("heading", name="Dana Seitkali", level=1)).to_be_visible()
    expect(page.get_by_text("Дана Сейткали")).to_be_visible()

    page.get_by_role("link", name="Stakeholders").click()
    page.get_by_label("Search", exact=True).fill("сейткали")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="Dana Seitkali")).to_be_visible()
    page.get_by_label("Search", exact=True).fill("Zhylanbaev")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="Marat Zhylanbaev")).to_be_visible()
    page.get_by_role("link", name="Clear").click()
    _both_widths(page, "person-list")

    page.get_by_label("Search", exact=True).fill("Дана")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Dana Seitkali").click()
    page.get_by_role("button", name="Archive").click()
    expect(page.get_by_text("Archived: it no longer shows in lists.")).to_be_visible()
    page.get_by_role("link", name="Stakeholders").click()
    page.get_by_label("Search", exact=True).fill("Seitkali")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("No stakeholder matches.")).to_be_visible()
    page.get_by_label("Show archived").check()
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Dana Seitkali").click()
    page.get_by_role("button", name="Restore").click()
    expect(page.get_by_text("Restored.")).to_be_visible()
    with app.app_context():
        person = db.session.scalar(select(Person).where(Person.full_name == "Dana Seitkali"))
        assert person.archived_at is None
        assert sorted(n.name for n in person.other_names) == ["Dana Seytkali", "Дана Сейткали"]


def test_key_pages_look_right(app, demo, page, live_server, officer):
    browser_login(page, live_server, officer.email)
    diplomat = _id(app, Person, Person.full_name, "Sofie Brandt-Larsen")
    page.goto(f"{live_server}/persons/{diplomat}")
    expect(page.get_by_role("heading", name="Stance per theme")).to_be_visible()
    expect(page.get_by_role("heading", name="Meetings with them")).to_be_visible()
    _both_widths(page, "profile")

    rec = _id(app, Recommendation, Recommendation.short_title, "Release jailed critics")
    page.goto(f"{live_server}/recommendations/{rec}")
    expect(page.get_by_role("heading", name="Where it was raised")).to_be_visible()
    expect(page.get_by_text("Sofie Brandt-Larsen").first).to_be_visible()
    _both_widths(page, "recommendation")

    case = _id(app, Case, Case.title, "Marat Zhylanbaev")
    page.goto(f"{live_server}/cases/{case}")
    expect(page.get_by_text("May be named").first).to_be_visible()
    _both_widths(page, "case")

    page.goto(f"{live_server}/recommendations/")
    _both_widths(page, "recommendation-list")

    page.goto(f"{live_server}/persons/new")
    page.get_by_label("Full name").fill("Marat Zhilanbaev")
    page.get_by_role("button", name="Save person").click()
    expect(page.get_by_text("Possible duplicate:")).to_be_visible()
    assert page.get_by_label("Full name").input_value() == "Marat Zhilanbaev"
    _both_widths(page, "person-duplicate")
    page.get_by_label("Create anyway: this is a different person").check()
    page.get_by_role("button", name="Save person").click()
    expect(page.get_by_role("heading", name="Marat Zhilanbaev", level=1)).to_be_visible()
