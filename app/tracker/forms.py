"""The tracker's filters, read from the query string."""

from __future__ import annotations

from app.lookup.fields import LookupField
from app.security.cleaning import CleanForm


class TrackerFilterForm(CleanForm):
    """Theme and event narrow the matrix; a stakeholder or a meeting asks "never raised"."""

    class Meta:
        csrf = False

    theme = LookupField("Theme", kinds="themes")
    event = LookupField("Dialogue event", kinds="events")
    person = LookupField("Never raised with stakeholder", kinds="persons")
    meeting = LookupField("Never raised with the people at meeting", kinds="meetings")

    def chosen(self, name: str) -> int | None:
        """The chosen id of a filter, or None (unknown, hidden or ambiguous values are ignored,
        the last two with a message beside the filter)."""
        field = getattr(self, name)
        return None if field.errors else field.data
