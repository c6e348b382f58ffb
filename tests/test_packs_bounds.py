"""Packs stay small whatever the history: a bounded default selection, most important first;
every history section the latest few rows; bounded event briefs and issued-pack lists."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import (
    Audience,
    DialogueEvent,
    Meeting,
    Pack,
    PackFormat,
    Person,
    Raising,
    Recommendation,
    Stance,
    Theme,
)
from app.services.packs.build import build_event_brief, build_meeting_pack, meeting_pack_candidates
from app.services.packs.event import MEETINGS_SHOWN, RECOMMENDATIONS_SHOWN
from app.services.packs.history import Bounds
from app.services.packs.offers import (
    CASES_CHOSEN,
    CASES_OFFERED,
    RECOMMENDATIONS_CHOSEN,
    RECOMMENDATIONS_OFFERED,
)
from tests.pack_scenarios import build_history

BOUNDS = Bounds()


def _big(session) -> int:
    """A meeting with a long history: 10 attendees, 60 recommendations, 30 cases, 120
    earlier meetings with everyone, each with raisings and follow-ups."""
    return build_history(session, attendees=10, recommendations=60, cases=30,
                         earlier_meetings=120)


def test_default_selection_is_bounded_and_most_important_first(app_context):
    meeting_id = _big(db.session)
    db.session.commit()
    candidates = meeting_pack_candidates(db.session, meeting_id)
    recs, cases = candidates["recommendations"], candidates["cases"]
    assert len(recs) == RECOMMENDATIONS_OFFERED and len(cases) == CASES_OFFERED
    assert candidates["totals"] == {"recommendations": 60, "cases": 30}
    assert sum(r["proposed"] for r in recs) == RECOMMENDATIONS_CHOSEN
    assert sum(c["proposed"] for c in cases) == CASES_CHOSEN
    assert [r["proposed"] for r in recs] == sorted((r["proposed"] for r in recs), reverse=True)
    priorities = [r["priority"] for r in recs]
    assert priorities == sorted(priorities) and priorities[0] == 1
    # within a priority, what was never raised with these people comes first
    for priority in set(priorities):
        flags = [r["never_raised_with_these"] for r in recs if r["priority"] == priority]
        assert flags == sorted(flags, reverse=True)
    pack = build_meeting_pack(db.session, meeting_id, "internal")
    chosen = [r["id"] for r in pack["annexes"]["recommendations"]]
    assert chosen == [r["id"] for r in recs if r["proposed"]]
    assert [a["id"] for a in pack["asks"]["ask"] + pack["asks"]["raise"]] == chosen[:5]
    held = [c["id"] for c in pack["annexes"]["cases"]]
    assert sorted(held) == sorted(c["id"] for c in cases if c["proposed"])  # ticked = default
    assert len(held) == CASES_CHOSEN


def test_every_history_section_holds_the_latest_few(app_context):
    meeting_id = _big(db.session)
    db.session.commit()
    candidates = meeting_pack_candidates(db.session, meeting_id)
    everything = {kind: [i["id"] for i in candidates[kind]] for kind in ("recommendations",
                                                                         "cases")}
    pack = build_meeting_pack(db.session, meeting_id, "internal", choices={
        **everything, "annexes": ["background", "recommendations", "cases", "follow_ups",
                                  "key_facts"]})
    for person in pack["across"]:
        # 120 earlier meetings with everyone, the latest 100 read: the latest is named
        assert person["times_met"] == BOUNDS.recent_meetings
        assert person["last_met"]["date"] == pack["changes"]["since"]
        assert person["last_met"]["title"] == "Earlier meeting 0"
        assert len(person["promises"]) <= BOUNDS.commitments
    assert max(len(a["promises"]) for a in pack["across"]) == BOUNDS.commitments
    per_subject: dict[str, int] = {}
    for response in pack["responses"]:
        per_subject[response["subject"]] = per_subject.get(response["subject"], 0) + 1
    assert per_subject and max(per_subject.values()) == 1
    assert len(pack["changes"]["items"]) <= 3 * BOUNDS.history
    follow_ups = pack["annexes"]["follow_ups"]
    assert len(follow_ups) == BOUNDS.history
    overdue = [f["overdue"] for f in follow_ups]
    assert overdue == sorted(overdue, reverse=True)  # overdue first
    for section in pack["annexes"]["background"]:
        assert len(section["concerns"]) + len(section["positives"]) <= BOUNDS.findings


def test_last_raised_and_responses_are_the_latest(app_context):
    meeting_id = _big(db.session)
    db.session.commit()
    pack = build_meeting_pack(db.session, meeting_id, "internal")
    for rec in pack["annexes"]["recommendations"]:
        rows = db.session.execute(
            select(Meeting.title).join(Raising, Raising.meeting_id == Meeting.id)
            .where(Raising.recommendation_id == rec["id"], Meeting.id != meeting_id)
            .order_by(Meeting.starts_at.desc(), Raising.id.desc()).limit(1)).scalars().all()
        assert (rec["last_raised"] or {}).get("meeting") == (rows[0] if rows else None)


def test_a_grandchild_theme_joins_its_meeting_themes_section(app_context):
    top = Theme(name="Civic space")
    middle = Theme(name="Association", parent=top)
    bottom = Theme(name="NGO registration", parent=middle)
    rec = Recommendation(text="Simplify NGO registration", addressee="Ministry of Justice",
                         priority=1, themes=[bottom])
    meeting = Meeting(title="Ministry of Justice", starts_at=datetime(2026, 12, 2, tzinfo=UTC),
                      themes=[top])
    db.session.add_all([top, middle, bottom, rec, meeting])
    db.session.commit()
    from app.models import Polarity
    from app.models.sources import Finding

    db.session.add(Finding(theme=bottom, text="Registration takes a year.",
                           polarity=Polarity.CONCERN, position=1))
    db.session.commit()
    pack = build_meeting_pack(db.session, meeting.id, "internal",
                              choices={"annexes": ["background", "recommendations"]})
    assert [r["title"] for r in pack["annexes"]["recommendations"]] == \
        ["Simplify NGO registration"]
    assert pack["annexes"]["background"] == [
        {"theme": "Civic space", "concerns": ["Registration takes a year."], "positives": []}]


def test_event_brief_is_bounded(app_context):
    event = DialogueEvent(title="Busy dialogue")
    person = Person(full_name="Busy official")
    recs = [Recommendation(text=f"Event ask {n}", addressee="Authorities", priority=1 + n % 3)
            for n in range(RECOMMENDATIONS_SHOWN + 15)]
    db.session.add_all([event, person, *recs])
    start = datetime(2026, 12, 1, 9, tzinfo=UTC)
    for n in range(MEETINGS_SHOWN + 12):
        meeting = Meeting(title=f"Busy meeting {n:02d}", starts_at=start + timedelta(hours=n),
                          event=event, their_attendees=[person])
        db.session.add(meeting)
        db.session.add(Raising(meeting=meeting, recommendation=recs[-1 - n % 5], person=person,
                               stance=Stance.SUPPORTIVE))
    db.session.commit()
    brief = build_event_brief(db.session, event.id, "internal")
    assert len(brief["meetings"]) == MEETINGS_SHOWN and brief["more_meetings"] == 12
    assert brief["meetings"][0]["title"] == "Busy meeting 00"
    listed = [r for s in brief["themes"] for r in s["recommendations"]]
    assert len(listed) == RECOMMENDATIONS_SHOWN
    raised = [r for r in listed if r["raised_at_event"]]
    assert raised and all(r["last_raised"]["with"] == "Busy official" for r in raised)
    from app.services.packs.render_html import render_html

    assert "And 12 later meetings" in render_html(brief)


def test_issued_packs_list_is_bounded(app, officer_client):
    with app.app_context():
        meeting = Meeting(title="Often packed", starts_at=datetime(2026, 12, 1, tzinfo=UTC))
        db.session.add(meeting)
        db.session.flush()
        for n in range(27):
            db.session.add(Pack(meeting_id=meeting.id, audience=Audience.INTERNAL,
                                format=PackFormat.MARKDOWN, snapshot={}, content=b"x",
                                filename=f"pack-{n:02d}.md", content_type="text/markdown",
                                issued_at=datetime(2026, 11, 1, tzinfo=UTC) + timedelta(hours=n)))
        db.session.commit()
        meeting_id = meeting.id
    page = officer_client.get(f"/meetings/{meeting_id}/pack").get_data(as_text=True)
    assert page.count("/download") == 10
    assert "pack-26.md" in page and "pack-17.md" in page and "pack-16.md" not in page  # latest
    assert '<span class="count">27</span>' in page and "All 27" in page
    everything = officer_client.get(f"/meetings/{meeting_id}/all/issued").get_data(as_text=True)
    assert "pack-16.md" in everything and "pack-00.md" in everything


def test_pack_page_ticks_the_first_few_and_counts_the_rest(app, officer_client):
    with app.app_context():
        meeting_id = _big(db.session)
        db.session.commit()
    page = officer_client.get(f"/meetings/{meeting_id}/pack").get_data(as_text=True)
    ticked = re.findall(r'name="rec-\d+" checked', page)
    offered = re.findall(r'<input type="checkbox" id="rec-\d+"', page)
    assert len(ticked) == RECOMMENDATIONS_CHOSEN and len(offered) == RECOMMENDATIONS_OFFERED
    assert f"The {RECOMMENDATIONS_OFFERED} most useful of 60" in page
    assert len(re.findall(r'name="case-\d+" checked', page)) == CASES_CHOSEN
    assert len(page) < 120_000, len(page)


def _raised_at(title: str, when: datetime, rec: Recommendation, person: Person) -> Meeting:
    meeting = Meeting(title=title, starts_at=when, their_attendees=[person])
    db.session.add_all([meeting, Raising(meeting=meeting, recommendation=rec, person=person,
                                         response=f"Answer at {title}")])
    db.session.flush()
    return meeting


def test_last_raised_is_found_behind_many_later_raisings_and_by_meeting_date(app_context):
    """The latest raisings are looked for among the last few recorded of each point at the
    meetings that count; for a pack of an older meeting, the walk passes the later ones."""
    person = Person(full_name="Long-serving official")
    rec = Recommendation(text="Free the bloggers", addressee="Authorities", priority=1)
    db.session.add_all([person, rec])
    start = datetime(2020, 3, 1, 9, tzinfo=UTC)
    _raised_at("Long ago", start - timedelta(days=400), rec, person)
    _raised_at("Before the pack's meeting", start - timedelta(days=30), rec, person)
    # recorded after it, but held earlier: still the older of the two
    _raised_at("Logged late", start - timedelta(days=90), rec, person)
    packed = Meeting(title="The meeting packed", starts_at=start, their_attendees=[person])
    db.session.add(packed)
    for n in range(BOUNDS.raisings + 15):  # many later raisings, recorded afterwards
        _raised_at(f"Later {n:02d}", start + timedelta(days=1 + n), rec, person)
    db.session.commit()
    pack = build_meeting_pack(db.session, packed.id, "internal",
                              choices={"recommendations": [rec.id]})
    item = next(r for r in pack["annexes"]["recommendations"] if r["id"] == rec.id)
    assert item["last_raised"]["meeting"] == "Before the pack's meeting"
    answers = [r["meeting"] for r in pack["responses"]]
    assert answers == ["Before the pack's meeting"]


def test_recorded_last_reads_the_latest_few_of_each_subject(app_context):
    from app.services.packs.history import recorded_last

    person = Person(full_name="Counted official")
    recs = [Recommendation(text=f"Point {n}", addressee="A") for n in range(2)]
    db.session.add_all([person, *recs])
    day = datetime(2024, 1, 1, tzinfo=UTC)
    for n in range(12):
        for rec in recs:
            _raised_at(f"M{n}-{rec.text}", day + timedelta(days=n), rec, person)
    db.session.commit()
    ids = db.session.scalars(recorded_last(db.session, Recommendation.__table__,
                                           "recommendation_id", [r.id for r in recs], 3)).all()
    latest = db.session.scalars(select(Raising.id).where(Raising.recommendation_id == recs[0].id)
                                .order_by(Raising.id.desc()).limit(3)).all()
    assert len(ids) == 6 and set(latest) <= set(ids)
