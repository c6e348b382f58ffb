"""Sections of a record's page that grow with the data: the latest rows, the total, the full list.

A record's page (a stakeholder's profile, a case, an event, ...) shows of each part that grows
(meetings, raisings, updates, packs, ...) only the latest :data:`LATEST` rows, with how many
there are in all and a link to the full list of that part, which is paged.

- :class:`SectionKind` says which rows belong to one part of a page and in what order: a
  function from the record to an ORM ``select`` (with its loader options);
- :class:`Sections` holds the parts of one kind of page (``PERSON_SECTIONS`` for profiles),
  names the template of their rows and the address of their full lists;
- :class:`Section` is one part as shown: its rows, its total and its link.

Rows and totals are ORM queries, so the visibility rule applies to both: a hidden raising is
neither shown nor counted. Each section takes one query, whatever the data: its latest rows,
each carrying the total (``count(*) OVER ()``, counted before the LIMIT: :func:`first_rows`),
plus its rows' loader options and ``extra``. A full list counts its rows in a second query
(:func:`count_of`); both read the rows :func:`numbered` in their order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from sqlalchemy import Select, func
from sqlalchemy.orm import Session

#: Rows each section shows on the record's page.
LATEST = 10


@dataclass(frozen=True)
class SectionKind:
    """One growing part of a kind of record page.

    ``rows(record)`` is the ORM ``select`` of every row of the part, ordered as shown (latest
    first), with its loader options; ``extra(session, rows)`` (optional) loads what the rows
    need besides, in a fixed number of queries (e.g. the pack state of each meeting shown).
    """

    name: str
    title: str
    rows: Callable[[Any], Select]
    empty: str = "None recorded yet."
    extra: Callable[[Session, list], Any] | None = None

    @property
    def slug(self) -> str:
        """The section's name in addresses and anchors ("their-commitments")."""
        return self.name.replace("_", "-")


@dataclass
class Section:
    """One part of a record's page as shown: some of its rows, its total, its full list."""

    kind: SectionKind
    sections: Sections
    owner: Any
    rows: list
    total: int
    extra: Any = None

    @property
    def name(self) -> str:
        """The section's name (the name of its rows macro)."""
        return self.kind.name

    @property
    def title(self) -> str:
        """The section's heading."""
        return self.kind.title

    @property
    def empty(self) -> str:
        """What the page says when the section has no rows."""
        return self.kind.empty

    @property
    def anchor(self) -> str:
        """The id of the section's heading."""
        return self.kind.slug

    @property
    def template(self) -> str:
        """The template holding the rows macro of every section of the page."""
        return self.sections.template

    @property
    def has_more(self) -> bool:
        """True when the section holds more rows than shown."""
        return self.total > len(self.rows)

    @property
    def endpoint(self) -> str:
        """The endpoint of the section's full list."""
        return self.sections.endpoint(self.kind)

    @property
    def url_args(self) -> dict:
        """The arguments of the full list's address."""
        return {self.sections.id_arg: self.owner.id}


@dataclass
class Sections:
    """The growing sections of one kind of record page, in the order they are declared.

    ``blueprint`` and ``id_arg`` name the page's blueprint and its record id in addresses
    (the full list of section ``meetings`` of person 12 is ``persons.all_meetings``,
    ``/persons/12/all/meetings``); ``template`` holds one macro per section, named after it,
    rendering its rows: ``{% macro meetings(rows, section) %}``; ``label(record)`` names the
    record on the full lists; ``page`` is the endpoint (in the blueprint) of the record's
    page, where the full lists lead back to.
    """

    blueprint: str
    id_arg: str
    template: str
    label: Callable[[Any], str] = field(default=attrgetter("title"))
    kinds: dict[str, SectionKind] = field(default_factory=dict)
    page: str = "detail"

    def section(self, name: str, title: str, *, empty: str = "None recorded yet.",
                extra: Callable[[Session, list], Any] | None = None):
        """Decorator: declare section ``name`` whose rows the decorated function selects."""
        def declare(rows: Callable[[Any], Select]) -> Callable[[Any], Select]:
            self.kinds[name] = SectionKind(name, title, rows, empty, extra)
            return rows
        return declare

    def __iter__(self) -> Iterator[SectionKind]:
        return iter(self.kinds.values())

    def get(self, name: str) -> SectionKind | None:
        """The section called ``name``, or None."""
        return self.kinds.get(name)

    def endpoint(self, kind: SectionKind) -> str:
        """The endpoint of a section's full list."""
        return f"{self.blueprint}.all_{kind.name}"

    def latest(self, session: Session, owner, *names: str, limit: int = LATEST) -> dict:
        """The latest ``limit`` rows and the total of each section (all, or only ``names``)."""
        kinds = [self.kinds[name] for name in names] if names else list(self)
        return {kind.name: self._latest(session, kind, owner, limit) for kind in kinds}

    def _latest(self, session: Session, kind: SectionKind, owner, limit: int) -> Section:
        found = session.execute(first_rows(kind.rows(owner), limit)).all()
        rows = [row[0] for row in found]
        return self.shown(session, kind, owner, rows, found[0][1] if found else 0)

    def shown(self, session: Session, kind: SectionKind, owner, rows: list,
              total: int) -> Section:
        """A section showing ``rows`` (loaded already) of ``total``."""
        extra = kind.extra(session, rows) if kind.extra is not None else None
        return Section(kind, self, owner, rows, total, extra)


def numbered(stmt: Select) -> Select:
    """``stmt`` ordered by each row's number in its own order (``row_number() OVER (ORDER BY
    ...)``), to be cut with LIMIT and OFFSET; the number is the last column.

    A section's rows are one record's (a few thousand at most). Given ``ORDER BY <the order>
    LIMIT``, PostgreSQL's planner bets on stopping early, and may walk every meeting by date
    to find a recommendation's raisings: seconds when they are old or the total reads them
    all anyway. Ordered by the number, it reads the record's rows by their index and sorts
    them: milliseconds whatever their dates. SQLite runs both shapes alike.
    """
    # Select keeps its ORDER BY in _order_by_clauses; SQLAlchemy has no public getter for it.
    place = func.row_number().over(order_by=stmt._order_by_clauses).label("section_place")
    return stmt.add_columns(place).order_by(None).order_by(place)


def first_rows(stmt: Select, limit: int) -> Select:
    """The first ``limit`` rows of ``stmt`` in its order, each with the total of all its rows
    (``count(*) OVER ()``, the second column), in one query (:func:`numbered`)."""
    total = func.count().over().label("section_total")
    return numbered(stmt.add_columns(total)).limit(limit)


def count_of(session: Session, stmt: Select) -> int:
    """How many rows ``stmt`` selects, in one query (through the visibility rule).

    ``stmt`` selects one ORM entity, without DISTINCT or GROUP BY (a section's rows).
    """
    counting = stmt.order_by(None).limit(None).offset(None).with_only_columns(
        func.count(), maintain_column_froms=True)
    return session.scalar(counting) or 0
