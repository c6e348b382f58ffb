"""Forms for cases and their dated updates."""

from __future__ import annotations

from datetime import date

from wtforms import BooleanField, SelectField, SubmitField
from wtforms.validators import ValidationError

from app.lookup.fields import LookupField, LookupMultipleField
from app.models import CaseStatus, Sensitivity
from app.record_views.forms import (
    DayField,
    ListFilters,
    RecordForm,
    VersionedForm,
    coerce_enum,
    enum_choices,
    enum_field,
    text_field,
)


class CaseForm(RecordForm):
    """Create or edit a case."""

    RECORD_FIELDS = ("title", "person_id", "is_group", "charges", "status", "summary",
                     "sensitivity", "may_be_named", "notes")

    title = text_field("Title", 300, required=True,
                       description="Usually the person's or group's name.")
    person_id = LookupField("Person", kinds="persons",
                            description="The individual at risk, if one; empty for a group.")
    is_group = BooleanField("Group case (a movement or several defendants)")
    charges = text_field("Charges", area=True,
                         description="e.g. Criminal Code art. 274 (spreading false information)")
    status = enum_field("Status", CaseStatus)
    summary = text_field("Summary", area=True)
    sensitivity = enum_field("Sensitivity", Sensitivity,
                             description="Lowering it needs an admin's approval.")
    may_be_named = BooleanField("May be named in external material (packs, statements)")
    themes = LookupMultipleField("Themes", kinds="themes")
    notes = text_field("Internal notes (Markdown)", area=True,
                       description="Never included in external material.")
    submit = SubmitField("Save case")

    def __init__(self, *args, levels=tuple(Sensitivity), **kwargs):
        super().__init__(*args, **kwargs)
        self.sensitivity.choices = enum_choices(levels)


class CaseUpdateForm(VersionedForm):
    """A dated development in a case."""

    happened_on = DayField("Date", required=True, default=date.today)
    text = text_field("What happened", required=True, area=True)
    new_status = enum_field("Status after this", CaseStatus, blank="Unchanged")
    is_internal = BooleanField("Internal only: keep out of external material")
    submit = SubmitField("Add update")

    def validate_happened_on(self, field) -> None:
        """Developments are recorded once they happened."""
        if field.data and field.data > date.today():
            raise ValidationError("The date cannot be in the future.")


class CaseFilters(ListFilters):
    """Search title and charges; filter by status and theme."""

    status = SelectField("Status", choices=enum_choices(CaseStatus, blank="Any status"),
                         coerce=coerce_enum(CaseStatus))
    theme = LookupField("Theme", kinds="themes")
