"""Build a talking-point pack: one plain, JSON-able structure that every renderer prints as is.

The internal structure is built first, from rows loaded in a fixed number of queries
(:mod:`app.services.packs.loading`). An external pack is then *constructed* from it by
:mod:`app.services.packs.external`, which copies only allowlisted fields.

``choices`` shapes the pack the way the officer asked on the pack page::

    {"themes": [theme ids in order], "recommendations": [ids in order],
     "cases": [ids in order], "talking_points": {recommendation id: text}}

A missing key means "the default": everything proposed, in the proposed order.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from app.models import Audience, Direction, FollowUpStatus, Meeting, Polarity, utcnow
from app.services.packs import items
from app.services.packs.external import external_event_brief, external_meeting_pack
from app.services.packs.loading import MeetingRows, load_meeting_rows
from app.services.packs.seal import seal

#: Earlier meetings listed per attendee (the rest are counted).
PAST_MEETINGS_SHOWN = 5
#: Earlier answers listed per recommendation or case under "likely responses".
RESPONSES_PER_POINT = 2
PACK_SCHEMA = 1


def build_meeting_pack(session: Session, meeting_id: int, audience: str | Audience,
                       choices: dict | None = None, issued_by=None,
                       now: datetime | None = None) -> dict:
    """The pack for one meeting, for an internal or external audience, shaped by ``choices``."""
    audience = Audience(audience)
    rows = load_meeting_rows(session, meeting_id)
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


def meeting_pack_candidates(session: Session, meeting_id: int) -> dict:
    """What the officer may choose from on the pack page, in the default order."""
    rows = load_meeting_rows(session, meeting_id)
    raised_with = _raised_with_these(rows)
    meeting = rows.meeting
    return {
        "meeting": {"id": meeting.id, "title": meeting.title, "date": items.day(meeting.starts_at),
                    "event": meeting.event.title if meeting.event else ""},
        "themes": [{"id": t.id, "name": t.name} for t in rows.themes],
        "recommendations": [
            {"id": r.id, "title": r.title, "text": r.text, "priority": r.priority,
             "status": r.status.label, "never_raised_with_these": r.id not in raised_with["recs"],
             "themes": ", ".join(t.name for t in r.themes)}
            for r in rows.recommendations
        ],
        "cases": [
            {"id": c.id, "title": c.title, "status": c.status.label,
             "sensitivity": c.sensitivity.label, "may_be_named": bool(c.may_be_named)}
            for c in sorted(rows.cases, key=items.case_sort_key)
        ],
    }


def _raised_with_these(rows: MeetingRows) -> dict[str, set[int]]:
    """Ids of the recommendations and cases raised before with these people."""
    recs, cases = set(), set()
    for raising in rows.raisings:
        if _with_these(raising, rows):
            if raising.recommendation_id:
                recs.add(raising.recommendation_id)
            if raising.case_id:
                cases.add(raising.case_id)
    return {"recs": recs, "cases": cases}


def _with_these(raising, rows: MeetingRows) -> bool:
    if raising.person_id is not None:
        return raising.person_id in rows.attendee_ids
    return raising.meeting_id in rows.past_meeting_ids


def _internal_meeting_pack(rows: MeetingRows, choices: dict, issued_by, now: datetime) -> dict:
    meeting = rows.meeting
    raised_with = _raised_with_these(rows)
    last_raising: dict[tuple[str, int], object] = {}
    for raising in rows.raisings:  # newest first: the first seen is the latest
        for kind, key in (("rec", raising.recommendation_id), ("case", raising.case_id)):
            if key is not None:
                last_raising.setdefault((kind, key), raising)

    points = {int(k): v for k, v in (choices.get("talking_points") or {}).items()}
    recs = items.ordered(rows.recommendations, choices.get("recommendations"))
    cases = items.ordered(sorted(rows.cases, key=items.case_sort_key), choices.get("cases"))
    themes = items.ordered(rows.themes, choices.get("themes"))
    rec_items = [
        items.recommendation_item(r, points.get(r.id), last_raising.get(("rec", r.id)),
                                  r.id in raised_with["recs"])
        for r in recs
    ]
    case_items = [items.case_item(c) for c in cases]
    sections = _theme_sections(rows, themes, recs, rec_items, cases, case_items)
    themes_of = _themes_of_raisings(rows)
    attendees = [_attendee(rows, person, themes_of) for person in rows.attendees]
    likely = _likely_responses(rows, recs, cases)
    follow_ups = _our_follow_ups(rows, now.date())
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
        "likely_responses": likely,
        "changes": _changes_since(rows, recs, cases),
        "our_follow_ups": follow_ups,
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


def _attendee(rows: MeetingRows, person, themes_of: dict[int, list[str]]) -> dict:
    past = rows.past_meetings.get(person.id, [])
    stances: dict[str, dict] = {}
    for raising in rows.raisings:
        if raising.person_id != person.id or raising.stance is None:
            continue
        for theme_name in themes_of[raising.id]:
            stances.setdefault(theme_name, {"theme": theme_name, "stance": raising.stance.label,
                                            "date": items.day(raising.meeting.starts_at)})
    commitments = [
        {"description": f.description, "due": items.day(f.due_on),
         "overdue": f.is_overdue(rows.meeting.starts_at.date())}
        for f in rows.follow_ups
        if f.direction is Direction.THEIRS and f.owner_person_id == person.id
        and f.status is FollowUpStatus.OPEN
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
        "earlier_meetings": max(0, len(past) - PAST_MEETINGS_SHOWN),
        "stances": list(stances.values()),
        "open_commitments": commitments,
    }


def _themes_of_raisings(rows: MeetingRows) -> dict[int, list[str]]:
    """Raising id -> names of the themes it was about (its own, or its subject's)."""
    subjects = {("rec", r.id): r for r in rows.recommendations}
    subjects.update({("case", c.id): c for c in rows.cases})
    result = {}
    for raising in rows.raisings:
        if raising.theme is not None:
            result[raising.id] = [raising.theme.name]
            continue
        subject = subjects.get(("rec", raising.recommendation_id)) or subjects.get(
            ("case", raising.case_id))
        result[raising.id] = [t.name for t in subject.themes] if subject is not None else []
    return result


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
    by_subject: dict[tuple[str, int], list] = {}
    for raising in rows.raisings:
        if not raising.response or not _with_these(raising, rows):
            continue
        key = ("rec", raising.recommendation_id) if raising.recommendation_id else (
            "case", raising.case_id)
        by_subject.setdefault(key, []).append(raising)
    result = []
    subjects = [("rec", r.id, r.title) for r in recs] + [("case", c.id, c.title) for c in cases]
    for kind, subject_id, title in subjects:
        for raising in by_subject.get((kind, subject_id), [])[:RESPONSES_PER_POINT]:
            result.append({"subject": title, **items.raising_item(raising)})
    return result


def _changes_since(rows: MeetingRows, recs, cases) -> dict:
    """Case developments, status changes and commitments closed since we last met these people."""
    previous = rows.previous_meeting_at
    if previous is None:
        return {"since": "", "case_updates": [], "status_changes": [], "commitments": []}
    since = previous.date()
    case_updates = []
    for case in cases:
        for update in case.updates:
            if update.archived_at is None and update.happened_on >= since:
                case_updates.append({
                    "case_id": case.id, "case": case.title, "date": items.day(update.happened_on),
                    "sort": update.happened_on.isoformat(), "text": update.text,
                    "status": update.new_status.label if update.new_status else "",
                    "internal": update.is_internal})
    case_updates.sort(key=lambda u: u.pop("sort"), reverse=True)
    status_changes = sorted(
        ({"recommendation": rec.title, "date": items.day(change.changed_on),
          "sort": change.changed_on.isoformat(),
          "from": change.from_status.label if change.from_status else "",
          "to": change.to_status.label, "evidence": change.evidence or ""}
         for rec in recs for change in rec.status_changes if change.changed_on >= since),
        key=lambda c: c["sort"], reverse=True)
    for change in status_changes:
        change.pop("sort")
    commitments = [
        {"description": f.description, "direction": f.direction.label,
         "who": _owner(f), "person_id": f.owner_person_id, "status": f.status_label,
         "date": items.day(f.closed_at), "outcome": f.outcome or ""}
        for f in rows.follow_ups
        if f.status is not FollowUpStatus.OPEN and f.closed_at is not None
        and f.closed_at >= previous
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
    """Our open commitments to these people, overdue first."""
    ours = [f for f in rows.follow_ups
            if f.direction is Direction.OURS and f.status is FollowUpStatus.OPEN]
    ours.sort(key=lambda f: (not f.is_overdue(today), f.due_on or date.max, f.id))
    return [
        {"description": f.description, "owner": _owner(f), "due": items.day(f.due_on),
         "overdue": f.is_overdue(today), "meeting": f.meeting.title if f.meeting else ""}
        for f in ours
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
