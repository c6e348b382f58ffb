"""Form fields choosing records by name: :class:`LookupField` (one) and
:class:`LookupMultipleField` (several), the one mechanism for every choice over a growing
table (persons, organisations, events, colleagues, recommendations, cases, themes, sources,
meetings).

The page holds a text input showing the chosen record's label and the record's id: a hidden
input (one record) or ticked boxes (several). ``lookup.js`` turns the text input into an
accessible combobox over ``/lookup/<kinds>``; without it, the typed name is resolved on the
server: the one visible record it matches is chosen, otherwise the field says that none or
several match. Several names may be typed at once in a multiple field, separated by ";".

A posted id is loaded through the ORM, so an id the user may not see reads as "not found",
exactly like an id that does not exist; an archived record is refused unless the record
being edited already names it. Fields offering several kinds post references such as ``r12``
(recommendation 12, see :mod:`app.services.lookup_kinds`); ``extra_choices`` adds choices
that exist only on the page (a new person typed into the same form).

The labels of every record named by the lookup fields of a request are loaded together, one
query per kind, the first time one is needed.
"""

from __future__ import annotations

from typing import Any

from flask import url_for
from markupsafe import Markup
from wtforms import Field
from wtforms.utils import unset_value
from wtforms.validators import StopValidation

from app.extensions import db
from app.lookup.book import Book, book_for
from app.lookup.widgets import LookupWidget
from app.routing import MAX_ID
from app.security.cleaning import clean_text
from app.security.masking import as_typed
from app.services.lookup import (
    BY_PREFIX,
    MAX_QUERY,
    SEVERAL_SHOWN,
    Choice,
    kinds_named,
    resolve,
)
from app.services.people.names import fold_text

#: Separates several names typed into a multiple field without JavaScript.
SEPARATOR = ";"
#: The most names a multiple field resolves from one submit.
MAX_TYPED = 20


