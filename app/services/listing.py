"""Lists of records: hide archived ones unless asked, search, and cut the list into pages.

Every list page is cut the same way (:func:`page_of`): one COUNT for the total, then one page
of rows. Small lists are read with OFFSET. The big ones (meetings, follow-ups, the audit log)
also give a :class:`Keyset`: their previous and next pages are then read from where the last
page stopped (``WHERE (starts_at, id) < (…)``), so page 500 costs what page 1 costs; a page
asked for by number is read with OFFSET from the nearer end of the list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Select, and_, bindparam, false, func, or_, select, tuple_
from sqlalchemy.orm import Session

#: Rows on one list page.
PER_PAGE = 50
#: Page numbers linked on each side of the current page (plus the first and the last).
NEAR = 2
#: Counted by :func:`capped_counts`, a list longer than this reads "1,000+".
COUNT_CAP = 1_000


class AtLeast(int):
    """A count that stopped at its cap: there are more rows than this. It is an ``int`` to
    compare, add and test, and reads "1,000+" wherever it is formatted or shown."""

    def __format__(self, spec: str) -> str:
        return format(int(self), spec) + "+"

    def __str__(self) -> str:
        return format(self, ",")

    __repr__ = __str__


def capped_counts(session: Session, statements: dict) -> dict:
    """How many rows each of ``statements`` gives, in one query, each counted no further than
    :data:`COUNT_CAP` + 1 rows: the database reads at most that many rows of each, whatever
    the table holds, and a count past the cap is :class:`AtLeast` ``COUNT_CAP`` ("1,000+").
    For lists that grow with years of work and whose rows each pass the visibility rule."""
    if not statements:
        return {}
    cap = COUNT_CAP
    row = session.execute(select(*(
        select(func.count()).select_from(stmt.order_by(None).limit(cap + 1).subquery())
        .scalar_subquery() for stmt in statements.values()))).one()
    return {key: AtLeast(cap) if (n or 0) > cap else (n or 0)
            for key, n in zip(statements, row, strict=True)}


def summed(counts) -> int:
    """The sum of counts of :func:`capped_counts`, capped as one count of their rows together
    would be (so a sum and a count of the same rows read the same)."""
    counts = list(counts)
    total = sum(int(n) for n in counts)
    return AtLeast(COUNT_CAP) if total > COUNT_CAP or any(map(is_capped, counts)) else total


def is_capped(total: int | None) -> bool:
    """Whether ``total`` is a count that stopped at its cap (the list's end is not known)."""
    return isinstance(total, AtLeast)


@dataclass(frozen=True)
class Keyset:
    """The order of a big list, as columns read from its rows: ``(Meeting.starts_at,
    Meeting.id)``, all ascending or all descending. The last column must be unique (the id);
    a nullable column sorts its empty values after the others. ``empty_values=False`` says
    the list holds none even in nullable columns (it is filtered on them)."""

    columns: tuple
    descending: bool = False
    empty_values: bool | None = None

    def _nullable(self, column) -> bool:
        return self.empty_values is not False and _nullable(column)

    def order(self, reverse: bool = False) -> list:
        """ORDER BY clauses: the list's order, or the reverse of it."""
        down = self.descending != reverse
        clauses = []
        for column in self.columns:
            clause = column.desc() if down else column.asc()
            if self._nullable(column):
                clause = clause.nulls_first() if reverse else clause.nulls_last()
            clauses.append(clause)
        return clauses

    def values(self, row) -> tuple:
        """The row's values of the columns (what a cursor holds)."""
        return tuple(getattr(row, column.key) for column in self.columns)

    def beyond(self, values: tuple, reverse: bool = False):
        """The condition "after the row holding ``values``" in the list's order ("before" it
        when ``reverse``)."""
        down = self.descending != reverse
        if not any(self._nullable(column) for column in self.columns):
            # One row-value comparison: both databases read it as a range of an index.
            mine = tuple_(*self.columns)
            theirs = tuple_(*(_bound(c, v) for c, v in zip(self.columns, values, strict=True)))
            return mine < theirs if down else mine > theirs
        conditions = []
        for n, (column, value) in enumerate(zip(self.columns, values, strict=True)):
            equal = [_same(c, v) for c, v in zip(self.columns[:n], values[:n], strict=True)]
            conditions.append(and_(*equal, _past(column, value, down, reverse)))
        return or_(*conditions)


def _nullable(column) -> bool:
    """Whether ``column`` may hold empty values: a table column says; an SQL expression (a
    CASE over an enum column, a subquery) may."""
    expression = getattr(column, "expression", column)
    return bool(getattr(expression, "nullable", True))


def _bound(column, value):
    return bindparam(None, value, type_=column.type)


def _same(column, value):
    return column.is_(None) if value is None else column == _bound(column, value)


def _past(column, value, down: bool, reverse: bool):
    """Rows whose ``column`` comes strictly after ``value`` (before it when ``reverse``);
    empty values come after every other value."""
    if value is None:
        return column.is_not(None) if reverse else false()
    past = column < _bound(column, value) if down else column > _bound(column, value)
    if _nullable(column) and not reverse:
        return or_(past, column.is_(None))
    return past


@dataclass
class Page:
    """One page of a list: its rows, where it sits in the list, and links to its neighbours."""

    items: list
    number: int
    has_next: bool
    total: int | None = None
    per_page: int = PER_PAGE
    urls: dict = field(default_factory=dict)
    #: The page numbers to link, ``None`` for a gap: filled by the web layer.
    numbers: list = field(default_factory=list)
    #: The list's order, when its neighbours are read by keyset.
    keyset: Keyset | None = None
    #: The links of its column headers, when the list is sortable (filled by the web layer).
    sort: object | None = None
    #: Said above its pager: a search that found more than the list shows.
    note: str = ""

    @property
    def has_previous(self) -> bool:
        """True after the first page."""
        return self.number > 1

    @property
    def pages(self) -> int:
        """How many pages the list has (at least one); as far as this page sees when the total
        is not known or capped."""
        if self.total is None or is_capped(self.total):
            return self.number + (1 if self.has_next else 0)
        return max(1, -(-self.total // self.per_page))

    @property
    def first_row(self) -> int:
        """The position in the list of the page's first row (1 for the first page)."""
        return (self.number - 1) * self.per_page + 1 if self.items else 0

    @property
    def last_row(self) -> int:
        """The position in the list of the page's last row."""
        return (self.number - 1) * self.per_page + len(self.items)

    def cursors(self) -> tuple[tuple | None, tuple | None]:
        """The keyset values of the first and last rows (None without a keyset or rows)."""
        if self.keyset is None or not self.items:
            return None, None
        return self.keyset.values(self.items[0]), self.keyset.values(self.items[-1])

    def links(self, near: int = NEAR) -> list[int | None]:
        """The page numbers worth a link: the first, the last, and ``near`` either side of this
        one; ``None`` where numbers are skipped."""
        last = self.pages
        wanted = sorted({1, last, *range(max(1, self.number - near),
                                         min(last, self.number + near) + 1)})
        numbers: list[int | None] = []
        for n in wanted:
            if numbers and n - numbers[-1] > 1:
                numbers.append(None)
            numbers.append(n)
        return numbers


class NoSuchPage(LookupError):
    """A page number past the end of the list."""


def hide_archived(stmt: Select, model, show_archived: bool = False) -> Select:
    """Leave archived records out of ``stmt`` unless ``show_archived``."""
    return stmt if show_archived else stmt.where(model.archived_at.is_(None))


def count_of(session: Session, stmt: Select) -> int:
    """How many rows ``stmt`` gives, counted by the database (the visibility rule applies)."""
    return session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0


def page_of(session: Session, stmt: Select, number: int = 1, per_page: int = PER_PAGE, *,
            keyset: Keyset | None = None, after: tuple | None = None,
            before: tuple | None = None, total: int | None = None) -> Page:
    """Page ``number`` of ``stmt`` with the list's total: a COUNT and one query for the rows.

    With a ``keyset`` (which then orders the list), ``after`` / ``before`` hold the keyset
    values of the row the page starts after / ends before (the next / previous page of the one
    shown); ``number`` is then that page's number, as far as the caller knows. Raises
    :class:`NoSuchPage` for a number past the last page.
    """
    if total is None:
        total = count_of(session, stmt)
    number = max(1, number)
    if is_capped(total):
        return _page_past_cap(session, stmt, number, per_page, total, keyset, after, before)
    last = max(1, -(-total // per_page))
    if number > last and after is None and before is None:
        raise NoSuchPage(number)
    number = min(number, last)
    if total == 0:
        return Page([], 1, False, 0, per_page, keyset=keyset)
    if keyset is None:
        rows = session.scalars(stmt.limit(per_page + 1).offset((number - 1) * per_page)).all()
        return Page(list(rows[:per_page]), number, len(rows) > per_page, total, per_page)
    page = Page([], number, False, total, per_page, keyset=keyset)
    stmt = stmt.order_by(None)  # the keyset gives the order
    if _from_cursor(session, stmt, page, after, before):
        return page
    if before is not None:
        number = 1  # back at the start of the list: show its first page as it is now
    page.number = number
    start = (number - 1) * per_page
    if start <= total // 2:
        rows = session.scalars(stmt.order_by(*keyset.order()).limit(per_page + 1)
                               .offset(start)).all()
        page.items, page.has_next = list(rows[:per_page]), len(rows) > per_page
    else:  # nearer the end: read backwards from it
        end = min(start + per_page, total)
        rows = session.scalars(stmt.order_by(*keyset.order(reverse=True))
                               .limit(end - start).offset(total - end)).all()
        page.items, page.has_next = list(reversed(rows)), number < last
    return page


def _from_cursor(session: Session, stmt: Select, page: Page, after: tuple | None,
                 before: tuple | None) -> bool:
    """Fill ``page`` with the rows after the cursor ``after`` (or the full page before
    ``before``, numbered 2 at least), read by its keyset; False when the cursor gives none
    (past the end, or fewer than a page before it)."""
    keyset, per_page = page.keyset, page.per_page
    reverse = before is not None
    cursor = before if reverse else after
    if keyset is None or cursor is None:
        return False
    rows = session.scalars(stmt.where(keyset.beyond(cursor, reverse=reverse))
                           .order_by(*keyset.order(reverse=reverse)).limit(per_page + 1)).all()
    if not reverse and rows:
        page.items, page.has_next = list(rows[:per_page]), len(rows) > per_page
        return True
    if reverse and len(rows) > per_page:
        page.items, page.has_next = list(reversed(rows[:per_page])), True
        page.number = max(2, page.number)
        return True
    return False


def _page_past_cap(session: Session, stmt: Select, number: int, per_page: int, total: int,
                   keyset: Keyset | None, after: tuple | None, before: tuple | None) -> Page:
    """Page ``number`` of a list whose count stopped at its cap: read from its start or from
    a cursor, never from its end (not known). A number past the last page is
    :class:`NoSuchPage`; a cursor past it gives the first page. The page's total says what
    it has seen: "of 1,000+" until the last page, which knows the list's length."""
    page = Page([], number, False, total, per_page, keyset=keyset)
    if keyset is not None:
        stmt = stmt.order_by(None)
        if _from_cursor(session, stmt, page, after, before):
            return _seen(page, total)
        if after is not None or before is not None:
            number = page.number = 1
        stmt = stmt.order_by(*keyset.order())
    rows = session.scalars(stmt.limit(per_page + 1).offset((number - 1) * per_page)).all()
    if not rows and number > 1:
        raise NoSuchPage(number)
    page.items, page.has_next = list(rows[:per_page]), len(rows) > per_page
    return _seen(page, total)


def _seen(page: Page, capped_total: int) -> Page:
    """The total of a page of a capped list: its last row's position on the last page,
    else at least the cap (or the rows seen so far, past it)."""
    page.total = (AtLeast(max(int(capped_total), page.last_row)) if page.has_next
                  else page.last_row)
    return page


def page_of_rows(rows: list, number: int = 1, per_page: int = PER_PAGE) -> Page:
    """Page ``number`` of a list already held in memory (at most a few hundred rows: a ranked
    search window, the theme tree). Raises :class:`NoSuchPage` past the last page."""
    last = max(1, -(-len(rows) // per_page))
    number = max(1, number)
    if number > last:
        raise NoSuchPage(number)
    start = (number - 1) * per_page
    return Page(list(rows[start:start + per_page]), number, len(rows) > start + per_page,
                len(rows), per_page)
