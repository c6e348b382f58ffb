"""What the officer changes in the preview before saving: short titles, priorities, case
statuses and themes for the items the paper left outside any theme.

Anything not set keeps what the parser inferred. :func:`read_edits` reads and checks the posted
preview form against the plan; the command line builds :class:`Edits` directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from app.models import CaseStatus
from app.security.cleaning import clean_text
from app.services.imports.briefing.lines import squash
from app.services.imports.briefing.matcher import ImportPlan

#: Longest short title and theme name (the columns' lengths).
TITLE_LENGTH = 200
THEME_LENGTH = 200
PRIORITIES = range(1, 6)


@dataclass
class Edits:
    """The officer's changes, by plan item key."""

    titles: dict[str, str] = field(default_factory=dict)
    priorities: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, str] = field(default_factory=dict)
    themes: dict[str, str] = field(default_factory=dict)
    #: The theme for every item outside a theme that was not given its own.
    all_themes: str = ""

    def theme_for(self, key: str) -> str:
        """The theme name typed for an unthemed item, or the one for all, or ""."""
        return self.themes.get(key) or self.all_themes


def _text(value: str) -> str:
    return squash(clean_text(value or ""))


def read_edits(form: Mapping[str, str], plan: ImportPlan) -> tuple[Edits, list[str]]:
    """The edits posted with the preview, and what is wrong with them (nothing saved if any)."""
    edits, errors = Edits(), []
    kinds = {item.key: item for item in plan.items}
    for name in form:
        prefix, _, key = name.partition("-")
        if prefix not in ("title", "priority", "status", "theme"):
            continue
        value = _text(form.get(name, ""))
        item = kinds.get(key)
        if prefix == "theme" and key == "all":
            edits.all_themes = value
        elif prefix == "title" and item is not None and item.kind == "recommendation":
            edits.titles[key] = value
        elif prefix == "priority" and item is not None and item.kind == "recommendation" \
                and value.isdigit() and int(value) in PRIORITIES:
            edits.priorities[key] = int(value)
        elif prefix == "status" and item is not None and item.kind in ("person", "group") \
                and value in {status.value for status in CaseStatus}:
            edits.statuses[key] = value
        elif prefix == "theme" and item is not None and item.unthemed:
            if value:
                edits.themes[key] = value
        else:
            errors.append("The changes could not be read; reload the preview and try again.")
            break
    too_long = [v for v in edits.titles.values() if len(v) > TITLE_LENGTH]
    if too_long:
        errors.append(f"A short title is at most {TITLE_LENGTH} characters: "
                      f"“{too_long[0][:60]}…” is longer.")
    themes = [*edits.themes.values(), edits.all_themes]
    if any(len(v) > THEME_LENGTH for v in themes):
        errors.append(f"A theme name is at most {THEME_LENGTH} characters.")
    return edits, errors
