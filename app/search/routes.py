"""One search box over persons, organisations, meetings, recommendations, findings and cases."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from app.extensions import db
from app.security.cleaning import clean_text
from app.services.search import search

bp = Blueprint("search", __name__, url_prefix="/search")

#: Longest query accepted (longer input is cut).
MAX_QUERY = 200


@bp.route("/")
def index():
    """Results grouped by kind, matching words highlighted; hidden records never appear."""
    query = clean_text(request.args.get("q") or "")[:MAX_QUERY]
    results = search(db.session, query) if query else None
    return render_template("search/index.html", query=query, results=results)
