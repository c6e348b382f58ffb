"""Build a talking-point pack: one plain, JSON-able structure that every renderer prints as is.

The internal structure is built first, from rows loaded in a fixed number of queries
(:mod:`app.services.packs.loading`). An external pack is then *constructed* from it by
:mod:`app.services.packs.external`, which copies only allowlisted fields.

``choices`` shapes the pack the way the officer asked on the pack page::

    {"themes": [theme ids in order], "recommendations": [ids in order],
     "cases": [ids in order], "talking_points": {recommendation id: text}}

A missing key means "the default": for recommendations and cases, the first few proposed
(most important first, :mod:`app.services.packs.loading`); for themes, all of the meeting's.
Every history section holds the latest few rows (:class:`app.services.packs.history.Bounds`).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from app.models import Audience, Meeting, Polarity, utcnow
from app.services.packs import items
from app.services.packs.external import external_event_brief, external_meeting_pack
from app.services.packs.loading import (
    BOUNDS,
    CASES_CHOSEN,
    RECOMMENDATIONS_CHOSEN,
    MeetingRows,
    PackContext,
    load_meeting_rows,
    offered_cases,
    offered_recommendations,
    pack_context,
)
from app.services.packs.seal import seal

#: Earlier meetings listed per attendee (the rest are counted).
PAST_MEETINGS_SHOWN = BOUNDS.past_meetings
#: Earlier answers listed per recommendation or case under "likely responses".
RESPONSES_PER_POINT = BOUNDS.responses
PACK_SCHEMA = 1


def build_meeting_pack(session: Session, meeting_id: int, audience: str | Audience,
                       choices: dict | None = None, issued_by=None,
                       now: datetime | None = None, context: PackContext | None = None) -> dict:
    """The pack for one meeting, for an internal or external audience, shaped by ``choices``
    (``context``: what the pack page read already, :func:`pack_context`)."""
    audience = Audience(audience)
    rows = load_meeting_rows(session, meeting_id, choices, context=context)
    pack = _internal_meeting_pack(rows, choices or {}, issued_by, now or utcnow())
    if audience is Audience.EXTERNAL:
        pack = external_meeting_pack(pack)
    return seal(session, pack)


def build_event_brief(session: Session, event_id: int, audience: str | Audience,
                      issued_by=None, now: datetime | None = None) -> dict:
    """The brief for a dialogue event: its meetings, the asks, each recommendation and case."""
    from app.services.packs.event import internal_event_brief

    audience = Audience(audience)
    brief = internal_event_brief(session, event_id, issued_by, now or utcnow())
    if audience is Audience.EXTERNAL:
        brief = external_event_brief(brief)
    return seal(session, brief)


def meeting_pack_candidates(session: Session, meeting_id: int,
                            context: PackContext | None = None) -> dict:
    """What the officer may choose from on the pack page, most important first: a short list
    of recommendations and cases (the first few are proposed, i.e. ticked), and how many are
    on the meeting's themes or were raised with these people at the recent meetings with them."""
    from app.services.packs.loading import CASES_OFFERED, RECOMMENDATIONS_OFFERED

    context = context or pack_context(session, meeting_id)
    meeting, themes, section, tied = (context.meeting, context.themes, context.section,
                                      context.tied)
    recs = offered_recommendations(session, section, tied["recs"], limit=RECOMMENDATIONS_OFFERED)
    cases = offered_cases(session, section, tied["cases"], limit=CASES_OFFERED)
    context.offered = {"recs": recs, "cases": cases}
    return {
        "meeting": {"id": meeting.id, "title": meeting.title, "date": items.day(meeting.starts_at),
                    "event": meeting.event.title if meeting.event else ""},
        "themes": [{"id": t.id, "name": t.name} for t in themes],
        "recommendations": [
            {"id": r.id, "title": r.title, "text": r.text, "priority": r.priority,
             "status": r.status.label, "never_raised_with_these": r.id not in recs.tied,
             "themes": ", ".join(t.name for t in r.themes),
             "proposed": n < RECOMMENDATIONS_CHOSEN}
            for n, r in enumerate(recs.items)
        ],
        "cases": [
            {"id": c.id, "title": c.title, "status": c.status.label,
             "sensitivity": c.sensitivity.label, "may_be_named": bool(c.may_be_named),
             "proposed": n < CASES_CHOSEN}
            for n, c in enumerate(cases.items)
        ],
        "totals": {"recommendations": recs.total, "cases": cases.total},
    }


