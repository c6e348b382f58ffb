"""The audit log for admins: filtered, paginated, newest first, and its CSV export."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request, url_for

from app.admin.forms import AuditFilters
from app.extensions import db
from app.models import AuditEvent
from app.record_views.forms import options
from app.record_views.pages import list_page
from app.security.audit import record
from app.security.fresh import fresh_login_required
from app.services.data_protection.audit_log import (
    EXPORT_LIMIT,
    audit_csv,
    audit_events,
    describe_changes,
    known_actions,
    known_entity_types,
    with_merged_persons,
)
from app.services.sorting import Sorting

bp = Blueprint("audit", __name__, url_prefix="/audit")

#: The log's sortable columns, newest first unless the address says otherwise; read page after
#: page from where the last one stopped.
AUDIT_SORTS = Sorting({"when": (AuditEvent.at,), "action": (AuditEvent.action,)},
                      default="when", descending=True, tiebreak=AuditEvent.id,
                      by_keyset=frozenset({"when", "action"}))


def _filters() -> AuditFilters:
    filters = AuditFilters(formdata=request.args)
    filters.action.choices = options(((a, a) for a in known_actions(db.session())), "Any action")
    filters.entity_type.choices = options(
        ((t, t) for t in known_entity_types(db.session())), "Any record type")
    return filters.read()


@bp.get("/")
def index():
    """Audit events matching the filters, 50 a page, newest first."""
    filters = _filters()
    wanted = with_merged_persons(db.session, filters.wanted())
    page = list_page(audit_events(wanted), sorting=AUDIT_SORTS)
    query = {k: v for k, v in request.args.items()
             if k not in ("page", "cursor", "sort", "dir", "user") and not k.endswith("-text")
             and v}
    if filters.value("user"):  # also when typed as a name and found
        query["user"] = filters.value("user")
    return render_template("admin/audit.html", filters=filters, page=page,
                           describe=describe_changes, export_limit=EXPORT_LIMIT,
                           merged_ids=wanted.merged_ids,
                           export_url=url_for(".export", **query))


@bp.get("/export.csv")
@fresh_login_required
def export():
    """The filtered events as CSV (the newest 10,000 at most), itself audited; fresh login."""
    filters = _filters()
    wanted = with_merged_persons(db.session, filters.wanted())
    body, count, cut = audit_csv(db.session, audit_events(wanted))
    record(db.session, "audit_exported", changes={
        **{k: v for k, v in vars(wanted).items() if v not in (None, ())},
        "count": count, "truncated": cut})
    db.session.commit()
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="parley-audit-log.csv"'
    return response
