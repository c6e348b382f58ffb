"""An officer shapes a meeting's pack in Chromium, issues an external PDF and downloads it."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select

from app.extensions import db
from app.models import Meeting
from tests.support.files import SCREENSHOTS, screenshot
from tests.support.signing_in import browser_login

pytestmark = pytest.mark.browser


def test_officer_shapes_issues_and_downloads_an_external_pdf(page, live_server, officer, demo, app):
    with app.app_context():
        meeting_id = db.session.scalar(select(Meeting.id).where(
            Meeting.title.startswith("Government delegation")))
    browser_login(page, live_server, officer.email)
    page.goto(f"{live_server}/meetings/{meeting_id}/pack")
    expect(page.get_by_role("heading", name="Talking-point pack")).to_be_visible()
    expect(page.get_by_text("Government delegation: MFA deputy minister").first).to_be_visible()
    screenshot(page, "pack-page")

    # the audience, format and Issue controls stay in view while the officer scrolls
    bar = page.locator(".pack-bar")
    page.mouse.wheel(0, 3000)
    expect(bar).to_be_in_viewport()
    expect(page.get_by_role("button", name="Issue pack")).to_be_in_viewport()

    # untick one recommendation, tick the background, put the last theme first, reword a point
    page.get_by_label("Repeal vague Criminal Code articles", exact=True).uncheck()
    page.get_by_label("Background per theme", exact=False).check()
    page.get_by_label("Order of Persecution of activists, journalists and bloggers").fill("1")
    page.get_by_label("Order of Constitutional reform").fill("9")
    page.get_by_label("Talking point for Release jailed critics").fill(
        "We ask, once more, for every jailed critic to be freed.")
    page.get_by_label("External: only what may be shared", exact=False).check()

    with page.context.expect_page() as preview_info:
        page.get_by_role("button", name="Preview (HTML)").click()
    preview = preview_info.value
    preview.wait_for_load_state()
    assert "We ask, once more, for every jailed critic to be freed." in preview.content()
    assert "For external use" in preview.content()
    screenshot(preview, "pack-preview-external")
    preview.close()

    page.get_by_label("Format", exact=True).select_option("pdf")
    issue = page.get_by_role("button", name="Issue pack")
    # issuing brings the officer back to the page, which downloads the new file at once
    with page.expect_download(timeout=60_000) as download_info:
        issue.click(no_wait_after=True)
    download = download_info.value
    assert page.url.startswith(f"{live_server}/meetings/{meeting_id}/pack?issued=")
    expect(page.get_by_text("Pack issued")).to_be_visible()
    link = page.get_by_role("link", name="external.pdf")
    expect(link).to_be_visible()
    screenshot(page, "pack-issued")
    SCREENSHOTS.mkdir(exist_ok=True)
    target = SCREENSHOTS / download.suggested_filename
    download.save_as(target)
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    text = "".join(p.extract_text() for p in reader.pages).replace(" ", "").replace("\n", "")
    assert "Weask,oncemore,foreveryjailedcritictobefreed." in text
    assert "RepealvagueCriminalCodearticles" not in text
    background = text[text.index("Background"):]
    assert background.index("Persecutionofactivists") < background.index("Constitutionalreform")
    assert reader.metadata.author == "Parley"


def test_pack_page_on_a_phone_and_the_issue_progress(page, live_server, officer, demo, app):
    with app.app_context():
        meeting_id = db.session.scalar(select(Meeting.id).where(
            Meeting.title.startswith("Government delegation")))
    browser_login(page, live_server, officer.email)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/meetings/{meeting_id}/pack")
    expect(page.get_by_text("A brief for the meeting ahead")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "pack-page-phone")
    # slow the issue down, to see what the officer sees while the pack is made
    # what the officer sees while the pack is made: the form's own submission is held back
    # here (a listener after Parley's), so the page stays as it is at that moment
    page.evaluate("document.querySelector('form[data-pack-form]').addEventListener("
                  "'submit', event => { event.preventDefault(); "
                  "window.submittedBy = event.submitter.name; })")
    issue = page.get_by_role("button", name="Issue pack")
    issue.click()
    expect(page.get_by_text("Issuing… this takes a few seconds")).to_be_visible()
    expect(issue).to_be_disabled()
    assert page.evaluate("window.submittedBy") == "issue"