class LookupField(Field):
    """Choose one record by typing its name (see the module's description)."""

    widget = LookupWidget()
    multiple = False

    def __init__(self, label=None, validators=None, *, kinds, required: bool = False,
                 everyone: bool = False, noun: str | None = None, placeholder: str | None = None,
                 **kwargs):
        self.kinds = kinds_named(kinds)
        self.mixed = len(self.kinds) > 1
        self.required = required
        self.everyone = everyone
        self.noun = noun or (self.kinds[0].noun if not self.mixed else "item")
        self.plural = (self.kinds[0].plural if not self.mixed and noun is None
                       else f"{self.noun}s")
        #: Choices that exist only on this page, ``(value, label)``, e.g. ``("new0", ...)``.
        self.extra_choices: list[tuple[str, str]] = []
        self.extra_group = "On this page"
        #: More query arguments of the type-ahead, e.g. ``{"event": 12}`` (what comes first).
        self.near: dict[str, Any] = {}
        #: What was typed into the text input; None when it was not posted.
        self.text: str | None = None
        #: The chosen value: an id or a prefixed reference, or their list in the multiple field.
        self._data: Any = [] if self.multiple else None
        self._malformed = False
        super().__init__(label, validators, **kwargs)
        self.placeholder = placeholder or ("Type a name to add…" if self.multiple
                                           else "Type to search…")
        if required:
            self.flags.required = True

    # ---- values -----------------------------------------------------------------------

    @property
    def text_name(self) -> str:
        """The name the text input posts under."""
        return f"{self.name}-text"

    def _book(self) -> Book:
        return book_for(self)

    def _normal(self, value):
        """A value as this field holds it (an id, or a reference in a mixed field); raises
        ValueError when it names nothing this field offers."""
        if isinstance(value, str):
            value = value.strip()
        if value is None or value == "":
            return None
        if hasattr(value, "id") and not isinstance(value, str | int):
            value = value.id if not self.mixed else self._reference_of(value)
        if isinstance(value, int) and not isinstance(value, bool) and not self.mixed:
            if 0 < value <= MAX_ID:
                return value
            raise ValueError(value)
        value = str(value).strip()
        if any(value == extra for extra, _ in self.extra_choices) or (
                self.mixed and value.startswith("new") and value[3:].isascii()
                and value[3:].isdigit() and len(value) < 10):
            return value
        digits = value[1:] if self.mixed else value
        kind = BY_PREFIX.get(value[:1]) if self.mixed else self.kinds[0]
        if kind not in self.kinds or not (digits.isascii() and digits.isdigit()):
            raise ValueError(value)
        number = int(digits)
        if not 0 < number <= MAX_ID:
            raise ValueError(value)
        return f"{kind.prefix}{number}" if self.mixed else number

    def _reference_of(self, record) -> str:
        for kind in self.kinds:
            if isinstance(record, kind.model):
                return f"{kind.prefix}{record.id}"
        raise ValueError(record)

    def _key(self, value) -> tuple[str, int] | None:
        """``(kind name, id)`` for a held value; None for a choice that exists only here."""
        if value is None:
            return None
        if not self.mixed:
            return (self.kinds[0].name, value)
        kind = BY_PREFIX.get(value[:1])
        if kind is None or kind not in self.kinds or not value[1:].isdigit():
            return None
        return (kind.name, int(value[1:]))

    def _values(self) -> list:
        return list(self._data) if self.multiple else (
            [self._data] if self._data is not None else [])

    def chosen_labels(self) -> list[tuple[str, str]]:
        """``(value, label with detail)`` of each chosen record that can be shown."""
        shown = []
        for value in self._values():
            choice = self.choice_for(value)
            if choice is not None:
                shown.append((str(value), self._label_of(choice, full=True)))
        return shown

    @property
    def data(self):
        """The chosen id (or reference), or None."""
        return self._data

    @data.setter
    def data(self, value) -> None:
        try:
            self._data = self._normal(value)
        except ValueError:
            self._data = None
        self._book().want(k for k in map(self._key, self._values()) if k)

    def want(self, values) -> None:
        """Note other values of this field's kinds whose labels the page will ask for
        (:meth:`label_for`), so that they load with the rest."""
        keys = []
        for value in values:
            try:
                keys.append(self._key(self._normal(value)))
            except ValueError:
                continue
        self._book().want(k for k in keys if k)

    def label_for(self, value) -> str | None:
        """The label (with its detail) of any value of this field's kinds; None when the
        record is missing or hidden."""
        try:
            choice = self.choice_for(self._normal(value))
        except ValueError:
            return None
        return None if choice is None else self._label_of(choice, full=True)

    def choice_for(self, value) -> Choice | tuple[str, str] | None:
        """The record behind a held value (or the page-only choice), None when not found."""
        key = self._key(value)
        if key is None:
            return next(((v, label) for v, label in self.extra_choices if v == value), None)
        return self._book().get(key)

    @staticmethod
    def _label_of(choice, full: bool = False) -> str:
        if isinstance(choice, tuple):
            return choice[1]
        return choice.full_label if full else choice.label

    def value_text(self) -> str:
        """The hidden input's value."""
        return "" if self._data is None else str(self._data)

    def shown_text(self) -> str:
        """The text input's value: the chosen record's label, else what was typed."""
        if self._data is not None:
            choice = self.choice_for(self._data)
            if choice is not None:
                return self._label_of(choice)
        return self.text or ""

    def lookup_url(self) -> str:
        """The address the script asks for matches (with :attr:`near`, e.g. the event)."""
        names = ",".join(kind.name for kind in self.kinds)
        args: dict[str, Any] = {"kinds": names, **self.near}
        if self.everyone:
            args["all"] = 1
        return url_for("lookup.find", **args)

    # ---- reading the form ---------------------------------------------------------------

    def process(self, formdata, data=unset_value, extra_filters=None):
        """Read the id and, when posted, the typed text."""
        self.text = None
        if formdata is not None and self.text_name in formdata:
            self.text = " ".join(clean_text(formdata.getlist(self.text_name)[-1] or "")
                                 .split())[:MAX_QUERY * 4]
        super().process(formdata, data, extra_filters)

    def process_formdata(self, valuelist):
        """The posted id; a malformed one is remembered and reported as "not found"."""
        if not valuelist:
            return
        try:
            self.data = self._normal(valuelist[-1])
        except ValueError:
            self.data = None
            self._malformed = True

    def _not_found(self) -> str:
        return (f"That {self.noun} is not in Parley, or not available to you. "
                f"Type part of the name and choose from the list.")

    def _resolve(self, text: str):
        """The value ``text`` names, or a message saying that none or several match."""
        folded = fold_text(text)
        extras = [(v, label) for v, label in self.extra_choices if folded in fold_text(label)]
        found = resolve(db.session(), self.kinds, text, everyone=self.everyone)
        if found.chosen is not None and not extras:
            self._book().add(found.chosen)
            return self._normal(found.chosen.value(self.mixed)), None
        if len(extras) == 1 and not found.matches:
            return extras[0][0], None
        names = [label for _, label in extras] + [c.full_label for c in found.matches]
        if not names:
            return None, Markup("No {} matches “{}”. Check the spelling, or type part of the "
                                "name and choose from the list.").format(self.noun, as_typed(text))
        more = ", …" if len(names) > SEVERAL_SHOWN else ""
        return None, Markup("Several {} match “{}”: {}{}. Type more of the name.").format(
            self.plural, as_typed(text), "; ".join(names[:SEVERAL_SHOWN]), more)

    def _typed_means_chosen(self, text: str) -> bool:
        choice = self.choice_for(self._data) if self._data is not None else None
        return choice is not None and fold_text(text) in {
            fold_text(self._label_of(choice)), fold_text(self._label_of(choice, full=True))}

    def _check(self, value) -> str | None:
        """A message when ``value`` cannot be chosen (missing, hidden or archived)."""
        choice = self.choice_for(value)
        if choice is None:
            return self._not_found()
        if isinstance(choice, Choice) and not choice.current and value not in self._initial():
            return f"“{choice.label}” is archived: choose another {self.noun}."
        return None

    def _initial(self) -> list:
        try:
            initial = self._normal(self.object_data) if not self.multiple else [
                self._normal(v) for v in (self.object_data or [])]
        except ValueError:
            return []
        return initial if isinstance(initial, list) else [initial]

    def pre_validate(self, form) -> None:
        """Resolve a typed name; check the chosen record exists and may be seen."""
        if self._malformed:
            raise StopValidation(self._not_found())
        if self.text is not None:
            if not self.text:
                self.data = None
            elif not self._typed_means_chosen(self.text):
                value, problem = self._resolve(self.text)
                self.data = value
                if problem:
                    raise StopValidation(problem)
        if self._data is None:
            if self.required:
                article = "an" if self.noun[:1] in "aeiou" else "a"
                raise StopValidation(f"Choose {article} {self.noun}: type part of the name "
                                     f"and choose from the list.")
            return
        problem = self._check(self._data)
        if problem:
            self.data = None
            raise StopValidation(problem)


