"""Forms of the UPR list import."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, IntegerField, SelectMultipleField, StringField
from wtforms.validators import Length, Optional

from app.security.cleaning import CleanForm


class UprUploadForm(CleanForm):
    """Choose a UPR list (CSV or .xlsx) and say whom its recommendations ask."""

    file = FileField("UPR list (.csv or .xlsx)",
                     validators=[FileRequired("Choose the CSV or .xlsx file of the list.")])
    addressee = StringField("Addressed to (the State under review)",
                            validators=[Optional(), Length(max=200)])


class UprPreviewForm(CleanForm):
    """The preview's choices on one page, and those made on the other pages."""

    #: The rows to import and the links to make that are ticked on this page.
    chosen = SelectMultipleField("Chosen", choices=[], validate_choice=True)
    #: What was unticked on the other pages ("r12,l14"), carried from page to page.
    declined = HiddenField()
    #: The page these checkboxes were on.
    on_page = IntegerField(validators=[Optional()])
