"""Forms for sources and findings."""

from __future__ import annotations

from wtforms import SelectField, SubmitField
from wtforms.validators import DataRequired

from app.lookup.fields import LookupField
from app.models import Polarity
from app.record_views.forms import (
    DayField,
    ListFilters,
    RecordForm,
    coerce_enum,
    options,
    text_field,
    url_field,
)


class SourceForm(RecordForm):
    """Create or edit a source document."""

    RECORD_FIELDS = ("title", "publisher", "published_on", "url")

    title = text_field("Title", 500, required=True)
    publisher = text_field("Publisher", 300)
    published_on = DayField("Published on")
    url = url_field("Web address")
    submit = SubmitField("Save source")


class FindingForm(RecordForm):
    """A positive step (+) or a concern (-) stated in a source."""

    RECORD_FIELDS = ("polarity", "theme_id", "text", "noted_on")

    polarity = SelectField("Kind", coerce=coerce_enum(Polarity), validators=[DataRequired()],
                           choices=options((("concern", "− Concern"),
                                            ("positive", "+ Positive step"))))
    theme_id = LookupField("Theme", kinds="themes")
    text = text_field("Finding", required=True, area=True)
    noted_on = DayField("Noted on")
    submit = SubmitField("Save finding")


class SourceFilters(ListFilters):
    """Search sources by title or publisher."""
