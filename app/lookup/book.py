"""The records named by the lookup fields of one request, loaded together: one query per
kind, the first time a label is needed, whatever the number of fields and rows."""

from __future__ import annotations

from flask import g, has_request_context

from app.extensions import db
from app.services.lookup import KINDS, Choice, load

_BOOK_KEY = "parley_lookup_book"


def book_for(owner) -> Book:
    """The request's book (``owner``'s own outside a request)."""
    if has_request_context():
        if _BOOK_KEY not in g:
            setattr(g, _BOOK_KEY, Book())
        return getattr(g, _BOOK_KEY)
    if not hasattr(owner, "_own_book"):
        owner._own_book = Book()
    return owner._own_book


class Book:
    """The records named by the lookup fields of one request, loaded together when needed."""

    def __init__(self) -> None:
        self.wanted: set[tuple[str, int]] = set()
        self.loaded: set[tuple[str, int]] = set()
        self.found: dict[tuple[str, int], Choice] = {}

    def want(self, references) -> None:
        """Note records whose labels will be needed."""
        self.wanted.update(r for r in references if r not in self.loaded)

    def get(self, reference: tuple[str, int]) -> Choice | None:
        """The record (None when missing or hidden), loading every wanted one not yet loaded."""
        if reference not in self.loaded:
            batch = (self.wanted | {reference}) - self.loaded
            self.found.update(load(db.session(), [(KINDS[k], i) for k, i in batch]))
            self.loaded |= batch
            self.wanted -= batch
        return self.found.get(reference)

    def add(self, choice: Choice) -> None:
        """Remember a record found another way (a resolved name)."""
        reference = (choice.kind.name, choice.id)
        self.found[reference] = choice
        self.loaded.add(reference)
