"""How synthetic records are told from real ones, without a column of their own.

Every synthetic user account has an e-mail address at :data:`SYNTHETIC_DOMAIN` (a reserved
``.example`` domain: no real address ends so), and every synthetic record of a tracked table
(persons, organisations, posts, themes, sources, findings, key facts, recommendations,
cases, events, meetings, raisings, follow-ups) is created by one of those accounts
(``created_by_id``). A record is therefore *real* when its creator is empty or is not a
synthetic account. Rows without a creator of their own (other spellings, meeting links, case
updates, histories) belong to a tracked record and follow it. User accounts alone are not
records: a new installation with only its first admin may be seeded.

A record that someone creates later while signed in as a synthetic account counts as
synthetic too: synthetic databases are for trying Parley out and measuring it, not for work.
"""

from __future__ import annotations

from sqlalchemy import Connection, Table, exists, func, select

from app.extensions import Model
from app.models import Person, Tracked, User

#: The domain of every synthetic account's e-mail (``.example`` is reserved, RFC 2606).
SYNTHETIC_DOMAIN = "synthetic.parley.example"


class RealRecordsFound(RuntimeError):
    """The database holds records that seed-synthetic did not make."""


class SyntheticDataFound(RuntimeError):
    """The database holds synthetic data already."""


def tracked_tables() -> list:
    """The tables of every record with a creator (:class:`app.models.Tracked`), by name."""
    tables = {table.name: table for mapper in Model.registry.mappers
              if issubclass(mapper.class_, Tracked)
              and isinstance(table := mapper.local_table, Table)}
    return [tables[name] for name in sorted(tables)]


def synthetic_users():
    """Core subquery: ids of the synthetic accounts."""
    users = User.__table__
    return select(users.c.id).where(users.c.email.like(f"%@{SYNTHETIC_DOMAIN}"))


def tables_with_real_records(connection: Connection) -> list[str]:
    """Names of the tracked tables holding at least one record not made by a synthetic account."""
    found = []
    for table in tracked_tables():
        creator = table.c.created_by_id
        real = exists().where(creator.is_(None) | creator.not_in(synthetic_users())).select_from(
            table)
        if connection.scalar(select(real)):
            found.append(table.name)
    return found


def synthetic_persons(connection: Connection) -> int:
    """How many persons synthetic accounts created."""
    persons = Person.__table__
    return connection.scalar(select(func.count()).select_from(persons).where(
        persons.c.created_by_id.in_(synthetic_users()))) or 0


def check_database(connection: Connection, force: bool) -> None:
    """Refuse (raise) unless the database is free of real and synthetic records or ``force``."""
    if force:
        return
    real = tables_with_real_records(connection)
    if real:
        raise RealRecordsFound(
            f"the database holds records not made by seed-synthetic ({', '.join(real[:4])}"
            f"{', …' if len(real) > 4 else ''}); seed an empty database, or add --force to add "
            "synthetic data beside them.")
    if any(connection.scalar(select(exists().select_from(table))) for table in tracked_tables()):
        raise SyntheticDataFound(
            f"the database holds synthetic data already ({synthetic_persons(connection)} "
            "persons); use a fresh database, or add --force to add another set.")
