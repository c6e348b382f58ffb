"""Building blocks shared by the record forms: text, date and choice fields, and the version field.

Every edit form carries the record's ``version`` in a hidden field (see
:func:`app.record_views.pages.edit_page`) and copies only the fields it declares in
``RECORD_FIELDS`` onto the record: a posted field the form does not declare changes nothing.
"""

from __future__ import annotations

import enum
from datetime import date

from markupsafe import Markup
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField, TextAreaField

# SelectChoice (WTForms 3.2) is missing from the types-WTForms stubs.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import URL, DataRequired, InputRequired, Length, Optional, ValidationError

from app.form_html import html_params
from app.lookup.fields import LookupField
from app.security.cleaning import CleanForm
from app.security.masking import as_typed
from app.services.meetings.time_zones import is_zone
from app.templating import label

#: Dates Parley accepts in any field or filter: a year outside these is a typing slip.
FIRST_YEAR, LAST_YEAR = 1900, 2200
#: The message for a date outside :data:`FIRST_YEAR` .. :data:`LAST_YEAR`.
DATE_BOUNDS_MESSAGE = f"Enter a date between {FIRST_YEAR} and {LAST_YEAR}."
#: The most characters a long text (notes, charges, a recommendation's text) may hold.
LONG_TEXT = 20_000


def blank_as_none(value):
    """An empty answer is stored as nothing (None); the text itself is cleaned by :class:`CleanForm`."""
    return value or None if isinstance(value, str) else value


def text_field(text: str, max_length: int | None = None, *, required: bool = False,
               area: bool = False, description: str = "", checks=()) -> StringField:
    """A one-line (or, with ``area``, multi-line) text field with its length limit."""
    validators: list[object] = [DataRequired() if required else Optional()]
    if max_length or area:
        validators.append(Length(max=max_length or LONG_TEXT))
    validators.extend(checks)
    field_class = TextAreaField if area else StringField
    return field_class(text, validators=validators, filters=[blank_as_none], description=description)


def url_field(text: str, max_length: int = 1000) -> StringField:
    """An http(s) address; other schemes (javascript:, file:, data:) are refused."""
    return StringField(text, filters=[blank_as_none], validators=[
        Optional(), Length(max=max_length),
        URL(require_tld=False, message="Enter a web address starting with http:// or https://."),
        _web_scheme,
    ])


def _web_scheme(form, field) -> None:
    if field.data and not field.data.lower().startswith(("http://", "https://")):
        raise ValidationError("Enter a web address starting with http:// or https://.")


def date_in_bounds(day: date | None) -> bool:
    """True when ``day`` is empty or falls in the years Parley accepts (1900-2200)."""
    return day is None or FIRST_YEAR <= day.year <= LAST_YEAR


def within_date_bounds(form, field) -> None:
    """Validator: refuse a date outside 1900-2200 with a plain message."""
    if not date_in_bounds(field.data):
        field.data = None
        raise ValidationError(DATE_BOUNDS_MESSAGE)


class DayField(DateField):
    """A date; an impossible one (31 February) or a far-off year gets a plain message."""

    def __init__(self, text: str, *, required: bool = False, **kwargs):
        validators = [InputRequired(message="Enter a date.") if required else Optional()]
        super().__init__(text, validators=validators, **kwargs)

    def process_formdata(self, valuelist):
        """Parse YYYY-MM-DD within 1900-2200, explaining what went wrong."""
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError("Enter a real date as YYYY-MM-DD (for example 2026-02-28).") from None
        if not date_in_bounds(self.data):
            self.data = None
            raise ValueError(DATE_BOUNDS_MESSAGE)

    def validated(self) -> date:
        """The date of a required field in a validated form."""
        if self.data is None:
            raise ValueError(f"{self.name} holds no date: its form was not validated")
        return self.data


def end_not_before_start(start_name: str, what: str = "start"):
    """Validator for an end date: refused when it falls before the start date."""

    def check(form, field) -> None:
        start = form[start_name].data
        if field.data and start and field.data < start:
            raise ValidationError(f"The end date cannot be before the {what} date.")

    return check


