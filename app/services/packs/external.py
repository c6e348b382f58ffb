"""External packs, constructed from an allowlist: only the fields named here ever leave.

Nothing is deleted from the internal structure; a new structure is built by copying the
allowed fields of the allowed items. Left out, always: our notes (meeting, person, case),
internal case updates, what we said and were told at earlier meetings (responses, stances,
our replies), past meetings and commitments, our follow-ups, the meeting's purpose and
objective, confidential and at-risk persons, cases not cleared for naming, officers' names
(no "issued by", no team list). Renderers add no metadata of their own beyond what is here.
"""

from __future__ import annotations

from app.services.packs.items import EXTERNAL_MARKING

COVER_FIELDS = ("title", "event", "date", "iso_date", "time", "place", "format", "generated_at")
EVENT_COVER_FIELDS = ("title", "kind", "dates", "iso_date", "place", "counterpart",
                      "generated_at")
RECOMMENDATION_FIELDS = ("title", "text", "addressee", "priority", "status", "talking_point")
CASE_FIELDS = ("title", "is_group", "status", "charges", "summary")
KEY_FACT_FIELDS = ("label", "value", "as_of", "source")


def _copy(source: dict, fields) -> dict:
    return {name: source[name] for name in fields if name in source}


def _cover(cover: dict, fields) -> dict:
    result = _copy(cover, fields)
    result["audience"] = "External"
    return result


def _recommendation(rec: dict) -> dict:
    return _copy(rec, RECOMMENDATION_FIELDS)


def _cases(cases: list[dict], named: set, held: set) -> list[dict]:
    """Only cases cleared for naming, with their latest update that may be shared."""
    result = []
    for case in cases:
        if not case["may_be_named"]:
            continue
        held.add(case["id"])
        item = _copy(case, CASE_FIELDS)
        public = case["latest_public_update"]
        item["latest_update"] = {"date": public["date"], "text": public["text"]} if public else None
        result.append(item)
        if case["person_id"] is not None:
            named.add(case["person_id"])
    return result


def _attendee(attendee: dict) -> dict:
    return {"name": attendee["name"], "posts": list(attendee["posts"])}


def _frame(internal: dict, cover_fields, themes: list[dict], named: set[int],
           held: set[int]) -> dict:
    """What every external pack holds: marking, cover, asks, themes, key facts."""
    return {
        "schema": internal["schema"],
        "kind": internal["kind"],
        "audience": "external",
        "marking": EXTERNAL_MARKING,
        "cover": _cover(internal["cover"], cover_fields),
        "asks": [_copy(a, RECOMMENDATION_FIELDS) for a in internal["asks"]],
        "themes": themes,
        "key_facts": [_copy(f, KEY_FACT_FIELDS) for f in internal["key_facts"]],
        "persons_named": sorted(named),
        "cases_held": sorted(held),
    }


def external_meeting_pack(pack: dict) -> dict:
    """The external version of an internal meeting pack."""
    named: set[int] = set()
    held: set[int] = set()
    attendees = []
    for attendee in pack["attendees"]:
        if not attendee["restricted"]:
            attendees.append(_attendee(attendee))
            named.add(attendee["person_id"])
    themes = []
    for section in pack["themes"]:
        themes.append({
            "name": section["name"],
            "description": section["description"],
            "points": list(section["points"]),
            "positives": list(section["positives"]),
            "concerns": list(section["concerns"]),
            "recommendations": [_recommendation(r) for r in section["recommendations"]],
            "cases": _cases(section["cases"], named, held),
        })
    result = _frame(pack, COVER_FIELDS, themes, named, held)
    result["attendees"] = attendees
    return result


def external_event_brief(brief: dict) -> dict:
    """The external version of an internal event brief."""
    named: set[int] = set()
    held: set[int] = set()
    themes = [
        {"name": section["name"],
         "recommendations": [_recommendation(r) for r in section["recommendations"]],
         "cases": _cases(section["cases"], named, held)}
        for section in brief["themes"]
    ]
    return _frame(brief, EVENT_COVER_FIELDS, themes, named, held)
