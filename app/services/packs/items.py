"""The pieces every pack is made of, as plain JSON-able dictionaries with ready-to-print text.

Dates are formatted here, once, so that no renderer has anything left to compute.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Row

from app.models import Case, KeyFact, Raising, Recommendation, Sensitivity
from app.templating import format_date, format_datetime

#: Cases in this status lead the list: people in custody first.
CASE_STATUS_ORDER = ("detained", "on_trial", "convicted", "under_investigation", "released",
                     "closed")
INTERNAL_MARKING = "Internal: not for distribution outside the organisation"
EXTERNAL_MARKING = "For external use"


def day(value: date | datetime | None) -> str:
    """A date as printed in packs ("5 Mar 2026"); empty for None."""
    return format_date(value)


def moment(value: datetime | None) -> str:
    """A date and time as printed in packs."""
    return format_datetime(value)


def issuer_name(issued_by) -> str | None:
    """The issuing officer's name from a User, a string or None."""
    if issued_by is None:
        return None
    return getattr(issued_by, "name", None) or str(issued_by)


def raising_item(raising: Raising) -> dict:
    """Where, when and with whom something was raised, and how it was answered."""
    person = raising.person
    return {
        "date": day(raising.meeting.starts_at),
        "meeting": raising.meeting.title,
        "with": person.full_name if person is not None else "the meeting as a whole",
        "person_id": person.id if person is not None else None,
        "talking_point": raising.talking_point or "",
        "response": raising.response or "",
        "stance": raising.stance.label if raising.stance else "",
        "our_reply": raising.our_reply or "",
    }


def recommendation_item(rec: Recommendation, talking_point: str | None,
                        last_raising: Raising | None, raised_with_these: bool | None) -> dict:
    """A recommendation with its status, its talking point and when it was last raised."""
    return {
        "id": rec.id,
        "title": rec.title,
        "text": rec.text,
        "addressee": rec.addressee,
        "priority": rec.priority,
        "status": rec.status.label,
        "talking_point": (talking_point or "").strip() or rec.text,
        "last_raised": raising_item(last_raising) if last_raising is not None else None,
        "never_raised_with_these": raised_with_these is False,
    }


def case_is_restricted(case: Case) -> bool:
    """True when a case may not be named outside the organisation."""
    return not case.may_be_named


def case_item(case: Case, updates: list | None = None) -> dict:
    """A case with its latest update (and its latest update that may be shared).

    ``updates`` are the case's updates to look at (by default all of ``case.updates``): the
    packs pass the one or two latest, read in bulk.
    """
    updates = [u for u in (case.updates if updates is None else updates)
               if u.archived_at is None]
    updates.sort(key=lambda u: (u.happened_on, u.id), reverse=True)
    public = [u for u in updates if not u.is_internal]

    def update(u):
        if u is None:
            return None
        return {"date": day(u.happened_on), "text": u.text, "internal": u.is_internal}

    return {
        "id": case.id,
        "person_id": case.person_id,
        "title": case.title,
        "is_group": case.is_group,
        "status": case.status.label,
        "charges": case.charges or "",
        "summary": case.summary or "",
        "notes": case.notes or "",
        "sensitivity": case.sensitivity.label,
        "may_be_named": bool(case.may_be_named),
        "restricted": case_is_restricted(case) or case.sensitivity is not Sensitivity.NORMAL,
        "latest_update": update(updates[0] if updates else None),
        "latest_public_update": update(public[0] if public else None),
    }


def case_sort_key(case: Case | Row[Any]) -> tuple[int, str, int]:
    """People in custody first, then by title."""
    status = case.status.value
    order = CASE_STATUS_ORDER
    rank = order.index(status) if status in order else len(order)
    return (rank, case.title.lower(), case.id)


def key_fact_item(fact: KeyFact) -> dict:
    """A fact or figure with its date and source."""
    return {
        "label": fact.label,
        "value": fact.value,
        "as_of": day(fact.as_of),
        "source": fact.source.title if fact.source is not None else "",
    }


def ordered(candidates: list, chosen_ids: list[int] | None) -> list:
    """The candidates the officer chose, in the officer's order (all, as they are, by default)."""
    if chosen_ids is None:
        return list(candidates)
    by_id = {c.id: c for c in candidates}
    return [by_id[i] for i in dict.fromkeys(chosen_ids) if i in by_id]


def asks(recommendations: list[dict], limit: int = 5) -> list[dict]:
    """The first ``limit`` recommendations, in the order given, as asks (title and point)."""
    return [{"id": rec["id"], "title": rec["title"], "point": rec["talking_point"],
             "addressee": rec["addressee"], "status": rec["status"]}
            for rec in recommendations[:limit]]


def posts_on(person, on: date) -> list[str]:
    """The person's posts on the day of the meeting (their latest post if none is dated so)."""
    def text(a):
        org = a.organisation
        name = f"{org.name} ({org.acronym})" if org.acronym else org.name
        return f"{a.role}, {name}"

    active = [a for a in person.affiliations if a.archived_at is None
              and (a.start_on is None or a.start_on <= on) and (a.end_on is None or a.end_on >= on)]
    if not active and person.affiliations:
        active = [person.affiliations[0]]
    return [text(a) for a in active]
