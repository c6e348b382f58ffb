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
RECOMMENDATION_FIELDS = ("id", "title", "text", "addressee", "priority", "status")
ASK_FIELDS = ("id", "title", "point", "addressee", "status")
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


def _frame(internal: dict, cover_fields, named: set[int], held: set[int]) -> dict:
    """What every external pack holds: marking and cover."""
    return {
        "schema": internal["schema"],
        "kind": internal["kind"],
        "audience": "external",
        "marking": EXTERNAL_MARKING,
        "cover": _cover(internal["cover"], cover_fields),
        "persons_named": sorted(named),
        "cases_held": sorted(held),
    }


def external_meeting_pack(pack: dict) -> dict:
    """The external version of an internal meeting pack: the meeting, the asks, the names and
    posts of those across the table who may be named, and the annexes that may be shared."""
    named: set[int] = set()
    held: set[int] = set()
    across = []
    for person in pack["across"]:
        if not person["restricted"]:
            across.append({"name": person["name"], "post": person["post"]})
            named.add(person["person_id"])
    annexes = pack["annexes"]
    result = _frame(pack, COVER_FIELDS, named, held)
    result.update({
        "mode": "brief",
        "asks": {use: [_copy(a, ASK_FIELDS) for a in pack["asks"][use]] for use in ("ask", "raise")}
        | {"counterpart": pack["asks"]["counterpart"]},
        "across": across,
        "annexes": {
            "background": [{"theme": b["theme"], "concerns": list(b["concerns"]),
                            "positives": list(b["positives"])} for b in annexes["background"]],
            "recommendations": [_recommendation(r) for r in annexes["recommendations"]],
            "cases": _cases(annexes["cases"], named, held),
            "key_facts": [_copy(f, KEY_FACT_FIELDS) for f in annexes["key_facts"]],
        },
    })
    result["persons_named"], result["cases_held"] = sorted(named), sorted(held)
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
    result = _frame(brief, EVENT_COVER_FIELDS, named, held)
    result.update({"asks": [_copy(a, ASK_FIELDS) for a in brief["asks"]],
                   "themes": themes,
                   "key_facts": [_copy(f, KEY_FACT_FIELDS) for f in brief["key_facts"]]})
    result["persons_named"], result["cases_held"] = sorted(named), sorted(held)
    return result
