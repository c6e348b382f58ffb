"""The calendar-link form: create or regenerate, or revoke."""

from wtforms import SubmitField

from app.security.cleaning import CleanForm


class CalendarLinkForm(CleanForm):
    """Two buttons: a new secret link (the old one stops working), or none at all."""

    regenerate = SubmitField("Create a new link")
    revoke = SubmitField("Revoke the link")
