"""The rows of the meeting log: a new person typed on the page, an item raised with its
response, and a follow-up with who committed and by when; each turns itself into the plain
row the meeting log service saves (:mod:`app.services.meetings.log`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TimeField,
)

# SelectChoice (WTForms 3.2) is missing from the types-WTForms stubs.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import Length, Optional

from app.lookup.fields import LookupField
from app.lookup.widgets import SuggestInput
from app.models import Stance
from app.record_views.forms import DayField, blank_as_none, text_field
from app.security.cleaning import CleanSubForm

if TYPE_CHECKING:
    from app.services.people.names import PossibleDuplicate

# A field's ``errors`` is a list once the form validated, where the WTForms stubs say
# Sequence: the appends below are marked ``type: ignore[attr-defined]`` for that.


def as_choices(pairs) -> list[SelectChoice]:
    """``(value, label)`` pairs as WTForms select choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def _int_or_none(value):
    """An id from a hidden field or a filter; anything but digits counts as none."""
    if isinstance(value, int):
        return value
    return int(value) if isinstance(value, str) and value.isdigit() else None


class ClockField(TimeField):
    """A time of day; anything else gets a plain message (the field itself may be empty)."""

    def process_formdata(self, valuelist):
        """Parse HH:MM, explaining what went wrong."""
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError("Enter a time as HH:MM, e.g. 14:00.") from None


def names_hidden(row, relation: str) -> bool:
    """True when ``row`` points at a record the visibility rule hides from this user."""
    return getattr(row, f"{relation}_id") is not None and getattr(row, relation) is None


class NewPersonForm(CleanSubForm):
    """A stakeholder met for the first time: created with the meeting."""

    full_name = text_field("Name", 300)
    organisation = StringField("Organisation", validators=[Optional(), Length(max=300)],
                               filters=[blank_as_none],
                               widget=SuggestInput("organisations"))
    role = text_field("Post or role", 300)
    create_anyway = BooleanField("Create anyway: this is a different person")
    #: Existing persons with a close name, set by the view; shown as a warning.
    duplicates: Sequence[PossibleDuplicate] = ()

    def is_blank(self) -> bool:
        """True when nothing was entered in the row."""
        return not (self.full_name.data or self.organisation.data or self.role.data)

    def validate(self, extra_validators=None) -> bool:
        """A row with an organisation or role needs a name."""
        valid = super().validate(extra_validators)
        if not self.is_blank() and not self.full_name.data:
            self.full_name.errors.append(  # type: ignore[attr-defined]
                "Enter the new person's name, or clear this row.")
            valid = False
        return valid


class RaisingForm(CleanSubForm):
    """One row of "what was raised": a recommendation, case or theme, and the response."""

    raising_id = HiddenField(filters=[_int_or_none])
    subject = LookupField("What was raised", kinds="recommendations,cases,themes", noun="item")
    with_whom = SelectField("With whom", validate_choice=True)
    talking_point = text_field("Talking point used", area=True)
    response = text_field("Their response", area=True)
    stance = RadioField("Stance", choices=as_choices([("", "Not recorded")]
                                                 + [(s.value, s.label) for s in Stance]),
                        default="",
                        validators=[Optional()])
    our_reply = text_field("Our reply next time", area=True)
    remove = BooleanField("Remove this item")

    def is_blank(self) -> bool:
        """True for an untouched new row."""
        return not (self.raising_id.data or self.subject.data or self.subject.text
                    or self.with_whom.data
                    or self.talking_point.data or self.response.data or self.stance.data
                    or self.our_reply.data)

    def validate(self, extra_validators=None) -> bool:
        """A row that says anything must say what was raised."""
        valid = super().validate(extra_validators)
        if not self.is_blank() and not self.remove.data and not self.subject.data:
            self.subject.errors.append(  # type: ignore[attr-defined]
                "Choose the recommendation, case or theme that was raised, or clear this row.")
            valid = False
        return valid


class FollowUpForm(CleanSubForm):
    """One row of follow-ups: what, who (one of us or one of them), by when."""

    follow_up_id = HiddenField(filters=[_int_or_none])
    description = text_field("What was committed", area=True)
    owner = LookupField("Who", kinds="users,persons", noun="person")
    due_on = DayField("Due date")
    link = LookupField("About (optional)", kinds="recommendations,cases", noun="item")
    remove = BooleanField("Remove this follow-up")
    #: The owner a new row starts with (``u<id>``: the officer logging), set by the form;
    #: a row holding only that owner is still blank.
    default_owner: str | None = None

    def is_blank(self) -> bool:
        """True for an untouched new row (the owner it started with does not count)."""
        owner = (self.owner.data or self.owner.text) and self.owner.data != self.default_owner
        return not (self.follow_up_id.data or self.description.data or owner
                    or self.due_on.data or self.link.data or self.link.text
                    or any(self.due_on.raw_data or []))

    def validate(self, extra_validators=None) -> bool:
        """A follow-up needs what and who."""
        valid = super().validate(extra_validators)
        if self.is_blank() or self.remove.data:
            return valid
        if not self.description.data:
            self.description.errors.append(  # type: ignore[attr-defined]
                "Say what was committed, or clear this row.")
            valid = False
        if not self.owner.data:
            self.owner.errors.append(  # type: ignore[attr-defined]
                "Choose who committed: one of us or one of them.")
            valid = False
        return valid

    def is_past_due(self, today: date | None = None) -> bool:
        """True when the entered due date is already past (allowed, but flagged)."""
        return bool(self.due_on.data and not self.errors
                    and self.due_on.data < (today or date.today()))
