"""The dialogue-event form (built from the shared record-form pieces)."""

from wtforms import SubmitField
from wtforms.validators import ValidationError

from app.models import EventKind
from app.record_views.forms import DayField, RecordForm, enum_field, text_field, zone_name


class EventForm(RecordForm):
    """Create or edit a dialogue event."""

    RECORD_FIELDS = ("title", "kind", "starts_on", "ends_on", "place", "time_zone",
                     "counterpart_country", "objectives")

    title = text_field("Title", 300, required=True)
    kind = enum_field("Kind", EventKind)
    starts_on = DayField("First day")
    ends_on = DayField("Last day")
    place = text_field("Place", 300)
    time_zone = text_field("Time zone", 64, checks=[zone_name],
                           description="Where the event happens, e.g. Asia/Almaty: its "
                                       "meetings start in this zone.")
    counterpart_country = text_field("Counterpart country", 100,
                                     description="The country the dialogue is held with, "
                                                 "e.g. Kazakhstan.")
    objectives = text_field("Objectives", area=True,
                            description="Markdown: **bold**, lists with -.")
    submit = SubmitField("Save event")

    def validate_ends_on(self, field) -> None:
        """The last day cannot come before the first."""
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError("The last day cannot be before the first day.")
