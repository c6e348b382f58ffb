"""Forms of the follow-ups pages: the filters (GET), one form per status change on a
follow-up's page, and the one-click form of a row of the list (POST)."""

from __future__ import annotations

from wtforms import DateField, HiddenField, SelectField, SubmitField, TextAreaField

# SelectChoice (WTForms 3.2) is missing from the types-WTForms stubs.
from wtforms.fields.choices import SelectChoice as Choice  # type: ignore[attr-defined]
from wtforms.validators import DataRequired, Length, Optional

from app.lookup.fields import LookupField
from app.record_views.forms import within_date_bounds
from app.security.cleaning import CleanForm
from app.services.follow_ups.changes import FollowUpAction

NOTE_LENGTH = Length(max=4000, message="Keep it under 4,000 characters.")


class FilterForm(CleanForm):
    """Narrow the review page; read from the query string, so no CSRF token."""

    class Meta:
        csrf = False

    #: "mine" or "team", chosen by the switch above the form and kept by it
    scope = HiddenField(default="mine")
    event = LookupField("Dialogue event", kinds="events")
    person = LookupField("Stakeholder", kinds="persons")
    owner = LookupField("Owner", kinds="users", everyone=True)
    direction = SelectField("Direction", choices=[Choice("", "Both sides"), Choice("ours", "Ours"),
                                                  Choice("theirs", "Theirs")], default="")


class _ChangeForm(CleanForm):
    """Every change carries the version the officer saw, to refuse stale changes."""

    version = HiddenField()


class DoneForm(_ChangeForm):
    """Mark our follow-up done."""

    note = TextAreaField("Outcome", validators=[
        DataRequired(message="Say what came of it."), NOTE_LENGTH])
    submit = SubmitField("Mark done")


class KeptForm(_ChangeForm):
    """Mark their promise kept."""

    note = TextAreaField("What they did", validators=[Optional(), NOTE_LENGTH])
    submit = SubmitField("Mark kept")


class BrokenForm(_ChangeForm):
    """Mark their promise broken."""

    note = TextAreaField("What happened", validators=[
        DataRequired(message="Say how the promise was broken."), NOTE_LENGTH])
    submit = SubmitField("Mark broken")


class DropForm(_ChangeForm):
    """Drop a follow-up that will not be done."""

    note = TextAreaField("Reason for dropping", validators=[
        DataRequired(message="Give the reason for dropping it."), NOTE_LENGTH])
    submit = SubmitField("Drop")


class RescheduleForm(_ChangeForm):
    """Move the due date."""

    due_on = DateField("New due date", validators=[
        DataRequired(message="Enter the new date as YYYY-MM-DD."), within_date_bounds])
    note = TextAreaField("Reason for the new date", validators=[
        DataRequired(message="Give the reason for the new date."), NOTE_LENGTH])
    submit = SubmitField("Reschedule")


class ReopenForm(_ChangeForm):
    """Open a closed follow-up again."""

    note = TextAreaField("Why reopen", validators=[Optional(), NOTE_LENGTH])
    submit = SubmitField("Reopen")


class OneClickForm(_ChangeForm):
    """A change made by one button (a row of the list, "+1 week"): no note; ``next`` is the
    page to return to."""

    next = HiddenField()


#: The form of each change asked on a follow-up's page, with its note (and date).
FORMS = {
    FollowUpAction.DONE: DoneForm,
    FollowUpAction.KEPT: KeptForm,
    FollowUpAction.BROKEN: BrokenForm,
    FollowUpAction.DROP: DropForm,
    FollowUpAction.RESCHEDULE: RescheduleForm,
    FollowUpAction.REOPEN: ReopenForm,
}

#: What the page says once each change is made.
DONE_MESSAGES = {
    FollowUpAction.DONE: "Marked done",
    FollowUpAction.KEPT: "Marked kept",
    FollowUpAction.BROKEN: "Marked broken",
    FollowUpAction.DROP: "Dropped",
    FollowUpAction.RESCHEDULE: "Rescheduled",
    FollowUpAction.WEEK_LATER: "Moved a week later",
    FollowUpAction.REOPEN: "Reopened",
}

#: The words of each one-click button.
BUTTONS = {
    FollowUpAction.DONE: "Done",
    FollowUpAction.KEPT: "Kept",
    FollowUpAction.BROKEN: "Broken",
    FollowUpAction.WEEK_LATER: "+1 week",
}
