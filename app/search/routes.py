"""One search box over persons, organisations, meetings, recommendations, findings and cases."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from app.extensions import db
from app.record_views.pages import list_page
from app.security.cleaning import clean_text
from app.services.search import KINDS, search

bp = Blueprint("search", __name__, url_prefix="/search")

#: Longest query accepted (longer input is cut).
MAX_QUERY = 200
#: Results on one page of a single kind.
PER_PAGE = 20


@bp.route("/")
def index():
    """Results grouped by kind, best first, matching words highlighted; hidden records never
    appear. ``?kind=meetings`` shows one kind's results page by page."""
    query = clean_text(request.args.get("q") or "")[:MAX_QUERY]
    kind = request.args.get("kind") or None
    if kind is not None and kind not in dict(KINDS):
        abort(404)
    results = search(db.session, query, kind=kind) if query else None
    page = hits = None
    if results is not None and kind is not None and results.groups:
        group = results.groups[0]
        page = list_page(group.records, per_page=PER_PAGE)
        hits = [results.hit(kind, record) for record in page.items]
    return render_template("search/index.html", query=query, results=results, kind=kind,
                           page=page, hits=hits)
