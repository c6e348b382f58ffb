"""The orders a list may be shown in: the columns its headers sort by, and the default.

Each list declares one :class:`Sorting`: a name for each sortable column (what the address
says, ``?sort=name&dir=desc``), the SQL column(s) it orders by, and the default order. The id
ends every order, so rows with equal values keep one order from page to page. Empty values
come last in both directions. An unknown name or direction in the address gives the default
order, never an error. A big list's pages are read by keyset in the chosen order
(:class:`app.services.listing.Keyset`); its cursors name the order they were made in, so a
cursor from another order gives the first page (:func:`app.record_views.pages.list_page`). Only
dates, numbers and codes are read by keyset: a cursor carries the values of a row, readable
in the address, and free text (a title, a commitment) may name someone the reader may see only
masked. Free-text columns are read with OFFSET.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from sqlalchemy import case

from app.services.listing import Keyset

ASCENDING, DESCENDING = "asc", "desc"


def in_declared_order(column, enum_cls: type[enum.Enum]):
    """SQL ordering an enum column the way its values are declared (planned, held, …), not
    alphabetically by the stored text; the same on both databases. Empty values stay empty."""
    return case({member.value: n for n, member in enumerate(enum_cls)}, value=column)


@dataclass(frozen=True)
class SortChoice:
    """The order a list is shown in: the column's name, its direction, and its keyset."""

    name: str
    descending: bool
    #: The order as a keyset: the column(s), then the id, all in one direction.
    keyset: Keyset
    #: ORDER BY clauses of the order read with OFFSET (``Sorting.then`` before the id).
    clauses: tuple = ()
    #: Whether the list's pages are read by keyset in this order.
    by_keyset: bool = False

    @property
    def direction(self) -> str:
        """``asc`` or ``desc``, as the address says it."""
        return DESCENDING if self.descending else ASCENDING

    @property
    def key(self) -> str:
        """The order in one word, which a list's cursor carries (``when-desc``)."""
        return f"{self.name}-{self.direction}"

    def order_by(self) -> list:
        """ORDER BY clauses of this order (empty values last)."""
        return list(self.clauses) or self.keyset.order()


@dataclass(frozen=True)
class Sorting:
    """The sortable columns of one list: ``columns`` maps the name of each (as the address
    says it) to the SQL column(s) it orders by; ``tiebreak`` is the unique column ending every
    order (the id). ``default`` is the column of the first view, in ``descending`` order;
    the columns named in ``descending_first`` (dates: newest first) sort descending on their
    first click. ``by_keyset`` names the columns whose pages are read by keyset (in a big
    list: dates, numbers and codes, never free text; the rows' own attributes, the id
    following in the same direction); ``empty_values=False`` says the list holds no empty
    value in its nullable columns (see :class:`Keyset`). An order read with OFFSET sorts
    equal values by ``then`` (ascending: sources of one day by title), then by id."""

    columns: dict[str, tuple]
    default: str
    tiebreak: object
    descending: bool = False
    descending_first: frozenset[str] = field(default_factory=frozenset)
    by_keyset: frozenset[str] = field(default_factory=frozenset)
    empty_values: bool | None = None
    then: tuple = ()

    def __post_init__(self):
        if self.default not in self.columns:
            raise ValueError(f"the default order {self.default!r} is not a sortable column")
        if not self.by_keyset <= set(self.columns):
            raise ValueError(f"keyset orders {set(self.by_keyset)} are not all sortable columns")

    def keyset(self, name: str, descending: bool) -> Keyset:
        """The order by column ``name`` in that direction, as a keyset (id last)."""
        return Keyset((*self.columns[name], self.tiebreak), descending=descending,
                      empty_values=self.empty_values)

    def choose(self, name: str | None, direction: str | None) -> SortChoice:
        """The order the address asks for; the default for a name or direction it does not
        know (a bad direction keeps the column with its first direction)."""
        if name not in self.columns:
            return self.default_choice()
        if direction in (ASCENDING, DESCENDING):
            descending = direction == DESCENDING
        else:
            descending = self.first_direction_is_descending(name)
        return self._choice(name, descending)

    def default_choice(self) -> SortChoice:
        """The list's order when the address names none."""
        return self._choice(self.default, self.descending)

    def _choice(self, name: str, descending: bool) -> SortChoice:
        keyset = self.keyset(name, descending)
        if name in self.by_keyset:
            return SortChoice(name, descending, keyset, by_keyset=True)
        chosen = Keyset(self.columns[name], descending=descending).order()
        rest = Keyset((*self.then, self.tiebreak)).order()
        return SortChoice(name, descending, keyset, tuple(chosen + rest))

    def first_direction_is_descending(self, name: str) -> bool:
        """Whether a first click on column ``name`` sorts it descending."""
        if name == self.default:
            return self.descending
        return name in self.descending_first


@dataclass
class SortLinks:
    """What a list's column headers show: the current order and a link for each column
    (the first page in that order, the other filters kept)."""

    choice: SortChoice
    urls: dict[str, str]

    def aria(self, name: str) -> str | None:
        """The ``aria-sort`` of column ``name``'s header: ascending, descending, or none."""
        if name != self.choice.name:
            return None
        return "descending" if self.choice.descending else "ascending"
