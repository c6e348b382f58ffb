"""Findings 1 and 2: what is derived from a restricted record is as restricted as the record.

Each test reproduces one path found by the penetration test of b193ec4 (issued packs, the
follow-up lists, pages and feeds); each failed there and passes now.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Pack, User
from app.services.packs.build import build_meeting_pack
from app.services.packs.issue import issue_pack
from tests.security.world import AT_RISK_NAME, MARK, build_world, leaks
from tests.support.signing_in import login


@pytest.fixture()
def cases_only(app, low_officer):
    """The world with the at-risk person kept away from the meeting: only the cases are
    restricted, so nothing but the derived rule can keep the pack from a viewer."""
    with app.app_context():
        return build_world(low_officer, at_risk_attends=False)


def _issue(app, world, audience="internal", cases=None, fmt="html") -> int:
    """Issue a pack as the command line would (cleared for everything); returns its id."""
    with app.app_context():
        choices = {} if cases is None else {"cases": cases}
        pack = build_meeting_pack(db.session, world["meeting"], audience, choices)
        issued = issue_pack(db.session, pack, fmt, meeting_id=world["meeting"], via="test")
        db.session.commit()
        return issued.id


def _as(client, user) -> object:
    assert login(client, user.email).status_code == 302
    return client


# Finding 1: issued packs carry restricted cases to anyone.

def test_pack_holding_an_at_risk_group_case_is_not_found_for_a_viewer(app, client, viewer,
                                                                      cases_only):
    world = cases_only
    pack_id = _issue(app, world, cases=[world["group"]])
    _as(client, viewer)
    response = client.get(f"/packs/{pack_id}/download")
    assert response.status_code == 404
    assert not leaks(response.get_data(as_text=True))
    page = client.get(f"/meetings/{world['meeting']}/pack").get_data(as_text=True)
    assert f"/packs/{pack_id}/download" not in page


def test_pack_holding_an_at_risk_case_about_a_normal_person_is_not_found(app, client, viewer,
                                                                          cases_only):
    world = cases_only
    pack_id = _issue(app, world, cases=[world["about_normal"]], fmt="md")
    _as(client, viewer)
    assert client.get(f"/packs/{pack_id}/download").status_code == 404


def test_pack_with_the_default_selection_is_not_found_for_a_viewer(app, client, viewer,
                                                                   cases_only):
    world = cases_only
    pack_id = _issue(app, world)
    with app.app_context():
        assert db.session.get(Pack, pack_id).sensitivity.value == "at_risk"
    _as(client, viewer)
    assert client.get(f"/packs/{pack_id}/download").status_code == 404


def test_external_pack_naming_a_confidential_case_is_not_found_for_the_uncleared(
        app, client, viewer, cases_only):
    world = cases_only
    pack_id = _issue(app, world, audience="external", cases=[world["named_confidential"],
                                                            world["open_case"]])
    with app.app_context():
        pack = db.session.get(Pack, pack_id)
        assert pack.sensitivity.value == "confidential"
        assert [c.id for c in pack.cases_held] == [world["named_confidential"],
                                                   world["open_case"]]
    _as(client, viewer)
    assert client.get(f"/cases/{world['named_confidential']}").status_code == 404
    assert client.get(f"/packs/{pack_id}/download").status_code == 404


def test_pack_is_hidden_when_a_person_it_names_is_made_at_risk_later(app, client, viewer,
                                                                      cases_only):
    world = cases_only
    pack_id = _issue(app, world, audience="external", cases=[world["open_case"]])
    _as(client, viewer)
    assert client.get(f"/packs/{pack_id}/download").status_code == 200
    with app.app_context():
        from app.models import Person, Sensitivity

        db.session.get(Person, world["normal"]).sensitivity = Sensitivity.AT_RISK
        db.session.commit()
    assert client.get(f"/packs/{pack_id}/download").status_code == 404


def test_pack_of_normal_records_still_opens_for_a_viewer(app, client, viewer, world):
    pack_id = _issue(app, world, audience="external", cases=[world["open_case"]])
    _as(client, viewer)
    response = client.get(f"/packs/{pack_id}/download")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Open case of a blogger" in body and not leaks(body)


# Finding 2: follow-ups (and raisings) about restricted cases or persons shown to everyone.

@pytest.mark.parametrize("path", [
    "/", "/follow-ups/", "/follow-ups/?scope=all", "/meetings/{meeting}",
    "/persons/{normal}", "/debrief/event/{event}", "/debrief/event/{event}.md",
    "/cases/{open_case}", "/search/?q=follow-up",
])
def test_follow_ups_and_raisings_about_restricted_records_are_left_out(
        app, client, low_officer, world, path):
    _as(client, low_officer)
    response = client.get(path.format(**world))
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert not leaks(body), leaks(body)
    assert "not cleared to see" not in body  # left out, never a placeholder


def test_the_follow_up_page_of_a_restricted_follow_up_is_not_found(app, client, low_officer,
                                                                   world):
    _as(client, low_officer)
    for follow_up_id in world["follow_ups"][:3]:
        response = client.get(f"/follow-ups/{follow_up_id}")
        assert response.status_code == 404
        assert not leaks(response.get_data(as_text=True))
    assert client.get(f"/follow-ups/{world['follow_ups'][4]}").status_code == 200


@pytest.mark.skipif(shutil.which("pdftotext") is None,
                    reason="reading PDFs back needs pdftotext (poppler-utils; .ci/run installs it)")
def test_debrief_pdf_leaves_out_restricted_follow_ups(app, client, low_officer, world, tmp_path):
    _as(client, low_officer)
    response = client.get(f"/debrief/event/{world['event']}.pdf")
    assert response.status_code == 200
    pdf = tmp_path / "debrief.pdf"
    pdf.write_bytes(response.data)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Send the desk the open letter" in text
    assert not leaks(text), leaks(text)


def test_pack_preview_leaves_out_restricted_follow_ups(app, client, low_officer, world):
    _as(client, low_officer)
    response = client.post(f"/meetings/{world['meeting']}/pack",
                           data={"audience": "internal", "format": "html"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "Send the desk the open letter" in body
    assert not leaks(body), leaks(body)


def test_calendar_feed_leaves_out_restricted_follow_ups(app, client, low_officer, world):
    with app.app_context():
        user = db.session.get(User, low_officer.id)
        user.calendar_token = "t" * 40
        db.session.commit()
    response = client.get(f"/calendar/{'t' * 40}.ics")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "Send the desk the open letter" in body
    assert not leaks(re.sub(r"\r\n[ \t]", "", body))


def test_reminder_mail_leaves_out_restricted_follow_ups(app, runner, low_officer, world):
    outbox = Path(app.instance_path) / "outbox"
    shutil.rmtree(outbox, ignore_errors=True)
    result = runner.invoke(args=["send-reminders", "--today", date.today().isoformat()])
    assert result.exit_code == 0, result.output
    mails = [p.read_text() for p in outbox.glob("*.eml")]
    assert len(mails) == 1
    assert "Send the desk the open letter" in mails[0]
    assert not leaks(mails[0]), leaks(mails[0])


def test_a_cleared_officer_still_sees_everything(app, client, officer, world):
    """The rule hides from the uncleared only: a cleared reader sees the restricted rows."""
    with app.app_context():
        user = db.session.get(User, officer.id)
        user.clearance = "at_risk"
        db.session.commit()
    _as(client, officer)
    body = client.get("/follow-ups/?scope=all").get_data(as_text=True)
    assert f"{MARK}follow-up-group-case" in body and AT_RISK_NAME in body
    with app.app_context():
        assert db.session.scalars(select(Pack)).all() == []
