"""Forms for recommendations and their status changes."""

from __future__ import annotations

from datetime import date

from wtforms import IntegerField, SelectField, SubmitField
from wtforms.validators import InputRequired, NumberRange, ValidationError

from app.lookup.fields import LookupField, LookupMultipleField
from app.models import ImplementationStatus
from app.models.parties import party_of
from app.record_views.forms import (
    DayField,
    ListFilters,
    RecordForm,
    VersionedForm,
    coerce_enum,
    enum_choices,
    enum_field,
    optional_text,
    text_field,
)


class RecommendationForm(RecordForm):
    """Create or edit a recommendation (its status changes on its own form, with evidence)."""

    RECORD_FIELDS = ("short_title", "text", "addressee", "source_id", "source_state", "priority")

    short_title = text_field("Short title", 200,
                             description="A handle for tables and packs, e.g. “Repeal art. 274”.")
    text = text_field("Recommendation", required=True, area=True)
    addressee = text_field("Addressee", 200, required=True,
                           description="Whom we ask, e.g. Kazakhstani authorities, the EU.")
    source_id = LookupField("Source", kinds="sources")
    source_state = text_field("Recommending state", 200,
                              description="For a UPR recommendation: the state that made it.")
    priority = IntegerField("Priority (1 highest, 5 lowest)", default=3, validators=[
        InputRequired(message="Give a priority from 1 to 5."),
        NumberRange(min=1, max=5, message="Give a priority from 1 to 5.")])
    themes = LookupMultipleField("Themes", kinds="themes")
    submit = SubmitField("Save recommendation")

    def read_addressee(self) -> None:
        """Say under the addressee how it is read (as it stands, or as just typed), so the
        officer sees which meetings it will be an ask for."""
        typed = (self.addressee.data or "").strip()
        if typed:
            self.addressee.description = (f"{self.addressee.description} Read as: "
                                          f"{party_of(typed).label}.")


class StatusChangeForm(VersionedForm):
    """A dated change of implementation status, with its evidence."""

    to_status = enum_field("New status", ImplementationStatus)
    changed_on = DayField("Date of the change", required=True, default=date.today)
    evidence = text_field("Evidence", area=True,
                          description="What shows the change: a law, a decision, a report.")
    submit = SubmitField("Record status change")

    def validate_changed_on(self, field) -> None:
        """A change cannot be dated in the future."""
        if field.data and field.data > date.today():
            raise ValidationError("The date of the change cannot be in the future.")


class RecommendationFilters(ListFilters):
    """Search the text; filter by theme, addressee and status."""

    theme = LookupField("Theme", kinds="themes")
    addressee = SelectField("Addressee", choices=[], coerce=optional_text)
    status = SelectField("Status", choices=enum_choices(ImplementationStatus, blank="Any status"),
                         coerce=coerce_enum(ImplementationStatus))
