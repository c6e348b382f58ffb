"""The long forms that keep drafts, found by their address.

A draft is keyed by the path its form posts to (``/meetings/new``, ``/persons/12/edit``). Only
the endpoints listed here keep drafts or have a save held over a new sign-in; an address naming
a record answers 404 when the record is missing or hidden from the user (the visibility rule),
so a draft never outlives its author's right to see the record it edits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from flask import abort, current_app, request
from werkzeug.exceptions import HTTPException

from app.security.record_loading import get_or_404
from app.services.drafts import MAX_PATH


@dataclass(frozen=True)
class DraftForm:
    """A form that keeps drafts: how to build it from posted fields, and the record it edits."""

    #: Builds the form from a MultiDict of fields (to read its lookup fields back).
    make: Callable
    #: The model of the record the address names, and the URL argument holding its id.
    model: type | None = None
    id_arg: str | None = None


@cache
def draft_forms() -> dict[str, DraftForm]:
    """Every endpoint whose form keeps drafts."""
    from app.cases.forms import CaseForm
    from app.events.forms import EventForm
    from app.meetings.forms import MeetingLogForm
    from app.models import (
        Case,
        DialogueEvent,
        Meeting,
        Organisation,
        Person,
        Recommendation,
        Source,
    )
    from app.organisations.forms import OrganisationForm
    from app.persons.forms import NewPersonForm, PersonForm
    from app.recommendations.forms import RecommendationForm
    from app.sources.forms import SourceForm

    def pair(area: str, form, model, id_arg: str) -> dict[str, DraftForm]:
        return {f"{area}.new": DraftForm(form), f"{area}.edit": DraftForm(form, model, id_arg)}

    forms = {"persons.new": DraftForm(NewPersonForm),
             "persons.edit": DraftForm(PersonForm, Person, "person_id")}
    forms |= pair("meetings", MeetingLogForm, Meeting, "meeting_id")
    forms |= pair("organisations", OrganisationForm, Organisation, "organisation_id")
    forms |= pair("cases", CaseForm, Case, "case_id")
    forms |= pair("recommendations", RecommendationForm, Recommendation, "recommendation_id")
    forms |= pair("events", EventForm, DialogueEvent, "event_id")
    forms |= pair("sources", SourceForm, Source, "source_id")
    return forms


def keeps_drafts(endpoint: str | None) -> bool:
    """True when the form of ``endpoint`` keeps drafts."""
    return endpoint in draft_forms()


def form_at(address: object) -> tuple[DraftForm, str]:
    """The draft-keeping form posting to ``address`` (a path as the browser shows it) and its
    path inside Parley (the draft's key), its record checked visible; else 404."""
    if not isinstance(address, str) or len(address) > MAX_PATH:
        abort(404)
    root = request.script_root
    path = address[len(root):] if root and address.startswith(root + "/") else address
    if not path.startswith("/"):
        abort(404)
    try:
        endpoint, arguments = current_app.url_map.bind("localhost").match(path, method="POST")
    except HTTPException:
        abort(404)
    entry = draft_forms().get(endpoint)
    if entry is None:
        abort(404)
    if entry.model is not None:
        if entry.id_arg is None:
            raise LookupError(f"the draft form at {path} names a record but not its id")
        get_or_404(entry.model, arguments[entry.id_arg])
    return entry, path
