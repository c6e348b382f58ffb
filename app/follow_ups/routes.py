"""Follow-ups: review what is due (overdue first) in one scope, Mine or Team, and close,
reschedule or reopen one, from its row of the list (one click) or from its own page (with a
note). Every change returns to the page it was asked from."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from app.extensions import db
from app.follow_ups.forms import BUTTONS, DONE_MESSAGES, FORMS, FilterForm, OneClickForm
from app.models import Direction, FollowUp
from app.record_views.pages import list_page
from app.record_views.saving import STALE_MESSAGE, STALE_STATUS, posted_version, save_once
from app.routing import safe_next
from app.security.record_loading import get_or_404
from app.services.editing import is_current
from app.services.follow_ups import changes
from app.services.follow_ups import lists as service
from app.services.follow_ups.changes import Change, FollowUpAction
from app.services.follow_ups.lists import Scope
from app.templating import format_date

bp = Blueprint("follow_ups", __name__, url_prefix="/follow-ups")

STALE_NOW = "It is now {status}{due}. Check it and try again."
#: Session key: the list page a change returns to. Its sections' page numbers are then read
#: as "at most the last page" (closing the only row of a last page leaves no such page),
#: where any other request for a page past the last one answers 404.
RETURN_KEY = "follow_ups_return"

_NOT_NOW = {
    (FollowUpAction.DONE, Direction.THEIRS):
        "A stakeholder's promise is marked kept or broken, not done.",
    (FollowUpAction.KEPT, Direction.OURS): "Only a stakeholder's promise can be marked kept.",
    (FollowUpAction.BROKEN, Direction.OURS): "Only a stakeholder's promise can be marked broken.",
}


def _filter_form() -> tuple[FilterForm, Scope, dict]:
    """The filters in the address: the form, the scope, and the other filters."""
    form = FilterForm(formdata=request.args)
    form.validate()
    if form.direction.errors:  # an unknown value in the address: drop that filter
        form.direction.data, form.direction.errors = form.direction.default, []
    scope = Scope.from_address(form.scope.data)
    form.scope.data = scope.value
    # A name typed into a lookup filter that matches none or several is said beside it.
    other = {"event_id": form.event.data, "person_id": form.person.data,
             "owner_user_id": form.owner.data,
             "direction": Direction(form.direction.data) if form.direction.data else None}
    return form, scope, other


#: The filters of the address kept when the scope changes (the pages are not: they differ).
_KEPT_FILTERS = ("event", "event-text", "person", "person-text", "owner", "owner-text",
                 "direction")


def _scope_url(endpoint: str, scope: Scope) -> str:
    """This page in ``scope``, with its other filters and on the first page of each list."""
    kept: dict[str, Any] = {key: values for key, values in request.args.lists()
                            if key in _KEPT_FILTERS}
    return url_for(endpoint, **kept, scope=scope.value)


@bp.get("/")
def index():
    """The follow-ups to review in one scope: overdue first (oldest first), this week, later,
    no date, then the closed ones; each section paginated on its own, with its total."""
    form, scope, other = _filter_form()
    returning = RETURN_KEY in session and session.pop(RETURN_KEY) == request.full_path.rstrip("?")
    today = date.today()
    filters = service.filters_for(scope, current_user.id, **other)
    counts = service.review_counts(db.session, filters, today)
    in_scopes = service.scope_counts(db.session, current_user.id,
                                     service.FollowUpFilters(**other), today,
                                     known={scope: counts.open})
    sections = [(section, list_page(section.statement, sorting=section.sorting, name=section.name,
                                    per_page=service.SECTION_PER_PAGE,
                                    total=counts.sections[section.name],
                                    past_end_is_last=returning))
                for section in service.review_sections(filters, today)]
    service.load_for_review(db.session, [f for _, page in sections for f in page.items])
    return render_template(
        "follow_ups/index.html", form=form, sections=sections, today=today, scope=scope,
        scopes=[(s, in_scopes[s].open, _scope_url("follow_ups.index", s)) for s in Scope],
        open_count=sum(page.total for section, page in sections if section.is_open),
        promises=counts.promises, last_change=service.last_change,
        row_actions=changes.row_actions if current_user.can_write else None, buttons=BUTTONS,
        here=request.full_path.rstrip("?"),
    )


def _forms_for(follow_up: FollowUp, submitted=None) -> dict:
    """The change forms (with a note) that apply to this follow-up now, keyed by action."""
    forms = {}
    for action in changes.allowed_actions(follow_up):
        if action not in FORMS:
            continue
        if submitted is not None and submitted[0] == action:
            forms[action] = submitted[1]
        else:
            forms[action] = FORMS[action](prefix=action.value, formdata=None,
                                          data={"version": follow_up.version})
    return forms


def _render_detail(follow_up: FollowUp, submitted=None, status: int = 200):
    return render_template(
        "follow_ups/detail.html", follow_up=follow_up, forms=_forms_for(follow_up, submitted),
        one_click=[a for a in changes.allowed_actions(follow_up) if a not in FORMS],
        buttons=BUTTONS, action_labels=changes.ACTION_LABELS,
        next_url=safe_next(request.values.get("next")),
    ), status


@bp.get("/<int:follow_up_id>")
def detail(follow_up_id: int):
    """One follow-up, what can be done with it, and its history."""
    return _render_detail(get_or_404(FollowUp, follow_up_id))


def _stale_message(follow_up: FollowUp) -> str:
    due = f", due {follow_up.due_on:%d %b %Y}" if follow_up.due_on else ""
    return f"{STALE_MESSAGE} " + STALE_NOW.format(status=follow_up.status_label.lower(), due=due)


def _refuse_stale(follow_up: FollowUp):
    flash(_stale_message(follow_up), "error")
    return _render_detail(follow_up, None, STALE_STATUS)


def _not_now(follow_up: FollowUp, action: FollowUpAction) -> str:
    return _NOT_NOW.get((action, follow_up.direction), "This change does not apply to the "
                        f"follow-up as it is now ({follow_up.status_label.lower()}).")


def _action(name: str, offered) -> FollowUpAction:
    """The action named in the address, when this kind of form offers it; else 404."""
    try:
        action = FollowUpAction(name)
    except ValueError:
        abort(404)
    if action not in offered:
        abort(404)
    return action


def _done_message(follow_up: FollowUp, action: FollowUpAction) -> str:
    moved = action in (FollowUpAction.RESCHEDULE, FollowUpAction.WEEK_LATER)
    due = f", now due {format_date(follow_up.due_on)}" if moved and follow_up.due_on else ""
    return f"{DONE_MESSAGES[action]}: {follow_up.description}{due}"


def _return_to(back: str):
    """Go back to the page a change was asked from, after the change was made."""
    session[RETURN_KEY] = back.split("#", 1)[0]
    return redirect(back)


@bp.post("/<int:follow_up_id>/<action>")
def change(follow_up_id: int, action: str):
    """Apply one status change asked on the follow-up's page (done, kept, broken, drop,
    reschedule, reopen), then return to the page the officer came from (``next``)."""
    action_ = _action(action, FORMS)
    follow_up = get_or_404(FollowUp, follow_up_id)
    form = FORMS[action_](prefix=action_.value)
    if action_ not in changes.allowed_actions(follow_up):
        if not is_current(follow_up, form.version.data):  # it changed under the officer
            return _refuse_stale(follow_up)
        flash(_not_now(follow_up, action_), "error")
        return _render_detail(follow_up, None, 400)
    if not form.validate():
        return _render_detail(follow_up, (action_, form), 400)
    asked = Change(action_, note=form.note.data,
                   due_on=form.due_on.data if action_ is FollowUpAction.RESCHEDULE else None)
    try:
        outcome = save_once(follow_up, form.version.data, lambda: changes.apply_change(
            db.session(), follow_up, asked, current_user.id), ())
    except changes.FollowUpRuleError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return _render_detail(get_or_404(FollowUp, follow_up_id), None, 400)
    if outcome.is_stale:
        return _refuse_stale(get_or_404(FollowUp, follow_up_id))
    flash(_done_message(follow_up, action_), "success")
    back = safe_next(request.values.get("next"))
    if back:
        return _return_to(back)
    if action_ in (FollowUpAction.RESCHEDULE, FollowUpAction.REOPEN):
        return redirect(url_for("follow_ups.detail", follow_up_id=follow_up.id))
    return redirect(url_for("follow_ups.index"))


@bp.post("/<int:follow_up_id>/one-click/<action>")
def one_click(follow_up_id: int, action: str):
    """Apply a change of one button (done, kept, broken, +1 week) from a row of the list or
    the follow-up's page, then return to that page exactly as it was (``next``: scope,
    filters, page); what happened, or why nothing did, is said at its top."""
    action_ = _action(action, BUTTONS)
    follow_up = get_or_404(FollowUp, follow_up_id)
    form = OneClickForm()
    back = safe_next(form.next.data) or url_for("follow_ups.index")
    version = posted_version(form.version.data, follow_up)
    if action_ not in changes.allowed_actions(follow_up):
        flash(_not_now(follow_up, action_) if is_current(follow_up, version)
              else _stale_message(follow_up), "error")
        return redirect(back)
    try:
        outcome = save_once(follow_up, version, lambda: changes.apply_change(
            db.session(), follow_up, Change(action_), current_user.id), ())
    except changes.FollowUpRuleError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(back)
    if outcome.is_stale:
        flash(_stale_message(follow_up), "error")
    else:
        flash(_done_message(follow_up, action_), "success")
        return _return_to(back)
    return redirect(back)
