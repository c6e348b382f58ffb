"""What the leak sweep (tests/security/test_leak_sweep.py) fetches: the GET rules it skips, with
why, and the kind of planted record that fills each URL parameter."""

from __future__ import annotations

#: GET routes the sweep does not fetch, each with the reason.
SKIPPED_RULES = {
    "static": "Parley's own CSS, JavaScript and images: files in the repository, no records",
}
#: URL parameter name -> kind of planted record whose ids fill it.
PARAMETER_KINDS = {
    "person_id": "person", "case_id": "case", "meeting_id": "meeting", "event_id": "event",
    "follow_up_id": "follow_up", "pack_id": "pack", "organisation_id": "organisation",
    "affiliation_id": "affiliation", "recommendation_id": "recommendation",
    "source_id": "source", "finding_id": "finding", "theme_id": "theme", "user_id": "user",
    "token": "calendar_token", "kinds": "lookup_kinds", "other_id": "person",
}
