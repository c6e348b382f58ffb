"""Parley on a 390 px phone: nothing scrolls sideways, the header stays small, the menu folds
behind a button that works with and without JavaScript; words do not break mid-word; the
stance colours of the tracker are readable; no request of a page fails (the favicon); a new
record's form focuses its first field, and a refused one its error summary, which leads to the
fields."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from app.extensions import db
from app.models import Meeting, Raising
from tests.support.files import screenshot
from tests.support.signing_in import browser_login

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def busiest_meeting(app) -> int:
    """The demo meeting with the most raisings (the fullest meeting page)."""
    with app.app_context():
        return db.session.execute(
            select(Meeting.id).join(Raising, Raising.meeting_id == Meeting.id)
            .group_by(Meeting.id).order_by(func.count(Raising.id).desc(), Meeting.id).limit(1)
        ).scalar_one()


def phone_tab(page, **options):
    """A tab at a phone's size sharing the signed-in session of ``page`` (close its context)."""
    context = page.context.browser.new_context(viewport=PHONE, **options,
                                               storage_state=page.context.storage_state())
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    return tab


def failed_requests(tab) -> list[str]:
    """Collects every response of ``tab`` that answers 400 or more (a missing icon, say)."""
    failed: list[str] = []
    tab.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400
           else None)
    return failed


def test_the_main_pages_fit_a_phone(app, demo, page, live_server, officer):
    browser_login(page, live_server, officer.email)
    phone = phone_tab(page)
    failed = failed_requests(phone)
    pages = {
        "dashboard": ("/", "Dashboard"),
        "meeting": (f"/meetings/{busiest_meeting(app)}", None),
        "tracker": ("/tracker/", "Recommendation tracker"),
        "meeting-log": ("/meetings/new", "Log a meeting"),
        "stakeholders": ("/persons/", "Stakeholders"),
    }
    for name, (path, heading) in pages.items():
        for tab, size in ((page, "1280"), (phone, "390")):
            tab.goto(f"{live_server}{path}")
            title = tab.get_by_role("heading", level=1)
            expect(title).to_have_count(1)
            if heading:
                expect(title).to_have_text(heading)
            expect(tab.locator("footer.site-footer")).to_be_visible()
            screenshot(tab, f"phone-{name}-{size}")
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{name} is {width} px wide on a 390 px phone"
        header = phone.locator("header.site-header").bounding_box()
        assert header["height"] <= 0.1 * PHONE["height"], \
            f"the header takes {header['height']:.0f} px of {PHONE['height']} on {name}"
    # the tracker's matrix scrolls inside its own box
    phone.goto(f"{live_server}/tracker/")
    matrix = phone.locator(".matrix-scroll")
    expect(matrix).to_be_visible()
    assert matrix.evaluate("box => box.scrollWidth > box.clientWidth")
    # the charts are drawn at the width of their card
    phone.goto(f"{live_server}/")
    for chart in phone.locator("svg.chart-svg").all():
        box, card = chart.bounding_box(), chart.locator("xpath=ancestor::section[1]").bounding_box()
        assert box["x"] >= card["x"] and box["x"] + box["width"] <= card["x"] + card["width"]
    phone.context.close()
    assert failed == []


def test_the_menu_button_opens_the_grouped_menu(app, page, live_server, admin):
    browser_login(page, live_server, admin.email)
    phone = phone_tab(page)
    failed = failed_requests(phone)
    phone.goto(f"{live_server}/")
    nav = phone.get_by_role("navigation", name="Main")
    button = phone.get_by_role("button", name="Menu")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    groups = {"Work": ["Dashboard", "Meetings", "Events", "Follow-ups"],
              "People": ["Stakeholders", "Organisations"],
              "Substance": ["Recommendations", "Cases", "Themes", "Sources"],
              "Tools": ["Tracker", "Debriefs", "Import", "Search", "Calendar feed"],
              "Admin": ["Users", "Audit log", "Sensitivity requests"]}
    for group, entries in groups.items():
        links = nav.get_by_role("list", name=group).get_by_role("link")
        expect(links).to_have_text(entries)
    expect(phone.get_by_role("searchbox", name="Search Parley")).to_be_visible()
    screenshot(phone, "phone-menu-open-390")
    phone.keyboard.press("Escape")
    expect(nav).to_be_hidden()
    expect(button).to_be_focused()
    button.click()
    nav.get_by_role("link", name="Themes").click()
    expect(phone.get_by_role("heading", name="Themes", level=1)).to_be_visible()
    expect(phone.get_by_role("navigation", name="Main")).to_be_hidden()
    phone.get_by_role("button", name="Menu").click()
    expect(nav.get_by_role("link", name="Themes")).to_have_attribute("aria-current", "page")
    nav.get_by_role("link", name="Calendar feed").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your calendar feed")
    # at 1280 px the menu is open and there is no button
    page.goto(f"{live_server}/")
    expect(page.get_by_role("button", name="Menu")).to_have_count(0)
    expect(page.get_by_role("navigation", name="Main").get_by_role("link",
                                                                   name="Themes")).to_be_visible()
    phone.context.close()
    assert failed == []


