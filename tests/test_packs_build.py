"""The pack built from the demo as a brief: the core (asks, who is across the table, what
changed, likely responses), the annexes ticked, addressee-aware asks, the officer's order."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import DialogueEvent, FollowUp, FollowUpStatus, Meeting, MeetingStatus, Sensitivity
from app.security.visibility import levels_for
from app.services.packs.build import build_event_brief, build_meeting_pack, meeting_pack_candidates
from app.services.packs.loading import PackSubjectMissing
from tests.support.packs import everything_offered


def meeting_id(title_start: str) -> int:
    """The id of the demo meeting whose title starts so."""
    return db.session.scalar(select(Meeting.id).where(Meeting.title.startswith(title_start)))


@pytest.fixture()
def gov(demo, app_context):
    """The planned 2026 meeting with the government delegation."""
    return meeting_id("Government delegation")




def asks(pack) -> list[dict]:
    return pack["asks"]["ask"] + pack["asks"]["raise"]


def test_government_meeting_pack_is_a_brief(gov):
    pack = build_meeting_pack(db.session, gov, "internal", issued_by="Amina Rahimova")
    json.dumps(pack)  # plain, JSON-able
    assert pack["mode"] == "brief"
    assert pack["cover"]["event"] == "EU-Kazakhstan Human Rights Dialogue 2026"
    assert pack["cover"]["place"] == "Astana, Ministry of Foreign Affairs"
    assert pack["cover"]["issued_by"] == "Amina Rahimova"
    assert pack["cover"]["our_team"] == ["Amina Rahimova", "Jonas Keller"]
    assert "priority asks" in pack["purpose"]
    # at most five asks, all to the authorities (the people in the room), none to the EU
    assert 1 <= len(asks(pack)) <= 5
    assert pack["asks"]["raise"] == []
    assert all("authorities" in a["addressee"].lower() for a in pack["asks"]["ask"])
    # the objective names imprisoned critics: that ask comes first
    assert pack["asks"]["ask"][0]["title"] == "Release jailed critics"
    # five cases ticked by default
    assert len(pack["annexes"]["cases"]) == 5


@pytest.mark.usefixtures("demo", "app_context")
def test_asks_differ_by_addressee():
    """An EU meeting: asks to the EU are asks; asks to the authorities are points for the EU
    to raise. A government meeting: asks to the authorities only."""
    eu = meeting_id("EU Delegation debrief")
    gov_ = meeting_id("Government delegation")
    eu_pack = build_meeting_pack(db.session, eu, "internal", choices=everything_offered(eu))
    gov_pack = build_meeting_pack(db.session, gov_, "internal",
                                  choices=everything_offered(gov_))
    assert eu_pack["asks"]["ask"] and eu_pack["asks"]["raise"]
    assert {a["addressee"] for a in eu_pack["asks"]["ask"]} == {"EU"}
    assert all("authorities" in a["addressee"].lower() for a in eu_pack["asks"]["raise"])
    assert eu_pack["asks"]["counterpart"] == "the EU"
    assert gov_pack["asks"]["raise"] == []
    assert "EU" not in {a["addressee"] for a in gov_pack["asks"]["ask"]}
    # the EU's own recommendations are offered for the government meeting, but not ticked
    offered = meeting_pack_candidates(db.session, gov_)["recommendations"]
    for_eu = [r for r in offered if r["addressee"] == "EU"]
    assert all(r["use"] == "none" and not r["proposed"] for r in for_eu)


def test_who_is_across_the_table(gov):
    pack = build_meeting_pack(db.session, gov, "internal")
    people = {a["name"]: a for a in pack["across"]}
    assert set(people) == {"Nurlan Zhaksygeldin", "Aliya Temirkhanova", "Timur Absattarov"}
    nurlan = people["Nurlan Zhaksygeldin"]
    assert nurlan["post"] == ("Deputy Minister of Foreign Affairs, Ministry of Foreign Affairs "
                              "of Kazakhstan (MFA)")
    assert nurlan["last_met"]["title"] == \
        "Kazakh government delegation on the margins of the 2025 dialogue"
    assert nurlan["stance"].startswith("Opposed on ")
    assert "Freedom of association" in nurlan["stance"]
    # his broken promise is first under him
    assert nurlan["promises"][0]["state"] == "broken"
    assert people["Timur Absattarov"]["last_met"] is None


def test_stance_is_a_summary_not_the_last_entry():
    from app.models import Stance
    from app.services.packs.brief import stance_summary

    day = datetime(2026, 1, 1, tzinfo=UTC)
    rows = [("NGO law", Stance.SUPPORTIVE, day),  # newest first
            ("NGO law", Stance.OPPOSED, day), ("NGO law", Stance.OPPOSED, day),
            ("Cases", Stance.SUPPORTIVE, day), ("Media", Stance.OPPOSED, day)]
    assert stance_summary(rows) == "Opposed on Media and NGO law; supportive on Cases"


def test_a_promise_marked_broken_leads_under_the_person_and_in_what_changed(gov):
    nurlan = db.session.scalar(select(FollowUp.owner_person_id).where(
        FollowUp.status == FollowUpStatus.BROKEN))
    promise = FollowUp(description="Share the draft NGO law with the coalition",
                       direction="theirs", owner_person_id=nurlan, meeting_id=meeting_id(
                           "Kazakh government delegation"),
                       status=FollowUpStatus.BROKEN, closed_at=datetime.now(UTC),
                       outcome="Draft withheld.")
    db.session.add(promise)
    db.session.commit()
    pack = build_meeting_pack(db.session, gov, "internal")
    person = next(a for a in pack["across"] if a["person_id"] == nurlan)
    assert person["promises"][0]["description"] == "Share the draft NGO law with the coalition"
    assert person["promises"][0]["state"] == "broken"
    first = pack["changes"]["items"][0]
    assert first["kind"] == "broken" and first["text"] == promise.description
    # the briefing's baseline (updates that restate a case) is not news
    assert all(c["kind"] != "case" or c["status"] for c in pack["changes"]["items"])


def test_the_officers_order_wins(gov):
    candidates = meeting_pack_candidates(db.session, gov)
    recs = [r["id"] for r in candidates["recommendations"] if r["use"] == "ask"]
    low = next(r["id"] for r in candidates["recommendations"] if r["priority"] > 1)
    chosen = [low, recs[2], recs[0]]  # a priority-2 recommendation first
    themes = [t["id"] for t in candidates["themes"]]
    pack = build_meeting_pack(db.session, gov, "internal", choices={
        "themes": [themes[-1], *themes[:-1]], "recommendations": chosen, "cases": [],
        "talking_points": {str(recs[0]): "Ask for a date, nothing less."},
        "annexes": ["recommendations", "background"], "findings": [],
    })
    assert [a["id"] for a in asks(pack)] == chosen
    assert next(a for a in asks(pack) if a["id"] == recs[0])["point"] == \
        "Ask for a date, nothing less."
    assert pack["annexes"]["cases"] == [] and pack["annexes"]["background"] == []
    assert [r["id"] for r in pack["annexes"]["recommendations"]] == chosen


def test_findings_are_chosen_one_by_one(gov):
    candidates = meeting_pack_candidates(db.session, gov)
    findings = candidates["findings"]
    assert any(f["proposed"] for f in findings) and not all(f["proposed"] for f in findings)
    one = next(f for f in findings if not f["proposed"])
    pack = build_meeting_pack(db.session, gov, "internal",
                              choices={"findings": [one["id"]], "annexes": ["background"]})
    printed = [t for b in pack["annexes"]["background"] for t in b["concerns"] + b["positives"]]
    assert printed == [one["text"]]


def test_a_held_meeting_pack_is_its_record(demo, app_context):
    held = meeting_id("Kazakh government delegation")
    assert db.session.get(Meeting, held).status is MeetingStatus.HELD
    pack = build_meeting_pack(db.session, held, "internal")
    assert pack["mode"] == "record"
    record = pack["record"]
    assert record["outcome"] and record["raised"] and record["commitments"]
    assert any(r["with"] == "Nurlan Zhaksygeldin" and r["said"] for r in record["raised"])
    from app.services.packs.issue import render

    text = render(pack, "md").decode()
    assert "## What was raised" in text and "## Commitments made" in text
    assert "We have not met these people before" not in text


def test_pack_obeys_the_readers_clearance(gov):
    everything = everything_offered(gov)
    with levels_for(db.session, (Sensitivity.NORMAL,)):
        pack = build_meeting_pack(db.session, gov, "internal", choices=everything)
    titles = {c["title"] for c in pack["annexes"]["cases"]}
    assert "Natalia Sadykova" not in titles and "Amangeldy Jahin" not in titles
    assert "Gulnara Bazhkenova" in titles
    full = build_meeting_pack(db.session, gov, "internal", choices=everything)
    assert "Natalia Sadykova" in {c["title"] for c in full["annexes"]["cases"]}


def test_event_brief(demo, app_context):
    event_id = db.session.scalar(select(DialogueEvent.id).where(
        DialogueEvent.title == "EU-Kazakhstan Human Rights Dialogue 2026"))
    brief = build_event_brief(db.session, event_id, "internal", issued_by="Amina Rahimova")
    assert len(brief["meetings"]) == 5
    assert brief["asks"] and len(brief["asks"]) <= 5
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
    from app.services.packs.issue import render

    meeting = Meeting(title="Bare meeting", starts_at=datetime(2026, 5, 1, 9, tzinfo=UTC))
    db.session.add(meeting)
    db.session.commit()
    pack = build_meeting_pack(db.session, meeting.id, "internal")
    assert pack["across"] == [] and asks(pack) == []
    assert pack["changes"]["since"] == ""
    for fmt in ("html", "pdf", "docx", "md"):
        assert render(pack, fmt)
        assert render(build_meeting_pack(db.session, meeting.id, "external"), fmt)
