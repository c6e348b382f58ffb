"""A parsed paper kept with its pending upload, so it is read once.

Reading a Word file or a PDF is the costly part of an import; the preview and the confirmation
used to read the stored upload again each time. Now the upload is read once, and the
:class:`~app.services.imports.briefing.model.Briefing` it gave is stored as JSON (plain data,
never pickle) in place of the file; the preview and the confirmation load it back.
"""

from __future__ import annotations

import dataclasses
import json
import typing
from datetime import date

from app.services.imports.briefing.model import Briefing

#: Marks the stored form; anything else (an upload stored by an older Parley) is not loaded.
FORMAT = "parley-briefing/1"


def briefing_to_json(briefing: Briefing) -> bytes:
    """The parsed paper as UTF-8 JSON bytes."""
    data = dataclasses.asdict(briefing)
    data["published_on"] = briefing.published_on.isoformat() if briefing.published_on else None
    return json.dumps({"format": FORMAT, "briefing": data}, ensure_ascii=False).encode("utf-8")


def _item_types() -> dict[str, type]:
    """Briefing's list fields and the dataclass of their items (``findings`` → ParsedFinding)."""
    hints = typing.get_type_hints(Briefing)
    types: dict[str, type] = {}
    for name, hint in hints.items():
        args = typing.get_args(hint)
        if (typing.get_origin(hint) is list and args and isinstance(args[0], type)
                and dataclasses.is_dataclass(args[0])):
            types[name] = args[0]
    return types


def briefing_from_json(raw: bytes) -> Briefing | None:
    """The parsed paper back from :func:`briefing_to_json`; ``None`` when ``raw`` is not one."""
    try:
        stored = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("format") != FORMAT:
        return None
    data = dict(stored["briefing"])
    for name, item_type in _item_types().items():
        data[name] = [item_type(**item) for item in data.get(name) or []]
    if data.get("published_on"):
        data["published_on"] = date.fromisoformat(data["published_on"])
    return Briefing(**data)
