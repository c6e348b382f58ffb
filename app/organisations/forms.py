"""Forms for organisations."""

from __future__ import annotations

from wtforms import SelectField, SubmitField

from app.models import OrganisationKind
from app.record_views.forms import (
    ListFilters,
    RecordForm,
    coerce_enum,
    enum_choices,
    enum_field,
    optional_text,
    text_field,
)


class OrganisationForm(RecordForm):
    """Create or edit an organisation."""

    RECORD_FIELDS = ("name", "acronym", "kind", "country", "notes")

    name = text_field("Name", 300, required=True)
    acronym = text_field("Acronym", 50)
    kind = enum_field("Kind", OrganisationKind)
    country = text_field("Country", 100, description="e.g. Germany, Kazakhstan")
    notes = text_field("Notes (Markdown)", area=True)
    submit = SubmitField("Save organisation")


class OrganisationFilters(ListFilters):
    """Search organisations by name or acronym; filter by kind and country."""

    kind = SelectField("Kind", choices=enum_choices(OrganisationKind, blank="Any kind"),
                       coerce=coerce_enum(OrganisationKind))
    country = SelectField("Country", choices=[], coerce=optional_text)
