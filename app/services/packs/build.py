"""Build a talking-point pack: one plain, JSON-able structure that every renderer prints as is.

The internal structure is built first, from rows loaded in a fixed number of queries
(:mod:`app.services.packs.loading`). An external pack is then *constructed* from it by
:mod:`app.services.packs.external`, which copies only allowlisted fields.

``choices`` shapes the pack the way the officer asked on the pack page::

    {"themes": [theme ids in order], "recommendations": [ids in order],
     "cases": [ids in order], "talking_points": {recommendation id: text},
     "findings": [finding ids], "annexes": [annex names, see brief.ANNEXES]}

A missing key means "the default": for recommendations and cases, the first few proposed
(most useful first, :mod:`app.services.packs.loading`); for themes, all of the meeting's;
for findings, the latest few of each theme; for annexes, :data:`brief.DEFAULT_ANNEXES`.
The officer's order wins everywhere: the asks are the first chosen, in the order chosen.
Every history section holds the latest few rows (:class:`app.services.packs.history.Bounds`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from app.models import Audience, Meeting, MeetingStatus, Polarity, utcnow
from app.services.meetings.time_zones import clock
from app.services.packs import brief, items
from app.services.packs.external import external_event_brief, external_meeting_pack
from app.services.packs.loading import (
    BOUNDS,
    MeetingRows,
    PackContext,
    load_findings,
    load_meeting_rows,
    pack_context,
)
from app.services.packs.offers import (
    CASES_CHOSEN,
    CASES_OFFERED,
    RECOMMENDATIONS_CHOSEN,
    RECOMMENDATIONS_OFFERED,
    offered_cases,
    offered_recommendations,
)
from app.services.packs.seal import seal
from app.services.substance.addressees import Use

PACK_SCHEMA = 2


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
    """What the officer may choose from on the pack page, most useful first: a short list of
    recommendations and cases (the first few are proposed, i.e. ticked), the findings of the
    meeting's themes (a few ticked), the annexes, and how many recommendations and cases are
    on the meeting's themes or were raised with these people at the recent meetings."""
    context = context or pack_context(session, meeting_id)
    meeting, themes, section, tied = (context.meeting, context.themes, context.section,
                                      context.tied)
    recs = offered_recommendations(session, section, tied["recs"], limit=RECOMMENDATIONS_OFFERED,
                                   counterpart=context.counterpart,
                                   objective=meeting.objective or "")
    cases = offered_cases(session, section, tied["cases"], limit=CASES_OFFERED)
    context.offered = {"recs": recs, "cases": cases}
    use = brief.uses(recs.items, context.counterpart)
    findings = load_findings(session, list(section), BOUNDS.findings)
    ticked = set(brief.default_findings(findings))
    theme_names = {t.id: t.name for t in themes}

    def theme_of(theme_id: int | None) -> str:
        shown_as = section.get(theme_id) if theme_id is not None else None
        return theme_names.get(shown_as, "") if shown_as is not None else ""
    return {
        "meeting": {"id": meeting.id, "title": meeting.title, "date": items.day(meeting.starts_at),
                    "event": meeting.event.title if meeting.event else "",
                    "held": meeting.status is MeetingStatus.HELD,
                    "counterpart": context.counterpart.label},
        "themes": [{"id": t.id, "name": t.name} for t in themes],
        "recommendations": [
            {"id": r.id, "title": r.title, "text": r.text, "priority": r.priority,
             "status": r.status.label, "never_raised_with_these": r.id not in recs.tied,
             "themes": ", ".join(t.name for t in r.themes), "addressee": r.addressee,
             "use": use[r.id].value,
             "proposed": n < RECOMMENDATIONS_CHOSEN and use[r.id] is not Use.NONE}
            for n, r in enumerate(recs.items)
        ],
        "cases": [
            {"id": c.id, "title": c.title, "status": c.status.label,
             "sensitivity": c.sensitivity.label, "may_be_named": bool(c.may_be_named),
             "proposed": n < CASES_CHOSEN}
            for n, c in enumerate(cases.items)
        ],
        "findings": [
            {"id": f.id, "text": f.text, "positive": f.polarity is Polarity.POSITIVE,
             "theme": theme_of(f.theme_id),
             "proposed": f.id in ticked}
            for f in findings
        ],
        "annexes": [{"id": name, "label": brief.ANNEX_LABELS[name],
                     "proposed": name in brief.DEFAULT_ANNEXES} for name in brief.ANNEXES],
        "totals": {"recommendations": recs.total, "cases": cases.total},
    }


def _internal_meeting_pack(rows: MeetingRows, choices: dict, issued_by, now: datetime) -> dict:
    meeting = rows.meeting
    points = {int(k): v for k, v in (choices.get("talking_points") or {}).items()}
    recs = items.ordered(rows.recommendations, choices.get("recommendations"))
    cases = items.ordered(rows.cases, choices.get("cases"))
    themes = items.ordered(rows.themes, choices.get("themes"))
    annexes = choices.get("annexes")
    annexes = set(brief.DEFAULT_ANNEXES if annexes is None else annexes)
    held = meeting.status is MeetingStatus.HELD
    pack: dict[str, Any] = {
        "schema": PACK_SCHEMA,
        "kind": "meeting",
        "mode": "record" if held else "brief",
        "audience": Audience.INTERNAL.value,
        "marking": items.INTERNAL_MARKING,
        "cover": _cover(meeting, issued_by, now),
        "purpose": meeting.purpose or "",
        "objective": meeting.objective or "",
        "notes": meeting.notes or "",
        "asks": brief.asks(rows, recs, points),
        "across": [brief.across(rows, person) for person in rows.attendees],
        "changes": brief.changes_since(rows, recs, cases),
        "responses": brief.likely_responses(rows, recs, cases),
        "record": brief.held_record(rows) if held else None,
        "annexes": {
            "background": (brief.background(rows, themes, choices.get("findings"))
                           if "background" in annexes else []),
            "recommendations": (brief.recommendations_annex(rows, recs)
                                if "recommendations" in annexes else []),
            "cases": brief.cases_annex(rows, cases) if "cases" in annexes else [],
            "follow_ups": (brief.follow_ups_annex(rows, now.date())
                           if "follow_ups" in annexes else []),
            "key_facts": ([items.key_fact_item(f) for f in rows.key_facts]
                          if "key_facts" in annexes else []),
        },
    }
    pack["persons_named"] = brief.persons_named(pack)
    pack["cases_held"] = [c["id"] for c in pack["annexes"]["cases"]]
    return pack


def _cover(meeting: Meeting, issued_by, now: datetime) -> dict:
    return {
        "title": meeting.title,
        "event": meeting.event.title if meeting.event else "",
        "date": items.day(meeting.starts_at),
        "iso_date": meeting.starts_at.date().isoformat(),
        "time": (clock(meeting.starts_at, meeting.time_zone)
                 if meeting.starts_at and meeting.time_known else ""),
        "place": meeting.place or "",
        "format": meeting.format.label if meeting.format else "",
        "status": meeting.status.label,
        "audience": "Internal",
        "generated_at": items.moment(now),
        "issued_by": items.issuer_name(issued_by),
        "our_team": [u.name for u in meeting.our_attendees],
    }
