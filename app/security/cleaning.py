"""One cleaning rule for every piece of text that comes in: forms, query strings and imports.

Text pasted from Word or a PDF carries control characters (``\\x0b`` line breaks,
``\\x0c`` page breaks, stray NUL bytes) that PostgreSQL refuses (NUL) or that break
the DOCX packs later (python-docx refuses control characters). :func:`clean_text`
is the only place that decides what is kept; :class:`CleanForm` applies it to every
text field of every form, so no form can forget it.
"""

from __future__ import annotations

import re
import unicodedata

from flask_wtf import FlaskForm
from wtforms import Form, PasswordField, StringField

#: Line and page breaks from word processors (and NEL) become ordinary newlines.
_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85]")
#: C0 and C1 controls other than tab and newline, DEL, and lone surrogates.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")


def clean_text(value):
    """Text with NUL and control characters removed (tab and newline kept), NFC, stripped.

    Carriage returns, Word's vertical tab (``\\x0b``) and form feed (``\\x0c``) become
    newlines; anything that is not a string is returned unchanged.
    """
    if not isinstance(value, str):
        return value
    text = _CONTROLS.sub("", _BREAKS.sub("\n", value))
    return unicodedata.normalize("NFC", text).strip()


def clean_deep(value):
    """``value`` with :func:`clean_text` applied to every string inside dicts, lists and tuples."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {key: clean_deep(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(clean_deep(item) for item in value)
    return value


class _CleaningMeta:
    def bind_field(self, form, unbound_field, options):
        """Put :func:`clean_text` first in the filters of every text field but passwords."""
        field_class = unbound_field.field_class
        if issubclass(field_class, StringField) and not issubclass(field_class, PasswordField):
            filters = options.get("filters", unbound_field.kwargs.get("filters")) or ()
            options = {**options, "filters": [clean_text, *(f for f in filters if f is not clean_text)]}
        return super().bind_field(form, unbound_field, options)


class CleanForm(FlaskForm):
    """The base of every Parley form: all text fields (not passwords) pass through :func:`clean_text`."""

    class Meta(_CleaningMeta, FlaskForm.Meta):
        pass


class CleanSubForm(Form):
    """The base of plain (CSRF-less) sub-forms and row forms: same cleaning as :class:`CleanForm`."""

    class Meta(_CleaningMeta, Form.Meta):
        pass
