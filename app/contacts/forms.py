"""Forms of the contacts import."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import RadioField, SelectField

# SelectChoice (WTForms 3.2) is missing from the types-WTForms stubs.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]

from app.security.cleaning import CleanForm
from app.services.people.contacts.csv_import import FIELDS


class ContactsUploadForm(CleanForm):
    """Choose a CSV or vCard file and say what it lists."""

    file = FileField("CSV or vCard (.vcf) file",
                     validators=[FileRequired("Choose a CSV or vCard file.")])
    mode = RadioField("The file lists", choices=[SelectChoice("persons", "Persons"),
                                                 SelectChoice("organisations", "Organisations")],
                      default="persons")


class ContactsConfirmForm(CleanForm):
    """Confirm the dry-run report (CSRF only)."""


def mapping_form(mode: str, headers: list[str], guessed: dict[str, int | None], formdata=None):
    """A form with one select per Parley field, listing the file's columns."""

    class MappingForm(CleanForm):
        """Which column holds which field."""

    choices = [SelectChoice("", "— not in this file —")] + [
        SelectChoice(str(i), h) for i, h in enumerate(headers)]
    for name, label, required in FIELDS[mode]:
        setattr(MappingForm, name, SelectField(label + (" *" if required else ""),
                                               choices=choices, default=""))
    form = MappingForm(formdata=formdata) if formdata is not None else MappingForm()
    if not form.is_submitted():
        for name, column in guessed.items():
            getattr(form, name).data = "" if column is None else str(column)
    return form


def mapping_from(form, mode: str) -> tuple[dict[str, int | None], list[str]]:
    """The chosen mapping and the problems with it (a required field missing, a column twice)."""
    mapping: dict[str, int | None] = {}
    problems: list[str] = []
    used: dict[int, str] = {}
    for name, label, required in FIELDS[mode]:
        raw = getattr(form, name).data
        mapping[name] = int(raw) if raw not in (None, "") else None
        if required and mapping[name] is None:
            getattr(form, name).errors = list(getattr(form, name).errors) + [
                f"Choose the column that holds the {label.lower()}."]
            problems.append(name)
        column = mapping[name]
        if column is not None:
            if column in used:
                getattr(form, name).errors = list(getattr(form, name).errors) + [
                    f"This column is already used for {used[column]}."]
                problems.append(name)
            used[column] = label.lower()
    return mapping, problems