def _internal_meeting_pack(rows: MeetingRows, choices: dict, issued_by, now: datetime) -> dict:
    meeting = rows.meeting
    points = {int(k): v for k, v in (choices.get("talking_points") or {}).items()}
    recs = items.ordered(rows.recommendations, choices.get("recommendations"))
    cases = items.ordered(sorted(rows.cases, key=items.case_sort_key), choices.get("cases"))
    themes = items.ordered(rows.themes, choices.get("themes"))
    rec_items = [
        items.recommendation_item(r, points.get(r.id), rows.last_raising.get(("rec", r.id)),
                                  r.id in rows.raised_with["recs"])
        for r in recs
    ]
    case_items = [items.case_item(c, rows.case_updates.get(c.id, [])) for c in cases]
    sections = _theme_sections(rows, themes, recs, rec_items, cases, case_items)
    attendees = [_attendee(rows, person) for person in rows.attendees]
    pack = {
        "schema": PACK_SCHEMA,
        "kind": "meeting",
        "audience": Audience.INTERNAL.value,
        "marking": items.INTERNAL_MARKING,
        "cover": _cover(meeting, issued_by, now),
        "purpose": meeting.purpose or "",
        "objective": meeting.objective or "",
        "notes": meeting.notes or "",
        "asks": items.asks(rec_items),
        "attendees": attendees,
        "themes": sections,
        "likely_responses": _likely_responses(rows, recs, cases),
        "changes": _changes_since(rows, recs, cases),
        "our_follow_ups": _our_follow_ups(rows, now.date()),
        "key_facts": [items.key_fact_item(f) for f in rows.key_facts],
    }
    pack["persons_named"] = _persons_named(pack)
    pack["cases_held"] = [c.id for c in cases]
    return pack


def _cover(meeting: Meeting, issued_by, now: datetime) -> dict:
    return {
        "title": meeting.title,
        "event": meeting.event.title if meeting.event else "",
        "date": items.day(meeting.starts_at),
        "iso_date": meeting.starts_at.date().isoformat(),
        "time": meeting.starts_at.strftime("%H:%M UTC") if meeting.starts_at else "",
        "place": meeting.place or "",
        "format": meeting.format.label if meeting.format else "",
        "status": meeting.status.label,
        "audience": "Internal",
        "generated_at": items.moment(now),
        "issued_by": items.issuer_name(issued_by),
        "our_team": [u.name for u in meeting.our_attendees],
    }


def _attendee(rows: MeetingRows, person) -> dict:
    past = rows.past_meetings.get(person.id, [])
    stances: dict[str, dict] = {}
    for theme_name, stance, starts_at in rows.stances.get(person.id, []):  # newest first
        stances.setdefault(theme_name, {"theme": theme_name, "stance": stance.label,
                                        "date": items.day(starts_at)})
    commitments = [
        {"description": f.description, "due": items.day(f.due_on),
         "overdue": f.is_overdue(rows.meeting.starts_at.date())}
        for f in rows.their_commitments.get(person.id, [])
    ]
    return {
        "person_id": person.id,
        "name": person.full_name,
        "restricted": person.is_restricted,
        "sensitivity": person.sensitivity.label,
        "posts": items.posts_on(person, rows.meeting.starts_at.date()),
        "notes": person.notes or "",
        "past_meetings": [
            {"date": items.day(m.starts_at), "title": m.title, "outcome": m.outcome or ""}
            for m in past[:PAST_MEETINGS_SHOWN]
        ],
        "earlier_meetings": max(0, rows.past_meeting_counts.get(person.id, 0)
                                - PAST_MEETINGS_SHOWN),
        "earlier_meetings_at_least": rows.window_full,
        "stances": list(stances.values()),
        "open_commitments": commitments,
    }


