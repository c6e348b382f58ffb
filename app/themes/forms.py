"""Forms for themes."""

from __future__ import annotations

from wtforms import IntegerField, SubmitField
from wtforms.validators import NumberRange, Optional, ValidationError

from app.lookup.fields import LookupField
from app.record_views.forms import RecordForm, text_field


class ThemeForm(RecordForm):
    """Create or edit a theme; a theme may sit under a parent theme."""

    RECORD_FIELDS = ("name", "parent_id", "description", "position")

    name = text_field("Name", 200, required=True)
    parent_id = LookupField("Under theme", kinds="themes",
                            description="Leave empty for a top-level theme.")
    description = text_field("Description", area=True)
    position = IntegerField("Order among its siblings", default=0,
                            validators=[Optional(), NumberRange(min=0, max=10000)])
    submit = SubmitField("Save theme")
    #: Themes this one may not sit under: itself and its sub-themes (set by the view).
    not_under: frozenset[int] = frozenset()

    def validate_parent_id(self, field) -> None:
        """A theme cannot sit under itself or under one of its own sub-themes."""
        if field.data in self.not_under:
            raise ValidationError("A theme cannot sit under itself or one of its sub-themes.")

    def copy_to(self, record) -> None:
        """Copy the fields; an empty order counts as 0."""
        super().copy_to(record)
        record.position = self.position.data or 0
