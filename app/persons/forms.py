"""Forms for persons and their posts."""

from __future__ import annotations

from wtforms import BooleanField, HiddenField, RadioField, SelectField, SubmitField

# SelectChoice (WTForms 3.2) is missing from the types-WTForms stubs.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import Email, ValidationError

from app.lookup.fields import LookupField
from app.models import Sensitivity
from app.record_views.forms import (
    DayField,
    ListFilters,
    RecordForm,
    coerce_enum,
    end_not_before_start,
    enum_choices,
    enum_field,
    optional_text,
    text_field,
)
from app.security.cleaning import CleanForm
from app.services.people.duplicate_merge import BOTH, KEPT, OTHER, MergePlan
from app.services.people.names import split_spellings

#: At most this many other spellings per person.
MAX_SPELLINGS = 30


class PersonForm(RecordForm):
    """Create or edit a person (stakeholder)."""

    RECORD_FIELDS = ("full_name", "email", "phone", "country", "sensitivity", "lawful_basis",
                     "consent_note", "notes")

    full_name = text_field("Full name", 300, required=True)
    other_spellings = text_field(
        "Other spellings, one per line", area=True,
        description="Transliterations and Cyrillic forms, e.g. Марат Жыланбаев.")
    email = text_field("Email", 254, checks=[Email(message="Not a valid email address.")])
    phone = text_field("Phone", 50)
    country = text_field("Country", 100)
    sensitivity = enum_field(
        "Sensitivity", Sensitivity,
        description="Confidential and at-risk persons are shown only to users cleared for "
                    "them. Lowering it needs an admin's approval.")
    lawful_basis = text_field("Lawful basis", 300,
                              description="Why we may hold this record, e.g. legitimate interest.")
    consent_note = text_field("Consent", 500, description="Consent given or withdrawn, with date.")
    notes = text_field("Internal notes (Markdown)", area=True,
                       description="Never included in external material.")
    submit = SubmitField("Save person")

    def __init__(self, *args, levels=tuple(Sensitivity), **kwargs):
        super().__init__(*args, **kwargs)
        self.sensitivity.choices = enum_choices(levels)

    def validate_other_spellings(self, field) -> None:
        """Each spelling fits the column; not too many."""
        names = split_spellings(field.data)
        if len(names) > MAX_SPELLINGS:
            raise ValidationError(f"Give at most {MAX_SPELLINGS} other spellings.")
        too_long = [n for n in names if len(n) > 300]
        if too_long:
            raise ValidationError("Each spelling must be at most 300 characters.")

    @property
    def spellings(self) -> list[str]:
        """The other spellings entered, cleaned."""
        return split_spellings(self.other_spellings.data)


class NewPersonForm(PersonForm):
    """Adding a person: a likely duplicate must be confirmed."""

    create_anyway = BooleanField("Create anyway: this is a different person")


class AffiliationForm(RecordForm):
    """A post held by a person in an organisation."""

    RECORD_FIELDS = ("organisation_id", "role", "start_on", "end_on")

    organisation_id = LookupField("Organisation", kinds="organisations", required=True)
    role = text_field("Post or role", 300, required=True,
                      description="e.g. Head of Division, Central Asia")
    start_on = DayField("Start date")
    end_on = DayField("End date")
    submit = SubmitField("Save post")

    def validate_end_on(self, field) -> None:
        """An end date cannot come before the start date."""
        end_not_before_start("start_on")(self, field)


class PersonFilters(ListFilters):
    """Search by any spelling; filter by organisation, country and sensitivity."""

    organisation = LookupField("Organisation", kinds="organisations")
    country = SelectField("Country", choices=[], coerce=optional_text)
    sensitivity = SelectField("Sensitivity", choices=[], coerce=coerce_enum(Sensitivity))


class MergeForm(CleanForm):
    """Merging two persons: the versions both were shown at, and a value chosen per field
    that differs (radio fields added by :func:`merge_form`)."""

    kept_version = HiddenField()
    other_version = HiddenField()
    submit = SubmitField("Merge")


def merge_form(plan: MergePlan) -> MergeForm:
    """The merge form for ``plan``: one choice (kept, other, or both) per field that differs,
    defaulting to the kept record's value unless it is empty."""

    class ChosenMergeForm(MergeForm):
        pass

    for choice in plan.differing:
        options = [SelectChoice(KEPT, f"#{plan.kept.id}"), SelectChoice(OTHER, f"#{plan.other.id}")]
        if choice.joinable:
            options.append(SelectChoice(BOTH, "Both"))
        setattr(ChosenMergeForm, f"choose_{choice.name}",
                RadioField(choice.label, choices=options, default=choice.default))
    return ChosenMergeForm()