class LookupMultipleField(LookupField):
    """Choose several records by typing their names; the chosen ones are ticked boxes."""

    multiple = True

    @property
    def data(self):
        """The chosen ids (or references), in order, without repeats."""
        return self._data

    @data.setter
    def data(self, values) -> None:
        chosen = []
        for value in values or []:
            try:
                value = self._normal(value)
            except ValueError:
                continue
            if value is not None and value not in chosen:
                chosen.append(value)
        self._data = chosen
        self._book().want(k for k in map(self._key, chosen) if k)

    def process_formdata(self, valuelist):
        """The ticked ids; malformed ones are remembered and reported as "not found"."""
        self._malformed = False
        chosen = []
        for raw in valuelist:
            try:
                chosen.append(self._normal(raw))
            except ValueError:
                self._malformed = True
        self.data = chosen

    def value_text(self) -> str:
        """Not used: the chosen records are ticked boxes."""
        return ""

    def shown_text(self) -> str:
        """What was typed and could not be resolved (kept for correcting)."""
        return self.text or ""

    def pre_validate(self, form) -> None:
        """Resolve each typed name; check every chosen record exists and may be seen."""
        problems = [self._not_found()] if self._malformed else []
        if self.text:
            unresolved = []
            names = [part.strip() for part in self.text.split(SEPARATOR) if part.strip()]
            if len(names) > MAX_TYPED:
                problems.append(f"Type at most {MAX_TYPED} names at once.")
                unresolved, names = names, []
            for name in names:
                value, problem = self._resolve(name)
                if problem:
                    problems.append(problem)
                    unresolved.append(name)
                elif self._normal(value) not in self._data:
                    self._data.append(self._normal(value))
            self.text = f"{SEPARATOR} ".join(unresolved)
        kept = []
        for value in self._data:
            problem = self._check(value)
            if problem:
                problems.append(problem)
            else:
                kept.append(value)
        self._data = kept
        if self.required and not kept and not problems:
            problems.append(f"Choose at least one {self.noun}.")
        if problems:
            self.errors = [*self.errors, *dict.fromkeys(problems)]
            raise StopValidation()
