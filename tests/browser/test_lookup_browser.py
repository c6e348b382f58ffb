"""The shared type-ahead in Chromium: type, move with the keyboard, choose, save."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import Case
from tests.browser.lookup_helpers import pick
from tests.factories import make_world
from tests.support.database import BACKEND
from tests.support.files import SCREENSHOTS
from tests.support.signing_in import browser_login

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture()
def world(app):
    """Two officials, a hidden person, a recommendation, a case, a theme and an event."""
    ids = make_world(app)
    with app.app_context():
        from app.models import Person, Theme

        db.session.add_all([Person(full_name="Anna Lee"), Theme(name="Freedom of assembly")])
        db.session.commit()
    return ids


def test_choose_a_person_and_themes_with_the_keyboard_and_save(app, page, live_server, officer,
                                                                world):
    browser_login(page, live_server, officer.email)
    page.goto(f"{live_server}/cases/new")
    page.get_by_label("Title").fill("Case of a blogger")
    person = page.get_by_role("combobox", name="Person")
    expect(person).to_have_attribute("aria-expanded", "false")
    person.fill("ann")
    listbox = page.get_by_role("listbox")
    expect(listbox.get_by_role("option")).to_have_count(2)
    expect(person).to_have_attribute("aria-expanded", "true")
    expect(listbox.get_by_role("option").first).to_contain_text("Anna Desk")
    expect(listbox.get_by_role("option").first).to_contain_text("Desk Officer for Kazakhstan")
    person.press("ArrowDown")
    person.press("ArrowDown")
    expect(person).to_have_attribute("aria-activedescendant",
                                     listbox.get_by_role("option").nth(1).get_attribute("id"))
    expect(listbox.get_by_role("option").nth(1)).to_have_attribute("aria-selected", "true")
    person.press("ArrowUp")
    expect(listbox.get_by_role("option").first).to_have_attribute("aria-selected", "true")
    person.press("Escape")
    expect(listbox).to_be_hidden()
    expect(person).to_have_attribute("aria-expanded", "false")
    person.press("ArrowDown")  # opens the list again, on the first match
    expect(listbox.get_by_role("option").first).to_have_attribute("aria-selected", "true")
    person.press("Enter")
    expect(person).to_have_value("Anna Desk")
    expect(page.locator('input[name="person_id"]')).to_have_value(str(world["anna"]))

    pick(page, "Themes", "freedom", "Freedom of expression", keyboard=True)
    pick(page, "Themes", "assembly", "Freedom of assembly")
    themes = page.locator(".lookup-chosen label")
    expect(themes).to_have_count(2)
    expect(page.get_by_label("Freedom of expression")).to_be_checked()
    page.get_by_label("Freedom of assembly").uncheck()

    page.get_by_role("button", name="Save case").click()
    expect(page.get_by_text("Case “Case of a blogger” added.")).to_be_visible()
    main = page.locator("main")
    expect(main.get_by_role("link", name="Anna Desk")).to_be_visible()
    expect(main.get_by_text("Freedom of expression")).to_be_visible()
    expect(main.get_by_text("Freedom of assembly")).to_have_count(0)
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.title == "Case of a blogger"))
        assert case.person_id == world["anna"]
        assert [t.name for t in case.themes] == ["Freedom of expression"]


def test_typing_on_after_choosing_forgets_the_choice(app, page, live_server, officer, world):
    browser_login(page, live_server, officer.email)
    page.goto(f"{live_server}/cases/new")
    page.get_by_label("Title").fill("Case typed over")
    pick(page, "Person", "anna d", "Anna Desk", keyboard=True)
    person = page.get_by_role("combobox", name="Person")
    person.fill("Bolat")  # typed, not chosen: the server finds the one Bolat on saving
    expect(page.locator('input[name="person_id"]')).to_have_value("")
    page.get_by_label("Title").click()
    page.get_by_role("button", name="Save case").click()
    expect(page.get_by_text("Case “Case typed over” added.")).to_be_visible()
    expect(page.locator("main").get_by_role("link", name="Bolat Zhylanbaev")).to_be_visible()


def test_the_type_ahead_open_at_1280_and_390(app, page, live_server, officer, world):
    """Screenshots of the meeting log with a mixed list open, on a desk and on a phone."""
    browser_login(page, live_server, officer.email)
    page.goto(f"{live_server}/meetings/new")
    row = page.locator("fieldset.raising").first
    subject = row.get_by_role("combobox", name="What was raised")
    subject.fill("f")
    listbox = page.locator(f"#{subject.get_attribute('aria-controls')}")
    expect(listbox.locator(".lookup-group")).to_have_text(["Recommendations", "Cases", "Themes"])
    subject.press("ArrowDown")
    view(page, "lookup-open-1280")
    subject.press("Escape")
    expect(listbox).to_be_hidden()
    page.set_viewport_size(PHONE)
    subject.evaluate("input => input.scrollIntoView({block: 'center'})")
    subject.fill("fr")
    expect(listbox.get_by_role("option")).to_have_count(2)
    subject.press("ArrowDown")
    expect(listbox.get_by_role("option").first).to_have_class("lookup-option is-active")
    box, width = listbox.bounding_box(), PHONE["width"]
    assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, box
    view(page, "lookup-open-390")
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1


def view(tab, name: str) -> None:
    """A screenshot of what is on screen (the open list in context), in tests/screenshots/."""
    SCREENSHOTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"{BACKEND}-{name}.png"), full_page=False)
