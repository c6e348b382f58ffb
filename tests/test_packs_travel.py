"""A travel copy: the pack's PDF encrypted with AES-256, its passphrase shown once and kept
nowhere, its expiry printed on every page, the seizure guidance on its first page."""

from __future__ import annotations

import io
import json
import re
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Meeting, Pack
from app.services.packs.travel import TRAVEL_DAYS, encrypted, passphrase
from app.templating import format_date
from tests.pack_text import pdf_pages
from tests.support.packs import candidate_ids, form_for


@pytest.fixture()
def gov(app, demo):
    with app.app_context():
        return db.session.scalar(select(Meeting.id).where(
            Meeting.title.startswith("Government delegation")))


def test_passphrases_are_random_and_readable():
    made = {passphrase() for _ in range(50)}
    assert len(made) == 50
    assert all(re.fullmatch(r"([a-z2-9]{4}-){5}[a-z2-9]{4}", p) for p in made)
    assert not any(set(p) & set("il1o0") for p in made)


def test_encryption_is_aes_256_and_needs_the_passphrase(app_context):
    from app.services.pdf import html_to_pdf

    content = encrypted(html_to_pdf("<p>Secret page</p>"), "right-words")
    reader = PdfReader(io.BytesIO(content))
    assert reader.is_encrypted
    assert reader.trailer["/Encrypt"]["/V"] == 5  # AES-256
    assert not reader.decrypt("wrong-words")
    assert reader.decrypt("right-words")
    assert "Secret page" in reader.pages[0].extract_text()


def test_issue_for_travel_shows_the_passphrase_once_and_keeps_it_nowhere(
        officer_client, app, gov):
    data = form_for(candidate_ids(app, gov), travel="Issue for travel", format="md")
    response = officer_client.post(f"/meetings/{gov}/pack", data=data)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    secret = re.search(r"<code>([a-z2-9-]{29})</code>", page).group(1)
    assert "shown only this once" in page and "Download the travel copy" in page
    assert secret not in (response.headers.get("Set-Cookie") or "")
    until = date.today() + timedelta(days=TRAVEL_DAYS)
    with app.app_context():
        pack = db.session.scalars(select(Pack)).one()
        assert pack.travel_until == until and pack.format.value == "pdf"
        assert pack.filename.endswith("-travel.pdf")
        stored = json.dumps(pack.snapshot) + json.dumps(
            [e.changes for e in db.session.scalars(select(AuditEvent))], default=str)
        assert secret not in stored
        assert db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "pack_issued")).one().changes["travel_until"] == until.isoformat()
        pack_id = pack.id
    listing = officer_client.get(f"/meetings/{gov}/pack").get_data(as_text=True)
    assert "Travel copy, valid until" in listing and secret not in listing

    content = officer_client.get(f"/packs/{pack_id}/download").data
    reader = PdfReader(io.BytesIO(content))
    assert reader.is_encrypted and not reader.decrypt("not-the-passphrase")
    # opened with the passphrase: the expiry on every page, the guidance on the first
    reader = PdfReader(io.BytesIO(content))
    reader.decrypt(secret)
    from pypdf import PdfWriter

    plain = io.BytesIO()
    writer = PdfWriter(clone_from=reader)
    writer.write(plain)
    pages = pdf_pages(plain.getvalue())
    expiry = f"valid until {format_date(until)}"
    assert all(expiry in " ".join(p.split()) for p in pages), expiry
    assert "If this device is seized" in " ".join(pages[0].split())


def test_viewer_cannot_issue_a_travel_copy(viewer_client, gov):
    response = viewer_client.post(f"/meetings/{gov}/pack",
                                  data={"audience": "internal", "format": "pdf",
                                        "travel": "Issue for travel"})
    assert response.status_code == 403
