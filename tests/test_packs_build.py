"""The pack structure built from the demo: every section in briefing order, with real content."""

from __future__ import annotations

import json
from datetime import UTC

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import DialogueEvent, Meeting, Sensitivity
from app.security.visibility import levels_for
from app.services.packs.build import build_event_brief, build_meeting_pack, meeting_pack_candidates
from app.services.packs.loading import PackSubjectMissing


def meeting_id(title_start: str) -> int:
    """The id of the demo meeting whose title starts so."""
    return db.session.scalar(select(Meeting.id).where(Meeting.title.startswith(title_start)))


@pytest.fixture()
def gov(demo, app_context):
    """The planned 2026 meeting with the government delegation."""
    return meeting_id("Government delegation")


def everything_offered(meeting_id) -> dict:
    """Choices ticking every recommendation and case the pack page offers (by default only
    the first few are ticked)."""
    candidates = meeting_pack_candidates(db.session, meeting_id)
    return {kind: [item["id"] for item in candidates[kind]]
            for kind in ("recommendations", "cases")}


def all_recs(pack):
    return [r for section in pack["themes"] for r in section["recommendations"]]


def test_government_meeting_pack_in_briefing_order(gov):
    pack = build_meeting_pack(db.session, gov, "internal", issued_by="Amina Rahimova")
    json.dumps(pack)  # plain, JSON-able
    assert list(pack)[:9] == ["schema", "kind", "audience", "marking", "cover", "purpose",
                              "objective", "notes", "asks"]
    assert pack["cover"]["event"] == "EU-Kazakhstan Human Rights Dialogue 2026"
    assert pack["cover"]["place"] == "Astana, Ministry of Foreign Affairs"
    assert pack["cover"]["issued_by"] == "Amina Rahimova"
    assert pack["cover"]["our_team"] == ["Amina Rahimova", "Jonas Keller"]
    assert "priority asks" in pack["purpose"]
    assert 1 <= len(pack["asks"]) <= 5 and all(a["priority"] == 1 for a in pack["asks"])
    assert [t["name"] for t in pack["themes"]][:5] == [
        "Constitutional reform", "Freedom of association", "Freedom of expression",
        "Freedom of peaceful assembly", "Persecution of activists, journalists and bloggers"]


def test_who_is_across_the_table(gov):
    pack = build_meeting_pack(db.session, gov, "internal")
    people = {a["name"]: a for a in pack["attendees"]}
    assert set(people) == {"Nurlan Zhaksygeldin", "Aliya Temirkhanova", "Timur Absattarov"}
    nurlan = people["Nurlan Zhaksygeldin"]
    assert nurlan["posts"] == [("Deputy Minister of Foreign Affairs, Ministry of Foreign Affairs "
                                "of Kazakhstan (MFA)")]
    assert [m["title"] for m in nurlan["past_meetings"]] == [
        "Kazakh government delegation on the margins of the 2025 dialogue"]
    assert {"theme": "Freedom of association", "stance": "Opposed"}.items() <= \
        next(s for s in nurlan["stances"] if s["theme"] == "Freedom of association").items()
    assert people["Timur Absattarov"]["past_meetings"] == []


def test_theme_sections_hold_background_recommendations_and_cases(gov):
    pack = build_meeting_pack(db.session, gov, "internal", choices=everything_offered(gov))
    association = next(t for t in pack["themes"] if t["name"] == "Freedom of association")
    assert any("foreign-funded" in c for c in association["concerns"])
    assert any("stalled" in p for p in association["positives"])
    checks = next(r for r in association["recommendations"]
                  if r["title"] == "No intrusive checks on foreign-funded CSOs")
    assert checks["talking_point"] == checks["text"]
    assert checks["last_raised"]["with"] == "Nurlan Zhaksygeldin"
    assert checks["last_raised"]["stance"] == "Opposed"
    assert checks["never_raised_with_these"] is False
    assert association["points"][0] == association["recommendations"][0]["talking_point"]
    # recommendations never raised with these people are flagged
    assert any(r["never_raised_with_these"] for r in all_recs(pack))
    # a case sits under the first chosen theme it belongs to
    expression = next(t for t in pack["themes"] if t["name"] == "Freedom of expression")
    bazhkenova = next(c for c in expression["cases"] if c["title"] == "Gulnara Bazhkenova")
    assert bazhkenova["latest_update"]["internal"] is True
    assert bazhkenova["latest_public_update"]["internal"] is False


def test_likely_responses_changes_follow_ups_and_key_facts(gov):
    pack = build_meeting_pack(db.session, gov, "internal")
    release = next(r for r in pack["likely_responses"] if r["subject"] == "Release jailed critics")
    assert release["with"] == "Nurlan Zhaksygeldin" and release["our_reply"]
    changes = pack["changes"]
    assert changes["since"]
    broken = [c for c in changes["commitments"] if c["status"] == "Broken"]
    assert broken and broken[0]["who"] == "Nurlan Zhaksygeldin"
    assert changes["case_updates"]
    facts = {f["label"]: f["value"] for f in pack["key_facts"]}
    assert facts["CIVICUS Monitor rating"] == "Repressed, 30/100"
    assert isinstance(pack["our_follow_ups"], list)