def _theme_sections(rows, themes, recs, rec_items, cases, case_items) -> list[dict]:
    """One section per chosen theme; chosen items on no proposed theme go to a last section."""
    chosen = [t.id for t in themes]
    sections = {t.id: {"theme_id": t.id, "name": t.name, "description": t.description or "",
                       "points": [], "positives": [], "concerns": [],
                       "recommendations": [], "cases": []} for t in themes}
    other = {"theme_id": None, "name": "Other points with these people", "description": "",
             "points": [], "positives": [], "concerns": [], "recommendations": [], "cases": []}

    def home(subject):
        proposed = [rows.theme_section[t.id] for t in subject.themes if t.id in rows.theme_section]
        if not proposed:
            return other
        for theme_id in chosen:
            if theme_id in proposed:
                return sections[theme_id]
        return None  # its themes were all left out by the officer

    for rec, item in zip(recs, rec_items):
        section = home(rec)
        if section is not None:
            section["recommendations"].append(item)
            section["points"].append(item["talking_point"])
    for case, item in zip(cases, case_items):
        section = home(case)
        if section is not None:
            section["cases"].append(item)
    for finding in rows.findings:
        section = sections.get(rows.theme_section.get(finding.theme_id))
        if section is not None:
            key = "positives" if finding.polarity is Polarity.POSITIVE else "concerns"
            section[key].append(finding.text)
    result = [sections[t] for t in chosen]
    if other["recommendations"] or other["cases"]:
        result.append(other)
    return result


def _likely_responses(rows: MeetingRows, recs, cases) -> list[dict]:
    """What these people answered before on the same points, with the reply to give."""
    result = []
    subjects = [("rec", r.id, r.title) for r in recs] + [("case", c.id, c.title) for c in cases]
    for kind, subject_id, title in subjects:
        for raising in rows.responses.get((kind, subject_id), [])[:RESPONSES_PER_POINT]:
            result.append({"subject": title, **items.raising_item(raising)})
    return result


def _changes_since(rows: MeetingRows, recs, cases) -> dict:
    """Case developments, status changes and commitments closed since we last met these
    people: the latest few of each."""
    previous = rows.previous_meeting_at
    if previous is None:
        return {"since": "", "case_updates": [], "status_changes": [], "commitments": []}
    titles = {c.id: c.title for c in cases}
    case_updates = [
        {"case_id": u.case_id, "case": titles[u.case_id], "date": items.day(u.happened_on),
         "text": u.text, "status": u.new_status.label if u.new_status else "",
         "internal": u.is_internal}
        for u in rows.updates_since if u.case_id in titles
    ]
    rec_titles = {r.id: r.title for r in recs}
    status_changes = [
        {"recommendation": rec_titles[c.recommendation_id], "date": items.day(c.changed_on),
         "from": c.from_status.label if c.from_status else "", "to": c.to_status.label,
         "evidence": c.evidence or ""}
        for c in rows.status_changes_since if c.recommendation_id in rec_titles
    ]
    commitments = [
        {"description": f.description, "direction": f.direction.label,
         "who": _owner(f), "person_id": f.owner_person_id, "status": f.status_label,
         "date": items.day(f.closed_at), "outcome": f.outcome or ""}
        for f in rows.closed_commitments
    ]
    return {"since": items.day(previous), "case_updates": case_updates,
            "status_changes": status_changes, "commitments": commitments}


def _owner(follow_up) -> str:
    if follow_up.owner_user is not None:
        return follow_up.owner_user.name
    if follow_up.owner_person is not None:
        return follow_up.owner_person.full_name
    return "unassigned"


def _our_follow_ups(rows: MeetingRows, today: date) -> list[dict]:
    """Our open commitments to these people, overdue first (the first few)."""
    return [
        {"description": f.description, "owner": _owner(f), "due": items.day(f.due_on),
         "overdue": f.is_overdue(today), "meeting": f.meeting.title if f.meeting else ""}
        for f in rows.our_follow_ups
    ]


def _persons_named(pack: dict) -> list[int]:
    """Ids of every person the internal pack names (for subject-access requests)."""
    ids = {a["person_id"] for a in pack["attendees"]}
    for section in pack["themes"]:
        ids.update(c["person_id"] for c in section["cases"])
        ids.update(r["last_raised"]["person_id"] for r in section["recommendations"]
                   if r["last_raised"])
    ids.update(r["person_id"] for r in pack["likely_responses"])
    ids.update(c["person_id"] for c in pack["changes"]["commitments"])
    return sorted(i for i in ids if i is not None)
