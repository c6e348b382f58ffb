"""The dialogue-event form."""

from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.models import EventKind

#: Fields copied onto the event; the form's only writable fields.
EVENT_FIELDS = ("title", "kind", "starts_on", "ends_on", "place", "counterpart_country",
                "objectives")


class EventForm(FlaskForm):
    """Create or edit a dialogue event."""

    version = HiddenField()
    title = StringField("Title", validators=[DataRequired(), Length(max=300)])
    kind = SelectField("Kind", choices=[SelectChoice(k.value, k.label) for k in EventKind],
                       default=EventKind.DIALOGUE.value)
    starts_on = DateField("First day", validators=[Optional()])
    ends_on = DateField("Last day", validators=[Optional()])
    place = StringField("Place", validators=[Optional(), Length(max=300)])
    counterpart_country = StringField("Counterpart country",
                                      validators=[Optional(), Length(max=100)])
    objectives = TextAreaField("Objectives", validators=[Optional(), Length(max=20000)])
    submit = SubmitField("Save event")

    def validate_ends_on(self, field):
        """The last day cannot come before the first."""
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError("The last day cannot be before the first day.")

    def values(self) -> dict:
        """The declared fields' values, blanks as None."""
        values = {name: getattr(self, name).data or None for name in EVENT_FIELDS}
        values["kind"] = EventKind(self.kind.data)
        return values
