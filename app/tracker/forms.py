"""The tracker's filters, read from the query string."""

from __future__ import annotations

from wtforms import SelectField

from app.security.cleaning import CleanForm


class TrackerFilterForm(CleanForm):
    """Theme and event narrow the matrix; a stakeholder or a meeting asks "never raised"."""

    class Meta:
        csrf = False

    theme = SelectField("Theme", choices=[], default="")
    event = SelectField("Dialogue event", choices=[], default="")
    person = SelectField("Never raised with stakeholder", choices=[], default="")
    meeting = SelectField("Never raised with the people at meeting", choices=[], default="")

    def chosen(self, name: str) -> int | None:
        """The chosen id of a filter, or None (unknown values are ignored)."""
        field = getattr(self, name)
        valid = {str(c.value) for c in field.choices}
        return int(field.data) if field.data and field.data in valid else None