def test_demo_meetings_with_eeas_germany_and_the_mep(demo, app_context):
    eeas = build_meeting_pack(db.session, meeting_id("EEAS Central Asia desk"), "internal")
    assert {a["name"] for a in eeas["attendees"]} == {"Sofie Brandt-Larsen",
                                                       "Pieter Vanderschoot"}
    sofie = next(a for a in eeas["attendees"] if a["name"] == "Sofie Brandt-Larsen")
    assert sofie["past_meetings"][0]["title"].startswith("EEAS Kazakhstan desk")
    assert "Desk Officer for Kazakhstan" in sofie["posts"][0]
    german = build_meeting_pack(db.session, meeting_id("German embassy"), "internal")
    katrin = german["attendees"][0]
    assert katrin["name"] == "Katrin Vollmer-Hesse"
    assert katrin["posts"] == ["Human Rights Attaché, Embassy of Germany in Astana"]
    mep = build_meeting_pack(db.session, meeting_id("MEP office"), "external")
    assert {a["name"] for a in mep["attendees"]} == {"Aurelio Tessarin", "Maren Oyelaran"}
    assert "likely_responses" not in mep and "notes" not in mep


def test_officer_choices_shape_the_pack(gov):
    candidates = meeting_pack_candidates(db.session, gov)
    themes = [t["id"] for t in candidates["themes"]]
    recs = [r["id"] for r in candidates["recommendations"]]
    chosen = [recs[2], recs[0]]  # recs[1] left out, order reversed
    pack = build_meeting_pack(db.session, gov, "internal", choices={
        "themes": [themes[-1], *themes[:-1]],
        "recommendations": chosen,
        "cases": [],
        "talking_points": {str(recs[0]): "Ask for a date, nothing less."},
    })
    assert pack["themes"][0]["theme_id"] == themes[-1]
    assert [r["id"] for r in all_recs(pack)] == [r for r in chosen if
                                                  r in {x["id"] for x in all_recs(pack)}]
    assert recs[1] not in {r["id"] for r in all_recs(pack)}
    edited = next(r for r in all_recs(pack) if r["id"] == recs[0])
    assert edited["talking_point"] == "Ask for a date, nothing less."
    assert any("Ask for a date, nothing less." in s["points"] for s in pack["themes"])
    assert all(s["cases"] == [] for s in pack["themes"])


def test_pack_obeys_the_readers_clearance(gov):
    everything = everything_offered(gov)
    with levels_for(db.session, (Sensitivity.NORMAL,)):
        pack = build_meeting_pack(db.session, gov, "internal", choices=everything)
    titles = {c["title"] for s in pack["themes"] for c in s["cases"]}
    assert "Natalia Sadykova" not in titles and "Amangeldy Jahin" not in titles
    assert "Gulnara Bazhkenova" in titles
    full = build_meeting_pack(db.session, gov, "internal", choices=everything)
    assert "Natalia Sadykova" in {c["title"] for s in full["themes"] for c in s["cases"]}


def test_event_brief(demo, app_context):
    event_id = db.session.scalar(select(DialogueEvent.id).where(
        DialogueEvent.title == "EU-Kazakhstan Human Rights Dialogue 2026"))
    brief = build_event_brief(db.session, event_id, "internal", issued_by="Amina Rahimova")
    assert len(brief["meetings"]) == 5
    assert brief["asks"] and all(a["priority"] == 1 for a in brief["asks"])
    recs = [r for s in brief["themes"] for r in s["recommendations"]]
    assert len(recs) == 22
    release = next(r for r in recs if r["title"] == "Release jailed critics")
    assert release["raised_at_event"] and release["last_raised"]
    external = build_event_brief(db.session, event_id, "external")
    assert "meetings" not in external and "objectives" not in external
    external_cases = {c["title"] for s in external["themes"] for c in s["cases"]}
    assert "Gulnara Bazhkenova" in external_cases and "Natalia Sadykova" not in external_cases


def test_missing_meeting_or_event(app_context):
    with pytest.raises(PackSubjectMissing):
        build_meeting_pack(db.session, 999, "internal")
    with pytest.raises(PackSubjectMissing):
        build_event_brief(db.session, 999, "external")


def test_a_bare_meeting_still_makes_a_pack(app_context):
    from datetime import datetime

    from app.services.packs.issue import render

    meeting = Meeting(title="Bare meeting", starts_at=datetime(2026, 5, 1, 9, tzinfo=UTC))
    db.session.add(meeting)
    db.session.commit()
    pack = build_meeting_pack(db.session, meeting.id, "internal")
    assert pack["attendees"] == [] and pack["themes"] == [] and pack["asks"] == []
    assert pack["changes"]["since"] == ""
    for fmt in ("html", "pdf", "docx", "md"):
        assert render(pack, fmt)
        assert render(build_meeting_pack(db.session, meeting.id, "external"), fmt)
