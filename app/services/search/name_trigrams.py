"""The type-ahead's index of names: a few letters typed find a person by any part of the full
name, another spelling or a post, without reading every name in Parley.

A type-ahead looks for the letters anywhere in a name ("zhyl" finds Marat Zhylanbaev), which no
ordinary index serves: at 20,000 persons, 18,000 other spellings and 40,000 posts, reading
them all took 25 ms a keystroke, ten times what it took at a tenth of the data.

- **SQLite:** an FTS5 table ``search_names`` with the trigram tokenizer, one row per full
  name, other spelling and post (rowid = the row's id * 4 + the code of its table, the person
  beside it), kept current by triggers. A phrase query on it finds the letters inside a name,
  case ignored in every script, from the index. (``LIKE`` on it would not do: SQLite checks
  each row found again with its own ``LIKE``, which ignores the case of ASCII letters only.)
- **PostgreSQL:** ``pg_trgm`` GIN indexes on ``lower()`` of the same columns, which serve the
  ``lower(column) LIKE '%…%'`` Parley already writes. ``pg_trgm`` ships with PostgreSQL and
  is a trusted extension (PostgreSQL 13 and later): the database's owner may install it.

The index only proposes person ids: the persons are then read through the visibility rule,
like every other search (app/services/search/backends.py). It is named ``search_…`` so that
Alembic leaves it alone (:func:`app.services.database_only.include_name`). The migration
"Name trigrams" freezes this SQL as it made it.
"""

from __future__ import annotations

from sqlalchemy import column, select, table
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import NullType

#: (table, code, column, the person's id column) of every name the type-ahead looks into.
NAMED = (
    ("persons", 1, "full_name", "id"),
    ("person_names", 2, "name", "person_id"),
    ("affiliations", 3, "role", "person_id"),
)
#: The code of posts in :data:`NAMED`.
POST_CODE = next(code for source, code, _, _ in NAMED if source == "affiliations")
TRIGRAM_TABLE = "search_names"
#: A term shorter than this has no trigram: it is looked for in the columns themselves.
MIN_LETTERS = 3

names = table(TRIGRAM_TABLE, column("rowid"), column("name"), column("person_id"))


def _row(source: str, code: int, name: str, person: str, row: str) -> str:
    return (f"INSERT INTO {TRIGRAM_TABLE}(rowid, name, person_id) "
            f"VALUES ({row}id * 4 + {code}, coalesce({row}{name}, ''), {row}{person});")


def sqlite_create() -> list[str]:
    """The FTS5 table, the triggers keeping it current, and the names already present."""
    statements = [(f"CREATE VIRTUAL TABLE {TRIGRAM_TABLE} USING fts5(name, person_id UNINDEXED, "
                   f"tokenize = 'trigram')")]
    for source, code, name, person in NAMED:
        delete = f"DELETE FROM {TRIGRAM_TABLE} WHERE rowid = old.id * 4 + {code};"
        prefix = f"{TRIGRAM_TABLE}_{source}"
        statements += [
            (f"CREATE TRIGGER {prefix}_insert AFTER INSERT ON {source} "
             f"BEGIN {_row(source, code, name, person, 'new.')} END"),
            (f"CREATE TRIGGER {prefix}_update AFTER UPDATE OF "
             f"{', '.join(dict.fromkeys(('id', name, person)))} ON {source} "
             f"BEGIN {delete} {_row(source, code, name, person, 'new.')} END"),
            f"CREATE TRIGGER {prefix}_delete AFTER DELETE ON {source} BEGIN {delete} END",
            (f"INSERT INTO {TRIGRAM_TABLE}(rowid, name, person_id) "
             f"SELECT id * 4 + {code}, coalesce({name}, ''), {person} FROM {source}"),
        ]
    return statements


def sqlite_drop() -> list[str]:
    """Undo :func:`sqlite_create`."""
    return [f"DROP TRIGGER IF EXISTS {TRIGRAM_TABLE}_{source}_{event}"
            for source, _, _, _ in NAMED for event in ("insert", "update", "delete")
            ] + [f"DROP TABLE IF EXISTS {TRIGRAM_TABLE}"]


def postgres_create() -> list[str]:
    """One ``pg_trgm`` GIN index per named column (the extension is installed first)."""
    return [f"CREATE INDEX {TRIGRAM_TABLE}_{source} ON {source} "
            f"USING gin (lower({name}) gin_trgm_ops)" for source, _, name, _ in NAMED]


def postgres_drop() -> list[str]:
    """Undo :func:`postgres_create` (the extension stays: other objects may use it)."""
    return [f"DROP INDEX IF EXISTS {TRIGRAM_TABLE}_{source}" for source, _, _, _ in NAMED]


def trigram_phrase(term: str) -> str | None:
    """``term`` as an FTS5 phrase (found anywhere inside a name), or None when it is too
    short to have a trigram."""
    if len(term) < MIN_LETTERS:
        return None
    return '"' + term.replace('"', '""') + '"'


def persons_named_like(phrase: str, *, posts: bool = True):
    """SELECT of the ids of persons with a full name or other spelling (and, with ``posts``, a
    post) containing the FTS5 ``phrase`` (:func:`trigram_phrase`), from the SQLite index."""
    found = select(names.c.person_id).where(names.c.name.match(phrase))
    return found if posts else found.where(names.c.rowid % 4 != POST_CODE)


class by_dialect(FunctionElement):
    """A condition written one way for SQLite and another for every other database:
    ``by_dialect(sqlite=…, other=…)``. Both are part of the statement (the visibility rule's
    criteria reach both); only the database's own is written out."""

    # not Boolean: SQLite has no boolean type, and SQLAlchemy would write a Boolean condition
    # as "(…) = 1", which SQLite cannot serve from an index
    type = NullType()
    name = "by_dialect"
    inherit_cache = True

    def __init__(self, *, sqlite, other):
        super().__init__(sqlite, other)


@compiles(by_dialect)
def _other(element, compiler, **kw):
    return compiler.process(element.clauses.clauses[1], **kw)


@compiles(by_dialect, "sqlite")
def _sqlite(element, compiler, **kw):
    return compiler.process(element.clauses.clauses[0], **kw)
