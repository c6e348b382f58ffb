"""Importing the sample briefing in Chromium: upload, untick one item, confirm, search."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from app.extensions import db
from app.models import Finding, Person, PersonName
from tests.support.files import SAMPLE_BRIEFING, require_sample, screenshot
from tests.support.signing_in import browser_login

pytestmark = pytest.mark.browser


def test_upload_preview_untick_confirm_and_search(page, live_server, officer, app):
    require_sample()
    browser_login(page, live_server, officer.email)
    page.get_by_role("link", name="Import").click()
    page.get_by_role("heading", name="Briefing paper").wait_for()
    page.get_by_label("Briefing paper file (.md, .txt, .docx or .pdf)").set_input_files(
        str(SAMPLE_BRIEFING))
    screenshot(page, "import-upload")
    page.get_by_role("button", name="Read the paper").click()
    page.wait_for_url(f"{live_server}/import/preview")
    expect(page.get_by_role("heading", name="Named persons")).to_be_visible()
    first_finding = page.locator('input[name="items"][value="finding-0"]')
    assert first_finding.is_checked()
    first_finding.uncheck()
    screenshot(page, "import-preview")
    page.get_by_role("button", name="Confirm and save").click()
    page.wait_for_url(f"{live_server}/import/sources/*")
    expect(page.get_by_text("Imported: ")).to_be_visible()
    expect(page.get_by_role("heading", name="Cases opened 18")).to_be_visible()
    expect(page.get_by_text("Atajurt movement activists")).to_be_visible()
    screenshot(page, "import-result")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Finding)) == 33
        person = db.session.scalar(select(Person).where(Person.full_name == "Gulnara Bazhkenova"))
        db.session.add(PersonName(person_id=person.id, name="Гульнара Бажкенова",
                                  script="Cyrillic"))
        db.session.commit()
    page.locator("#site-search-q").fill("Бажкенова")
    page.locator("#site-search-q").press("Enter")
    page.wait_for_url(f"{live_server}/search/*")
    expect(page.get_by_role("heading", name="Persons")).to_be_visible()
    expect(page.locator("mark", has_text="Бажкенова").first).to_be_visible()
    page.goto(f"{live_server}/search/?q=Bazhkenova")
    expect(page.get_by_role("heading", name="Cases")).to_be_visible()
    screenshot(page, "search-results")


def test_preview_shows_what_matches_the_demo(page, live_server, officer, demo):
    browser_login(page, live_server, officer.email)
    page.goto(f"{live_server}/import/")
    page.get_by_label("…or paste the text").fill(require_sample())
    page.get_by_role("button", name="Read the paper").click()
    page.wait_for_url(f"{live_server}/import/preview")
    themes = page.locator("section", has=page.get_by_role("heading", name="Themes"))
    assert themes.get_by_text("Matches existing").count() == 5
    persons = page.locator("section", has=page.get_by_role("heading", name="Named persons"))
    # 12 of the paper's persons are held and visible to this officer (cleared for confidential);
    # the demo's at-risk ones are read as new, exactly as if they did not exist (no oracle).
    assert persons.get_by_text("Matches existing").count() == 12
    groups = page.locator("section", has=page.get_by_role("heading", name="Group cases"))
    expect(groups.get_by_text("Possible match: use the existing “Opponents of the nuclear "
                              "power plant” instead")).to_be_visible()
    screenshot(page, "import-preview-demo")


def test_statement_without_themes_gets_a_theme_and_a_title_in_the_preview(
        page, live_server, officer, app):
    from app.models import Case, CaseStatus, Recommendation, Theme
    from tests.paper_fixtures import FOLDER

    browser_login(page, live_server, officer.email)
    page.goto(f"{live_server}/import/")
    page.get_by_label("Briefing paper file (.md, .txt, .docx or .pdf)").set_input_files(
        str(FOLDER / "statement.txt"))
    page.get_by_role("button", name="Read the paper").click()
    page.wait_for_url(f"{live_server}/import/preview")
    unthemed = page.locator("section", has=page.get_by_role("heading", name="Outside any theme"))
    expect(unthemed.get_by_text("Recognised: list under the lead-in “We recommend that "
                                "Valdoria:”").first).to_be_visible()
    page.get_by_label("Theme for every item below without its own").fill("Media freedom")
    page.locator("#title-recommendation-0").fill("Free the journalists")
    page.locator("#status-person-1").select_option("released")
    screenshot(page, "import-preview-unthemed")
    page.get_by_role("button", name="Confirm and save").click()
    page.wait_for_url(f"{live_server}/import/sources/*")
    expect(page.get_by_role("link", name="Free the journalists")).to_be_visible()
    with app.app_context():
        theme = db.session.scalar(select(Theme).where(Theme.name == "Media freedom"))
        recs = db.session.scalars(select(Recommendation)).all()
        assert len(recs) == 6 and all(r.themes == [theme] for r in recs)
        eber = db.session.scalar(select(Case).where(Case.title == "Jonas Eber"))
        assert eber.status is CaseStatus.RELEASED