def coerce_enum(enum_cls: type[enum.Enum]):
    """Coerce a posted value to ``enum_cls``; an empty value means "none"."""

    def coerce(value):
        if value is None or value == "" or isinstance(value, enum_cls):
            return value or None
        try:
            return enum_cls(value)
        except ValueError:
            return value  # refused by the select's choice check: "Not a valid choice."

    return coerce


def optional_id(value):
    """Coerce a posted id to int; empty means "none"."""
    if value in (None, "", "None"):
        return None
    return int(value)


def options(pairs, blank: str | None = None) -> list[SelectChoice]:
    """Choices for a select from ``(value, text)`` pairs, optionally led by a blank choice."""
    result = [SelectChoice("", blank)] if blank is not None else []
    return result + [SelectChoice(str(value), text) for value, text in pairs]


def enum_choices(members, blank: str | None = None) -> list[SelectChoice]:
    """Choices for a select of enum members (optionally led by a blank choice)."""
    return options(((m.value, label(m)) for m in members), blank)


def enum_field(text: str, enum_cls: type[enum.Enum], *, blank: str | None = None,
               members=None, description: str = "") -> SelectField:
    """A select of an enum's members."""
    validators = [Optional()] if blank is not None else [DataRequired()]
    return SelectField(text, choices=enum_choices(members or list(enum_cls), blank),
                       coerce=coerce_enum(enum_cls), validators=validators,
                       description=description, validate_choice=True)


class VersionedForm(CleanForm):
    """A form changing one record, carrying the version of the record it was opened at."""

    version = HiddenField()

    def show_version(self, version: int) -> None:
        """Put ``version`` in the hidden field (also after a post, replacing the posted one)."""
        self.version.data = str(version)
        self.version.raw_data = [str(version)]


class RecordForm(VersionedForm):
    """A form editing one record: declared fields only, and the version it was opened at."""

    #: The record's fields this form may change, in order.
    RECORD_FIELDS: tuple[str, ...] = ()

    def copy_to(self, record) -> None:
        """Copy the declared fields onto ``record`` (and nothing else)."""
        for name in self.RECORD_FIELDS:
            setattr(record, name, self[name].data)


class TypedInput:
    """A text input showing the reader's own words from the address as they typed them
    (:func:`app.security.masking.as_typed`): a name they searched for is never masked back."""

    def __call__(self, field, **kwargs) -> Markup:
        """The input, its value written as character references."""
        kwargs.setdefault("id", field.id)
        kwargs.setdefault("type", "text")
        params = html_params(name=field.name, value=as_typed(field._value()), **kwargs)
        return Markup(f"<input {params}>")


class ListFilters(CleanForm):
    """The search box and filters above a list; read from the query string, no CSRF."""

    class Meta:
        csrf = False

    q = StringField("Search", filters=[blank_as_none], validators=[Optional(), Length(max=200)],
                    widget=TypedInput())
    archived = BooleanField("Show archived")

    def read(self) -> ListFilters:
        """Check the filters; one that is not valid is ignored, and named above the list in
        ``problems`` (label, message) rather than shown as a field in error, except a name
        typed into a lookup filter that matches none or several records: that is said beside
        it too."""
        self.validate()
        self.problems = [(field.label.text, field.errors[0]) for field in self if field.errors]
        self.ignored = {name for name, field in self._fields.items() if field.errors}
        for name in self.ignored:
            if not isinstance(self[name], LookupField):
                self[name].errors = []
        return self

    def value(self, name: str):
        """The filter's value, or None when it was empty or not valid."""
        if name in getattr(self, "ignored", ()):
            return None
        return self[name].data or None

    def ordered(self) -> list:
        """The fields in display order: search first, "Show archived" last."""
        fields = [f for f in self if f.name not in ("q", "archived")]
        return [self.q, *fields, self.archived]


def optional_text(value):
    """Coerce a posted choice to text; empty means "none"."""
    return value or None


def zone_name(form, field) -> None:
    """A WTForms validator: an IANA time zone name (``Asia/Almaty``, ``UTC``)."""
    value = (field.data or "").strip()
    if value and not is_zone(value):
        raise ValidationError(f"“{value[:64]}” is not a time zone: type a place such as "
                              "Asia/Almaty, Europe/Brussels or UTC.")
    field.data = value or None
