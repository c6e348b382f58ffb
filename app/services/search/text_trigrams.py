"""The meetings list's index of texts: a word typed into its search box is found anywhere in
a meeting's title, place, purpose, objective, notes or outcome without reading them all.

The search box looks for the letters anywhere in the texts ("monitor" finds "monitoring"),
which no ordinary index serves: at 100,000 meetings, reading every text took 100-500 ms a
search, ten times what it took at a tenth of the data.

- **SQLite:** an FTS5 table ``search_meeting_texts`` with the trigram tokenizer over the
  meetings table itself (external content: it stores no copy of the texts), kept current by
  triggers. A phrase query finds the letters inside any of the texts, case ignored in every
  script, from the index.
- **PostgreSQL:** ``pg_trgm`` GIN indexes on ``lower()`` of each text, which serve the
  ``lower(column) LIKE '%…%'`` the search writes (as for names,
  :mod:`app.services.search.name_trigrams`, whose migration installs ``pg_trgm``).

The index only proposes meeting ids: the meetings are then read through the visibility rule
and, when a word is part of a hidden name, checked against their masked texts
(:mod:`app.services.list_search`). The objects are named ``search_…`` so that Alembic leaves
them alone; the migration "Meeting text trigrams" freezes this SQL as it made it.
"""

from __future__ import annotations

from sqlalchemy import column, or_, select, table

from app.services.people.names import contains_folded
from app.services.planner import unindexed
from app.services.search.name_trigrams import by_dialect, trigram_phrase

#: The texts of a meeting the index holds, in the order of the FTS5 table's columns.
MEETING_TEXT_COLUMNS = ("title", "place", "purpose", "objective", "notes", "outcome")
TEXTS_TABLE = "search_meeting_texts"

texts = table(TEXTS_TABLE, column("rowid"), column(TEXTS_TABLE))


def _values(row: str) -> str:
    return ", ".join(f"{row}{name}" for name in MEETING_TEXT_COLUMNS)


def sqlite_create() -> list[str]:
    """The FTS5 table over the meetings' texts, its triggers, and the texts already there."""
    columns = ", ".join(MEETING_TEXT_COLUMNS)
    insert = (f"INSERT INTO {TEXTS_TABLE}(rowid, {columns}) "
              f"VALUES (new.id, {_values('new.')});")
    delete = (f"INSERT INTO {TEXTS_TABLE}({TEXTS_TABLE}, rowid, {columns}) "
              f"VALUES ('delete', old.id, {_values('old.')});")
    return [
        (f"CREATE VIRTUAL TABLE {TEXTS_TABLE} USING fts5({columns}, content = 'meetings', "
         f"content_rowid = 'id', tokenize = 'trigram')"),
        f"CREATE TRIGGER {TEXTS_TABLE}_insert AFTER INSERT ON meetings BEGIN {insert} END",
        (f"CREATE TRIGGER {TEXTS_TABLE}_update AFTER UPDATE OF id, {columns} ON meetings "
         f"BEGIN {delete} {insert} END"),
        f"CREATE TRIGGER {TEXTS_TABLE}_delete AFTER DELETE ON meetings BEGIN {delete} END",
        f"INSERT INTO {TEXTS_TABLE}({TEXTS_TABLE}) VALUES ('rebuild')",
    ]


def sqlite_drop() -> list[str]:
    """Undo :func:`sqlite_create`."""
    return [f"DROP TRIGGER IF EXISTS {TEXTS_TABLE}_{event}"
            for event in ("insert", "update", "delete")] + [f"DROP TABLE IF EXISTS {TEXTS_TABLE}"]


def postgres_create() -> list[str]:
    """One ``pg_trgm`` GIN index per text (``pg_trgm`` is installed by the name trigrams)."""
    return [f"CREATE INDEX {TEXTS_TABLE}_{name} ON meetings USING gin (lower({name}) "
            f"gin_trgm_ops)" for name in MEETING_TEXT_COLUMNS]


def postgres_drop() -> list[str]:
    """Undo :func:`postgres_create`."""
    return [f"DROP INDEX IF EXISTS {TEXTS_TABLE}_{name}" for name in MEETING_TEXT_COLUMNS]


def meeting_texts_hold(word: str):
    """SQL condition on Meeting: one of its texts holds ``word`` (case ignored), from the
    index for a word of three letters or more (on SQLite; PostgreSQL's indexes serve the
    columns' own ``LIKE``).

    On SQLite the meeting ids the index gives are a list each meeting of the list's order is
    looked up in (``+id IN``): a common word (tens of thousands of meetings) then costs what a
    rare one does, a walk of the covering index on the date that stops at the search's window,
    where reading every meeting the index gives took 70 ms. PostgreSQL chooses from its
    statistics between the same walk and reading the indexes.
    """
    from app.models import Meeting

    in_columns = or_(*(contains_folded(getattr(Meeting, name), word)
                       for name in MEETING_TEXT_COLUMNS))
    phrase = trigram_phrase(word)
    if phrase is None:
        return in_columns
    indexed = select(texts.c.rowid).where(texts.c[TEXTS_TABLE].match(phrase))
    return by_dialect(sqlite=unindexed(Meeting.id).in_(indexed), other=in_columns)