def test_the_menu_opens_without_javascript(page, live_server, officer):
    browser_login(page, live_server, officer.email)
    tab = phone_tab(page, java_script_enabled=False)
    tab.goto(f"{live_server}/")
    nav = tab.get_by_role("navigation", name="Main")
    expect(nav).to_be_hidden()
    tab.locator("label.menu-button").click()
    expect(nav.get_by_role("link", name="Stakeholders")).to_be_visible()
    expect(nav.get_by_role("link", name="Users")).to_have_count(0)  # the admin group
    nav.get_by_role("link", name="Stakeholders").click()
    expect(tab.get_by_role("heading", name="Stakeholders", level=1)).to_be_visible()
    expect(tab.get_by_role("navigation", name="Main")).to_be_hidden()
    tab.context.close()


def test_words_stay_whole_and_stances_are_readable(app, demo, page, live_server, officer):
    browser_login(page, live_server, officer.email)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/meetings/")
    badge = page.locator("table.meetings .badge").first
    expect(badge).to_have_css("white-space", "nowrap")
    expect(page.locator("table.meetings td").first).to_have_css("overflow-wrap", "break-word")
    page.goto(f"{live_server}/tracker/")
    contrast = """cell => {
      const rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
      const lum = c => { const [r, g, b] = c.map(v => { v /= 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
      const back = lum(rgb(getComputedStyle(cell).backgroundColor));
      return [...cell.querySelectorAll('span')].map(s => {
        const fore = lum(rgb(getComputedStyle(s).color));
        return (Math.max(fore, back) + 0.05) / (Math.min(fore, back) + 0.05); });
    }"""
    cells = page.locator("table.matrix td.raised")
    expect(cells.first).to_be_visible()
    stances = set()
    for cell in cells.all():
        stances.add(cell.get_attribute("data-stance"))
        ratios = cell.evaluate(contrast)
        assert ratios and min(ratios) >= 4.5, (cell.inner_text(), ratios)
    assert "opposed" in stances


def test_a_form_focuses_its_first_field_then_its_error_summary(page, live_server, officer):
    browser_login(page, live_server, officer.email)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/persons/new")
    expect(page.get_by_label("Full name")).to_be_focused()
    page.get_by_label("Email").fill("not an email")
    page.get_by_role("button", name="Save person").click()
    summary = page.get_by_role("alert").filter(has_text="Please correct the highlighted fields.")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(["Full name", "Email"])
    summary.get_by_role("link", name="Email").click()
    expect(page.get_by_label("Email")).to_be_focused()
    screenshot(page, "phone-form-errors-390")


def test_a_long_email_address_wraps_inside_the_profile(app, demo, page, live_server, officer):
    """A value with no break opportunity (an email address) wraps inside its card: the
    profile's facts are a grid, whose column kept the address whole and pushed the page
    sideways."""
    from app.models import Person

    with app.app_context():
        person = Person(full_name="Long Address Holder",
                        email="first.last@regionalprosecutorsofficeofalongcityname.example")
        db.session.add(person)
        db.session.commit()
        person_id = person.id
    browser_login(page, live_server, officer.email)
    phone = phone_tab(page)
    phone.goto(f"{live_server}/persons/{person_id}")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Long Address Holder")
    expect(phone.locator("dl.facts")).to_contain_text("first.last@")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the profile is {width} px wide on a 390 px phone"
    phone.context.close()
