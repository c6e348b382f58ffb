"""Follow-ups: review what is due (overdue first), and close, reschedule or reopen one."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.auth.routes import safe_next
from app.extensions import db
from app.follow_ups.forms import ACTIONS, FilterForm
from app.models import Direction, FollowUp, FollowUpStatus
from app.records.pages import list_page
from app.records.saving import STALE_MESSAGE, STALE_STATUS, save_once
from app.security.records import get_or_404
from app.services import follow_ups as service
from app.services.records import is_current

bp = Blueprint("follow_ups", __name__, url_prefix="/follow-ups")

STALE_NOW = "It is now {status}{due}. Check it and try again."


_NOT_NOW = {
    ("done", Direction.THEIRS): "A stakeholder's promise is marked kept or broken, not done.",
    ("kept", Direction.OURS): "Only a stakeholder's promise can be marked kept.",
    ("broken", Direction.OURS): "Only a stakeholder's promise can be marked broken.",
}


def _filter_form() -> tuple[FilterForm, service.FollowUpFilters]:
    form = FilterForm(formdata=request.args)
    form.validate()
    for name in ("direction", "scope"):
        if getattr(form, name).errors:  # an unknown value in the address: drop that filter
            getattr(form, name).data = getattr(form, name).default
            getattr(form, name).errors = []
    # A name typed into a lookup filter that matches none or several is said beside it.
    filters = service.FollowUpFilters(
        user_id=current_user.id if form.scope.data != "all" else None,
        event_id=form.event.data, person_id=form.person.data, owner_user_id=form.owner.data,
        direction=Direction(form.direction.data) if form.direction.data else None,
    )
    return form, filters


@bp.get("/")
def index():
    """The follow-ups to review: overdue first (oldest first), this week, later, no date, then
    the closed ones; each section paginated on its own, with its total."""
    form, filters = _filter_form()
    today = date.today()
    counts = service.review_counts(db.session, filters, today)
    sections = [(section, list_page(section.statement, keyset=section.keyset, name=section.name,
                                    per_page=service.SECTION_PER_PAGE,
                                    total=counts.sections[section.name]))
                for section in service.review_sections(filters, today)]
    service.load_for_review(db.session, [f for _, page in sections for f in page.items])
    return render_template(
        "follow_ups/index.html", form=form, sections=sections, today=today,
        open_count=sum(page.total for section, page in sections if section.is_open),
        promises=counts.promises, last_change=service.last_change,
    )


def _actions_for(follow_up: FollowUp) -> list[str]:
    """The changes this follow-up allows now."""
    if follow_up.status is not FollowUpStatus.OPEN:
        return ["reopen"]
    if follow_up.direction is Direction.THEIRS:
        return ["kept", "broken", "reschedule", "drop"]
    return ["done", "reschedule", "drop"]


def _forms_for(follow_up: FollowUp, submitted=None) -> dict:
    """The change forms that apply to this follow-up now, keyed by action."""
    forms = {}
    for name in _actions_for(follow_up):
        if submitted is not None and submitted[0] == name:
            forms[name] = submitted[1]
        else:
            forms[name] = ACTIONS[name][0](prefix=name, formdata=None,
                                           data={"version": follow_up.version})
    return forms


def _render_detail(follow_up: FollowUp, submitted=None, status: int = 200):
    return render_template(
        "follow_ups/detail.html", follow_up=follow_up, forms=_forms_for(follow_up, submitted),
        action_labels=service.ACTION_LABELS, next_url=safe_next(request.values.get("next")),
    ), status


@bp.get("/<int:follow_up_id>")
def detail(follow_up_id: int):
    """One follow-up, what can be done with it, and its history."""
    return _render_detail(get_or_404(FollowUp, follow_up_id))



def _refuse_stale(follow_up: FollowUp):
    due = f", due {follow_up.due_on:%d %b %Y}" if follow_up.due_on else ""
    flash(f"{STALE_MESSAGE} "
          + STALE_NOW.format(status=follow_up.status_label.lower(), due=due), "error")
    return _render_detail(follow_up, None, STALE_STATUS)

@bp.post("/<int:follow_up_id>/<action>")
def change(follow_up_id: int, action: str):
    """Apply one status change (done, kept, broken, drop, reschedule, reopen)."""
    if action not in ACTIONS:
        abort(404)
    form_class, function_name, message = ACTIONS[action]
    follow_up = get_or_404(FollowUp, follow_up_id)
    form = form_class(prefix=action)
    if action not in _actions_for(follow_up):
        if not is_current(follow_up, form.version.data):  # it changed under the officer
            return _refuse_stale(follow_up)
        flash(_NOT_NOW.get((action, follow_up.direction), "This change does not apply to the "
              f"follow-up as it is now ({follow_up.status_label.lower()})."), "error")
        return _render_detail(follow_up, None, 400)
    if not form.validate():
        return _render_detail(follow_up, (action, form), 400)
    function = getattr(service, function_name)
    due_on = (form.due_on.data,) if action == "reschedule" else ()
    try:
        outcome = save_once(follow_up, form.version.data, lambda: function(
            db.session, follow_up, *due_on, form.note.data, current_user.id), ())
    except service.FollowUpRuleError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return _render_detail(get_or_404(FollowUp, follow_up_id), None, 400)
    if outcome.is_stale:
        return _refuse_stale(get_or_404(FollowUp, follow_up_id))
    flash(f"{message}: {follow_up.description}", "success")
    if action in ("reschedule", "reopen"):
        return redirect(url_for("follow_ups.detail", follow_up_id=follow_up.id,
                                next=safe_next(request.values.get("next"))))
    return redirect(safe_next(request.values.get("next")) or url_for("follow_ups.index"))
