"""The pack page's form: audience, format, and the officer's choice and order of items."""

from __future__ import annotations

from typing import Any

from wtforms import RadioField, SelectField, SubmitField

# SelectChoice (WTForms 3.2) is missing from the types-WTForms stubs.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]

from app.models import Audience, PackFormat
from app.security.cleaning import CleanForm
from app.services.packs.issue import FORMAT_LABELS

#: Form-field prefix for each kind of item the officer may choose and order.
PREFIXES = {"themes": "theme", "recommendations": "rec", "cases": "case"}
MAX_POSITION = 9999
MAX_POINT = 2000


class PackForm(CleanForm):
    """Who the pack is for, in which format, and whether to preview or issue it."""

    audience = RadioField("Audience", default=Audience.INTERNAL.value, choices=[
        SelectChoice(Audience.INTERNAL.value, "Internal: everything, for our team only"),
        SelectChoice(Audience.EXTERNAL.value, "External: only what may be shared (no notes, no "
                                              "restricted persons or cases, no officer names)"),
    ])
    format = SelectField("Format", default=PackFormat.PDF.value,
                         choices=[SelectChoice(f.value, label)
                                  for f, label in FORMAT_LABELS.items()])
    preview = SubmitField("Preview (HTML)")
    issue = SubmitField("Issue pack")
    travel = SubmitField("Issue for travel")


#: Kinds chosen by a tick alone (no position): form-field prefix for each.
TICKS = {"findings": "finding", "annexes": "annex"}


def default_selection(candidates: dict) -> dict:
    """What is proposed is chosen (every theme, the first few recommendations and cases, a few
    findings per theme, the default annexes), in the proposed order, with the default talking
    points."""
    selection = {}
    for kind in PREFIXES:
        selection[kind] = [
            {**item, "chosen": item.get("proposed", True), "position": n,
             "point": item.get("text", ""), "error": None}
            for n, item in enumerate(candidates[kind], start=1)
        ]
    for kind in TICKS:
        selection[kind] = [{**item, "chosen": item["proposed"]} for item in candidates[kind]]
    return selection


def read_selection(formdata, candidates: dict) -> tuple[dict, bool]:
    """Read ticks, positions and talking points for the proposed items only.

    Returns the selection to show again (every value kept) and whether it is valid.
    """
    selection, valid = {}, True
    for kind, prefix in PREFIXES.items():
        rows = []
        for n, item in enumerate(candidates[kind], start=1):
            key = f"{prefix}-{item['id']}"
            raw = (formdata.get(f"{key}-position") or "").strip()
            row = {**item, "chosen": formdata.get(key) == "on", "position": raw or n,
                   "point": item.get("text", ""), "error": None}
            if raw:
                try:
                    row["position"] = int(raw)
                    if not 1 <= row["position"] <= MAX_POSITION:
                        raise ValueError
                except ValueError:
                    row["error"] = f"Position must be a whole number from 1 to {MAX_POSITION}."
            if kind == "recommendations":
                row["point"] = (formdata.get(f"{key}-point") or "").strip() or item["text"]
                if len(row["point"]) > MAX_POINT:
                    row["error"] = f"Keep the talking point under {MAX_POINT} characters."
            valid = valid and row["error"] is None
            rows.append(row)
        selection[kind] = rows
    for kind, prefix in TICKS.items():
        selection[kind] = [{**item, "chosen": formdata.get(f"{prefix}-{item['id']}") == "on"}
                           for item in candidates[kind]]
    return selection, valid


def choices_from(selection: dict) -> dict:
    """The service's ``choices``: chosen ids by position, and the edited talking points."""
    choices: dict[str, Any] = {}
    for kind in PREFIXES:
        rows = [(int(r["position"]), n, r["id"]) for n, r in enumerate(selection[kind])
                if r["chosen"]]
        choices[kind] = [item_id for _, _, item_id in sorted(rows)]
    for kind in TICKS:
        choices[kind] = [r["id"] for r in selection[kind] if r["chosen"]]
    choices["talking_points"] = {
        r["id"]: r["point"] for r in selection["recommendations"]
        if r["chosen"] and r["point"] != r["text"]
    }
    return choices
