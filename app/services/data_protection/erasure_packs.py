"""Rewriting what an erased person leaves in JSON: issued packs' snapshots and audit values.

Pure functions over JSON-like data, used by :mod:`app.services.data_protection.erasure`:

- :func:`rewrite_pack`: in a pack snapshot, every part about the person (a dict whose
  ``person_id`` is theirs: an attendee, a case, a raising, a commitment, and what it holds)
  gets the tombstone name, no posts, and "[erased]" for its texts; every other string goes
  through ``scrub`` (mentions and personal values replaced);
- :func:`rewrite_audit_changes`: an audit event's ``{field: [old, new]}`` with every value
  erased (an event about a record that belonged to the person) or scrubbed; sealed values
  are opened, rewritten and sealed again;
- :func:`rendered`: the file of a pack rendered again from its rewritten snapshot, or a short
  notice when it cannot be.
"""

from __future__ import annotations

import logging

from app.models import PackFormat
from app.security.field_crypto import RETIRED, seal, unseal

ERASED = "[erased]"
#: Keys naming the person in a part about them.
NAME_KEYS = frozenset({"name", "with", "who"})
#: Keys holding text about the person in a part about them.
TEXT_KEYS = frozenset({"notes", "charges", "summary", "response", "our_reply", "talking_point",
                       "description", "outcome", "text", "said", "reply", "point", "stance"})
NOTICE = ("This pack named a person who has since been erased (GDPR art. 17), and it could "
          "not be rendered again without them. Issue a new pack if it is still needed.\n")

log = logging.getLogger(__name__)


def scrub_strings(text: str | None, values: set[str]) -> str | None:
    """``text`` with every personal value in ``values`` (longest first) replaced."""
    if not text:
        return text
    for value in sorted(values, key=len, reverse=True):
        if value in text:
            text = text.replace(value, ERASED)
    return text


def rewrite_pack(snapshot, person_id: int, names: dict, scrub):
    """A copy of ``snapshot`` without the person (``names``: tombstone name and case titles)."""

    def walk(item, inside: bool):
        if isinstance(item, str):
            return scrub(item)
        if isinstance(item, list):
            return [walk(value, inside) for value in item]
        if not isinstance(item, dict):
            return item
        about = inside or item.get("person_id") == person_id
        result = {}
        for key, value in item.items():
            if about and key in NAME_KEYS and isinstance(value, str):
                result[key] = names["person"]
            elif about and key == "title" and item.get("id") in names["cases"]:
                result[key] = names["cases"][item["id"]]
            elif about and key == "posts":
                result[key] = []
            elif about and key == "post":
                result[key] = ""
            elif about and key in TEXT_KEYS and isinstance(value, str):
                result[key] = ERASED if value else value
            else:
                result[key] = walk(value, about)
        return result

    rewritten = walk(snapshot, False)
    for key in ("persons_named", "persons_masked"):
        if isinstance(rewritten, dict) and isinstance(rewritten.get(key), list):
            rewritten[key] = [pid for pid in rewritten[key] if pid != person_id]
    return rewritten


def rewrite_audit_changes(changes, scrub, *, erase_all: bool):
    """An audit event's values with the person taken out (all string values if ``erase_all``)."""

    def value(item):
        if isinstance(item, dict) and set(item) == {"sealed"}:
            if erase_all:
                return ERASED
            opened = unseal(item)
            if not isinstance(opened, str) or opened == RETIRED:
                return item  # a retired key: it cannot be read, nor rewritten
            new = scrub(opened)
            return item if new == opened else seal(new)
        if isinstance(item, str):
            return ERASED if erase_all and item else scrub(item)
        if isinstance(item, list):
            return [value(v) for v in item]
        if isinstance(item, dict):
            return {k: value(v) for k, v in item.items()}
        return item

    return value(changes)


def rendered(snapshot: dict, fmt) -> tuple[bytes, str, str]:
    """(content, filename, content type) of the pack rendered from ``snapshot``, or a notice."""
    from app.services.packs.issue import CONTENT_TYPES, pack_filename, render

    fmt = PackFormat(fmt)
    if snapshot.get("travel"):
        # a travel copy cannot be encrypted again: its passphrase is kept nowhere
        return NOTICE.encode(), "pack-withdrawn-after-erasure.txt", "text/plain; charset=utf-8"
    try:
        return render(snapshot, fmt), pack_filename(snapshot, fmt), CONTENT_TYPES[fmt]
    except Exception:  # any renderer failure: the old file must go all the same
        log.exception("an erased pack could not be rendered again; a notice replaces it")
        return NOTICE.encode(), "pack-withdrawn-after-erasure.txt", "text/plain; charset=utf-8"
