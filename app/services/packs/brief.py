"""The internal meeting pack as a brief: a core that fits two pages, then the annexes the
officer ticked.

The core (``DOMAIN.md``, "The talking-point pack"): the meeting, the objective, the asks
(at most five, addressed to the people in the room), who is across the table, what changed
since we last met them, and their likely responses with our replies. A pack for a meeting
already held is its record instead: what was raised, the answers and the commitments made.

Everything here is plain, JSON-able data with its text ready to print; the outline
(:mod:`app.services.packs.outline`) decides how it reads, and every format prints the outline.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from app.models import Direction, FollowUpStatus, Polarity, Stance
from app.services.packs import items
from app.services.packs.loading import MeetingRows
from app.services.substance.addressees import Use, use_for

#: The asks printed in the core, at most.
ASKS_SHOWN = 5
#: The annexes an officer may tick, in the order they print.
ANNEXES = ("background", "recommendations", "cases", "follow_ups", "key_facts")
ANNEX_LABELS = {
    "background": "Background per theme (the concerns and positive steps ticked below)",
    "recommendations": "The recommendations in full, with where and with whom each was "
                       "last raised",
    "cases": "The cases, with their latest developments",
    "follow_ups": "Our outstanding follow-ups to these people",
    "key_facts": "Key facts and figures",
}
#: Ticked when the officer has not chosen: a brief stays short.
DEFAULT_ANNEXES = ("recommendations", "cases", "follow_ups", "key_facts")
#: Findings ticked per theme by default: the latest concerns and one positive step.
DEFAULT_CONCERNS, DEFAULT_POSITIVES = 2, 1
#: How important each kind of change is in "what changed" (lower first).
CHANGE_RANK = {"broken": 0, "case": 1, "status": 2, "kept": 3, "closed": 4}
CHANGE_MARKS = {"broken": "Promise broken", "case": "Case", "status": "Status",
                "kept": "Promise kept", "closed": "Closed"}


def uses(recommendations, counterpart) -> dict[int, Use]:
    """Recommendation id -> its use for the people in the room (:func:`use_for`)."""
    return {r.id: use_for(r.addressed_to, counterpart) for r in recommendations}


def default_findings(findings) -> list[int]:
    """The findings ticked by default: per theme, the latest few concerns and positive steps."""
    taken: Counter = Counter()
    chosen = []
    for finding in findings:
        positive = finding.polarity is Polarity.POSITIVE
        limit = DEFAULT_POSITIVES if positive else DEFAULT_CONCERNS
        if taken[(finding.theme_id, positive)] < limit:
            taken[(finding.theme_id, positive)] += 1
            chosen.append(finding.id)
    return chosen


def asks(rows: MeetingRows, recs, points: dict[int, str]) -> dict:
    """The asks in the officer's order: those the people in the room are asked, and the
    points they may raise with others (for an EU or member-state meeting), at most five."""
    use = uses(recs, rows.counterpart)
    chosen = [r for r in recs if use[r.id] is not Use.NONE][:ASKS_SHOWN]
    return {
        "ask": [_ask(r, points, rows) for r in chosen if use[r.id] is Use.ASK],
        "raise": [_ask(r, points, rows) for r in chosen if use[r.id] is Use.RAISE],
        "counterpart": rows.counterpart.label,
    }


def _ask(rec, points: dict[int, str], rows: MeetingRows) -> dict:
    return {
        "id": rec.id,
        "title": rec.title,
        "point": (points.get(rec.id) or "").strip() or rec.text,
        "addressee": rec.addressee,
        "status": rec.status.label,
        "never_raised": rec.id not in rows.raised_with["recs"],
    }


def across(rows: MeetingRows, person) -> dict:
    """One person across the table: post on the day, when we last met (one line), their stance
    per theme summarised from their answers, their promises broken first, then open."""
    past = rows.past_meetings.get(person.id, [])
    last = past[0] if past else None
    posts = items.posts_on(person, rows.meeting.starts_at.date())
    return {
        "person_id": person.id,
        "name": person.full_name,
        "restricted": person.is_restricted,
        "sensitivity": person.sensitivity.label,
        "post": "; ".join(posts),
        "notes": person.notes or "",
        "last_met": ({"date": items.day(last.starts_at), "title": last.title,
                      "outcome": last.outcome or ""} if last else None),
        "times_met": rows.past_meeting_counts.get(person.id, 0),
        "stance": stance_summary(rows.stances.get(person.id, [])),
        "promises": [_promise(f, rows.meeting.starts_at.date())
                     for f in rows.their_commitments.get(person.id, [])],
    }


def stance_summary(stances: list[tuple]) -> str:
    """"Opposed on NGO law and media; supportive on cases": per theme, the stance they took
    most often (the latest on a tie), themes grouped by stance, the firmest first."""
    per_theme: dict[str, Counter[Stance]] = {}
    latest: dict[tuple[str, Stance], int] = {}
    for n, (theme, stance, _when) in enumerate(stances):  # newest first
        per_theme.setdefault(theme, Counter())[stance] += 1
        latest.setdefault((theme, stance), n)
    grouped: dict[Stance, list[str]] = {}
    for theme, counts in per_theme.items():
        stance = min(counts, key=lambda s: (-counts[s], latest[(theme, s)]))
        grouped.setdefault(stance, []).append(theme)
    order = ("opposed", "non_committal", "supportive")
    parts = [f"{stance.label.lower()} on {_and(sorted(grouped[stance]))}"
             for stance in sorted(grouped, key=lambda s: order.index(s.value))]
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _promise(follow_up, today: date) -> dict:
    broken = follow_up.status is FollowUpStatus.BROKEN
    return {"description": follow_up.description, "due": items.day(follow_up.due_on),
            "state": "broken" if broken else ("overdue" if follow_up.is_overdue(today)
                                              else "open"),
            "outcome": follow_up.outcome or ""}


def changes_since(rows: MeetingRows, recs, cases) -> dict:
    """What changed since we last met these people, most important first (broken promises,
    case developments, status changes, promises kept), newest first within each. Updates
    that only restate a case (no new status) are not news: the cases annex has them."""
    previous = rows.previous_meeting_at
    if previous is None:
        return {"since": "", "items": []}
    found = []
    titles = {c.id: c.title for c in cases}
    for u in rows.updates_since:
        if u.case_id in titles and u.new_status is not None:
            found.append(("case", u.happened_on, {
                "subject": titles[u.case_id], "text": u.text, "status": u.new_status.label,
                "internal": u.is_internal}))
    rec_titles = {r.id: r.title for r in recs}
    for c in rows.status_changes_since:
        if c.recommendation_id in rec_titles:
            found.append(("status", c.changed_on, {
                "subject": rec_titles[c.recommendation_id],
                "text": f"{c.from_status.label if c.from_status else 'New'} to {c.to_status.label}",
                "evidence": c.evidence or ""}))
    for f in rows.closed_commitments:
        if f.closed_at is None:
            continue  # closed ones carry the time they closed
        kind = ("broken" if f.status is FollowUpStatus.BROKEN else
                "kept" if f.status is FollowUpStatus.DONE else "closed")
        found.append((kind, f.closed_at.date(), {
            "subject": _owner(f), "text": f.description, "status": f.status_label,
            "outcome": f.outcome or "", "person_id": f.owner_person_id,
            "ours": f.direction is Direction.OURS}))
    found.sort(key=lambda row: (CHANGE_RANK[row[0]], -row[1].toordinal()))
    return {"since": items.day(previous),
            "items": [{"kind": kind, "mark": CHANGE_MARKS[kind], "date": items.day(when), **rest}
                      for kind, when, rest in found]}


def likely_responses(rows: MeetingRows, recs, cases) -> list[dict]:
    """What these people answered before on the points of this pack, with the reply to give."""
    result = []
    subjects = [("rec", r.id, r.title) for r in recs] + [("case", c.id, c.title) for c in cases]
    for kind, subject_id, title in subjects:
        for raising in rows.responses.get((kind, subject_id), [])[:1]:
            item = items.raising_item(raising)
            result.append({"subject": title, "with": item["with"], "date": item["date"],
                           "meeting": item["meeting"],
                           "person_id": item["person_id"], "said": item["response"],
                           "stance": item["stance"], "reply": item["our_reply"]})
    return result


def held_record(rows: MeetingRows) -> dict:
    """The record of a meeting already held: what was raised with whom and the answers, the
    commitments made on both sides, and its outcome."""
    raised = []
    for r in rows.held_raisings:
        raised.append({"subject": r.subject, "with": r.person.full_name if r.person else "",
                       "person_id": r.person_id, "point": r.talking_point or "",
                       "said": r.response or "", "stance": r.stance.label if r.stance else "",
                       "reply": r.our_reply or ""})
    commitments = [
        {"who": _owner(f), "ours": f.direction is Direction.OURS, "text": f.description,
         "due": items.day(f.due_on), "status": f.status_label, "person_id": f.owner_person_id}
        for f in rows.held_follow_ups]
    return {"outcome": rows.meeting.outcome or "", "raised": raised, "commitments": commitments}


def _owner(follow_up) -> str:
    if follow_up.owner_user is not None:
        return follow_up.owner_user.name
    if follow_up.owner_person is not None:
        return follow_up.owner_person.full_name
    return "unassigned"


def background(rows: MeetingRows, themes, chosen_findings: list[int] | None) -> list[dict]:
    """Per chosen theme, the concerns and positive steps the officer ticked."""
    wanted = set(default_findings(rows.findings) if chosen_findings is None else chosen_findings)
    sections = {t.id: {"theme": t.name, "concerns": [], "positives": []} for t in themes}
    for finding in rows.findings:
        section_id = (rows.theme_section.get(finding.theme_id)
                      if finding.theme_id is not None else None)
        section = sections.get(section_id) if section_id is not None else None
        if section is not None and finding.id in wanted:
            key = "positives" if finding.polarity is Polarity.POSITIVE else "concerns"
            section[key].append(finding.text)
    return [s for s in sections.values() if s["concerns"] or s["positives"]]


def recommendations_annex(rows: MeetingRows, recs) -> list[dict]:
    """The recommendations of this pack in full: where, with whom and when each was last
    raised and how it was answered; "never raised with these people" as one mark."""
    result = []
    for rec in recs:
        last = rows.last_raising.get(("rec", rec.id))
        result.append({
            "id": rec.id, "title": rec.title, "text": rec.text, "addressee": rec.addressee,
            "priority": rec.priority, "status": rec.status.label,
            "never_raised": rec.id not in rows.raised_with["recs"],
            "last_raised": items.raising_item(last) if last is not None else None,
        })
    return result


def cases_annex(rows: MeetingRows, cases) -> list[dict]:
    """The cases of this pack with their latest update and when each was last raised."""
    result = []
    for case in cases:
        item = items.case_item(case, rows.case_updates.get(case.id, []))
        last = rows.last_raising.get(("case", case.id))
        item["last_raised"] = items.raising_item(last) if last is not None else None
        result.append(item)
    return result


def follow_ups_annex(rows: MeetingRows, today: date) -> list[dict]:
    """Our open commitments to these people or about the pack's cases, overdue first."""
    return [
        {"description": f.description, "owner": _owner(f), "due": items.day(f.due_on),
         "overdue": f.is_overdue(today), "meeting": f.meeting.title if f.meeting else ""}
        for f in rows.our_follow_ups
    ]


def persons_named(pack: dict) -> list[int]:
    """Ids of every person the internal pack names (for subject-access requests)."""
    ids = {a["person_id"] for a in pack["across"]}
    ids.update(c["person_id"] for c in pack["annexes"].get("cases", []))
    ids.update(r["last_raised"]["person_id"] for r in pack["annexes"].get("recommendations", [])
               if r["last_raised"])
    ids.update(c["last_raised"]["person_id"] for c in pack["annexes"].get("cases", [])
               if c.get("last_raised"))
    ids.update(r["person_id"] for r in pack["responses"])
    ids.update(c.get("person_id") for c in pack["changes"]["items"])
    if pack.get("record"):
        ids.update(r["person_id"] for r in pack["record"]["raised"])
        ids.update(c["person_id"] for c in pack["record"]["commitments"])
    return sorted(i for i in ids if i is not None)
