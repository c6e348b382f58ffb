"""The pack page's form and the choices it offers (pack tests, web and service)."""

from __future__ import annotations

from app.extensions import db
from app.services.packs.build import meeting_pack_candidates


def candidate_ids(app, meeting_id):
    """What the pack page offers for ``meeting_id``, read outside any request."""
    with app.app_context():
        return meeting_pack_candidates(db.session, meeting_id)


def form_for(candidates, **overrides):
    """The pack form as the page posts it by default."""
    data = {"audience": "internal", "format": "pdf"}
    for kind, prefix in (("themes", "theme"), ("recommendations", "rec"), ("cases", "case")):
        for n, item in enumerate(candidates[kind], start=1):
            data[f"{prefix}-{item['id']}"] = "on"
            data[f"{prefix}-{item['id']}-position"] = str(n)
            if prefix == "rec":
                data[f"rec-{item['id']}-point"] = item["text"]
    for kind, prefix in (("annexes", "annex"), ("findings", "finding")):
        for item in candidates[kind]:
            if item["proposed"]:
                data[f"{prefix}-{item['id']}"] = "on"
    data.update(overrides)
    return data


def everything_offered(meeting_id) -> dict:
    """Choices ticking every recommendation and case the pack page offers (by default only
    the first few are ticked)."""
    candidates = meeting_pack_candidates(db.session, meeting_id)
    return {kind: [item["id"] for item in candidates[kind]]
            for kind in ("recommendations", "cases")}
