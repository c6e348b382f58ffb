"""The page a record's name links to, when the kind of record is only known as data.

The audit log names its records by model ("Person", "Case") and a search hit by what it opens;
both link through :func:`record_url`, so a template never guesses an endpoint from data.
``tests/test_endpoints.py`` checks that every endpoint named here exists.
"""

from __future__ import annotations

from typing import Any

from flask import url_for

#: Each kind of record with a page, by model name (as the audit log writes it):
#: ``(endpoint, name of the id argument)``.
RECORD_PAGES: dict[str, tuple[str, str]] = {
    "Person": ("persons.detail", "person_id"),
    "Organisation": ("organisations.detail", "organisation_id"),
    "DialogueEvent": ("events.detail", "event_id"),
    "Meeting": ("meetings.detail", "meeting_id"),
    "FollowUp": ("follow_ups.detail", "follow_up_id"),
    "Recommendation": ("recommendations.detail", "recommendation_id"),
    "Case": ("cases.detail", "case_id"),
    "Source": ("sources.detail", "source_id"),
    "Theme": ("themes.detail", "theme_id"),
}


def record_url(record_type: str | None, record_id: int | None) -> str | None:
    """The address of a record's page; None when the kind of record has no page or no id."""
    page = RECORD_PAGES.get(record_type or "")
    if page is None or record_id is None:
        return None
    endpoint, id_arg = page
    arguments: dict[str, Any] = {id_arg: record_id}  # url_for takes values of any type
    return url_for(endpoint, **arguments)
