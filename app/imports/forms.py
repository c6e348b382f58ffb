"""Forms of the import pages."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import SelectMultipleField, TextAreaField
from wtforms.validators import Optional

from app.lookup.fields import LookupField
from app.security.cleaning import CleanForm


class BriefingUploadForm(CleanForm):
    """Upload a briefing paper or paste its text."""

    paper = FileField("Briefing paper file (.md, .txt, .docx or .pdf)")
    pasted = TextAreaField("…or paste the text", validators=[Optional()])
    event_id = LookupField("Dialogue event (optional)", kinds="events")

    def validate(self, extra_validators=None) -> bool:
        """Exactly one of the file and the pasted text."""
        if not super().validate(extra_validators):
            return False
        has_file = bool(self.paper.data and getattr(self.paper.data, "filename", ""))
        has_text = bool((self.pasted.data or "").strip())
        if not has_file and not has_text:
            self.paper.errors = [*self.paper.errors,
                                 "Choose a file or paste the text of the paper."]
            return False
        if has_file and has_text:
            self.pasted.errors = [*self.pasted.errors,
                                  "Either upload a file or paste text, not both."]
            return False
        return True


class BriefingConfirmForm(CleanForm):
    """The preview's checkboxes: which items to create, which possible matches to use."""

    items = SelectMultipleField("Items", choices=[], validate_choice=True)
    links = SelectMultipleField("Use existing", choices=[], validate_choice=True)
