"""Where one person's names appear in free text, in every table.

One mechanism with the masking of restricted names: the person's spellings come from
:func:`app.security.masking.spellings_of` and are matched by :func:`masking.mentions` (folded,
on word boundaries, longest match). This module only says *where* to look: every String and
Text column of every table (encrypted ones decrypted), and every string inside the JSON
columns (audit values, issued packs' snapshots, decrypted; sealed audit values opened). Left out: the
names of persons themselves (a namesake's own record is not a mention), user accounts, and
columns holding codes rather than text (enumerations, hashes, addresses, MIME types).

Used by the erasure (:mod:`app.services.data_protection.erasure`) and the subject-access export.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import JSON, Enum, String, Table, select
from sqlalchemy.orm import Session

from app.extensions import db
from app.models import Person
from app.security.field_crypto import EncryptedBytes, EncryptedJSON, is_encrypted, unseal
from app.security.masking import Matcher, Mention, matcher_for, mentions
from app.security.visibility import unrestricted

#: Tables with no free text about persons: accounts and bookkeeping.
SKIPPED_TABLES = frozenset({"users", "recovery_codes", "name_stamps", "alembic_version"})
#: Columns that are names of persons (not mentions) or codes rather than text.
SKIPPED_COLUMNS = frozenset({
    ("persons", "full_name"), ("person_names", "name"), ("persons", "email_lookup"),
    ("audit_events", "action"), ("audit_events", "entity_type"),
    ("audit_events", "ip_address"), ("packs", "content_type"),
})
#: Characters of context on each side of a mention in an excerpt.
EXCERPT_CONTEXT = 50


@dataclass(frozen=True)
class Found:
    """A text naming the person: where it is, the text, and the names found in it."""

    table: str
    record_id: int
    column: str
    text: str
    mentions: tuple[Mention, ...]

    @property
    def kind(self) -> str:
        """``table.column``, e.g. ``meetings.notes``."""
        return f"{self.table}.{self.column}"


def person_matcher(person: Person) -> Matcher:
    """A matcher for every spelling of ``person`` (full name and other spellings)."""
    return matcher_for({person.id: (person.full_name, [n.name for n in person.other_names])})


def _holds_json(column) -> bool:
    return isinstance(column.type, JSON | EncryptedJSON)


def _is_text(column) -> bool:
    if isinstance(column.type, EncryptedBytes):  # a rendered file, not text
        return False
    if is_encrypted(column) or _holds_json(column):
        return True
    return isinstance(column.type, String) and not isinstance(column.type, Enum)


def text_columns(*, json: bool = True) -> list[tuple[Table, list]]:
    """Every table with free-text columns, and those columns (JSON ones unless ``json=False``)."""
    result = []
    for table in db.metadata.sorted_tables:
        if table.name in SKIPPED_TABLES or "id" not in table.c:
            continue
        columns = [c for c in table.columns if _is_text(c)
                   and (table.name, c.name) not in SKIPPED_COLUMNS
                   and (json or not _holds_json(c))]
        if columns:
            result.append((table, columns))
    return result


def strings_of(value) -> Iterator[str]:
    """Every string inside a JSON-like value, sealed audit values opened."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        if set(value) == {"sealed"}:
            opened = unseal(value)
            if isinstance(opened, str):
                yield opened
            return
        for item in value.values():
            yield from strings_of(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings_of(item)


def find_mentions(session: Session, found: Matcher, *, json: bool = True,
                  skip: frozenset[tuple[str, int]] = frozenset()) -> Iterator[Found]:
    """Every text mentioning a name of ``found``, table by table (rows in ``skip`` left out:
    ``(table, id)``)."""
    if found.automaton is None:
        return
    for table, columns in text_columns(json=json):
        stmt = unrestricted(select(table.c.id, *columns).order_by(table.c.id)
                            .execution_options(yield_per=500))
        result = session.execute(stmt)
        try:
            for row in result:
                if (table.name, row.id) in skip:
                    continue
                for column in columns:
                    value = row._mapping[column]
                    texts = strings_of(value) if _holds_json(column) else [value]
                    for text in texts:
                        names = tuple(mentions(text, found)) if text else ()
                        if names:
                            yield Found(table.name, row.id, column.name, text, names)
        finally:
            result.close()


def excerpt(found: Found, context: int = EXCERPT_CONTEXT) -> str:
    """A short excerpt around the first mention, on one line."""
    first = found.mentions[0]
    start, end = max(0, first.start - context), min(len(found.text), first.end + context)
    piece = " ".join(found.text[start:end].split())
    return ("…" if start else "") + piece + ("…" if end < len(found.text) else "")
