"""The calendar-link form: create or regenerate, or revoke."""

from flask_wtf import FlaskForm
from wtforms import SubmitField


class CalendarLinkForm(FlaskForm):
    """Two buttons: a new secret link (the old one stops working), or none at all."""

    regenerate = SubmitField("Create a new link")
    revoke = SubmitField("Revoke the link")
