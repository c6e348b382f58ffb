"""The flow shared by every record page: list pages, create, edit with the stale-save check.

Views stay thin: they load the record (``get_or_404``), build the form and call
:func:`create_page` or :func:`edit_page`; archive and restore are in
:mod:`app.record_views.archiving`.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import Select

from app.extensions import db
from app.record_views import list_cursors
from app.record_views.saving import STALE_MESSAGE, STALE_STATUS, posted_version, save_once
from app.routing import int_arg
from app.security.masking import as_typed_in_address
from app.services.data_protection.sensitivity_changes import LOWERING_REQUESTED, hold_lowering
from app.services.list_search import text_search
from app.services.listing import (
    PER_PAGE,
    Keyset,
    NoSuchPage,
    Page,
    is_capped,
    page_of,
    page_of_rows,
)
from app.services.sorting import SortChoice, Sorting, SortLinks
from app.templating import format_date, label

SAVED = "Saved."


def list_page(stmt: Select | list, *, keyset: Keyset | None = None,
              sorting: Sorting | None = None, name: str = "", per_page: int = PER_PAGE,
              total: int | None = None, page_arg: str | None = None,
              past_end_is_last: bool = False, note: str = "") -> Page:
    """The page of ``stmt`` asked for in the query string, with its total and links to its
    neighbours and to nearby page numbers (:func:`app.services.listing.page_of`).

    The page is ``?page=N``; a big list with a ``keyset`` links its previous and next pages
    with a signed ``?cursor=``. ``name`` tells apart several lists on one page (``?overdue_page=``,
    ``?overdue_cursor=``, and links jump to the element of that id). A junk or tampered cursor
    or a page below 1 gives the first page; a page past the last one, 404. ``page_arg`` names
    the page number otherwise (the tracker's stakeholders are ``?columns=``). A link changes
    the page where it stands in the address and keeps the rest as it is.
    ``past_end_is_last`` (with ``total``) shows the last page instead of 404 for a number past
    it: a page returned to after its last row was closed from it. A ``total`` that stopped at
    its cap (:class:`app.services.listing.AtLeast`) reads "1,000+" and links the pages near
    this one, not the last.

    With a ``sorting``, the list is shown in the order the address asks for (``?sort=title&
    dir=asc``, ``?overdue_sort=`` for a named list; :class:`app.services.sorting.Sorting`),
    its pages keep that order, and ``page.sort`` holds the links of its column headers.
    ``note`` is said above the pager (a search that found more than it lists).
    """
    cursor_arg = f"{name}_cursor" if name else "cursor"
    page_arg = page_arg or (f"{name}_page" if name else "page")
    sort_args = (f"{name}_sort", f"{name}_dir") if name else ("sort", "dir")
    choice = None
    if sorting is not None:
        choice = sorting.choose(*(request.args.get(arg) for arg in sort_args))
        if choice.by_keyset:
            keyset = choice.keyset
        else:
            keyset = None
            if not isinstance(stmt, Select):
                raise TypeError("only a query can be put in a column's order")
            stmt = stmt.order_by(None).order_by(*choice.order_by())
    list_id = _list_id(name, choice)
    number = max(1, int_arg(page_arg, 1) or 1)
    after = before = None
    cursor = list_cursors.read(request.args.get(cursor_arg), list_id, keyset)
    if cursor is not None:
        number, after, before = cursor
    elif past_end_is_last and total is not None and not is_capped(total):
        number = min(number, max(1, -(-total // per_page)))
    try:
        if isinstance(stmt, list):
            page = page_of_rows(stmt, number, per_page)
        else:
            page = page_of(db.session(), stmt, number, per_page, keyset=keyset, after=after,
                           before=before, total=total)
    except NoSuchPage:
        abort(404)

    def link(**args) -> str:
        query: dict = {}
        for key, values in request.args.lists():
            if key == "endpoint" or key.startswith("_"):
                continue  # url_for's own arguments (a 500, or a link elsewhere), never a filter
            if key in (page_arg, cursor_arg):
                query.update(args)  # the new page stands where the old one stood
            else:
                query[key] = values
        query.update(args)
        return _address(query, name)

    def numbered(n: int) -> str:
        return link(**({page_arg: n} if n > 1 else {}))

    first, last = page.cursors()
    if page.has_previous:
        page.urls["previous"] = (
            link(**{cursor_arg: list_cursors.write(list_id, page.number - 1, first,
                                                   before=True)})
            if first is not None and page.number > 2 else numbered(page.number - 1))
    if page.has_next:
        page.urls["next"] = (
            link(**{cursor_arg: list_cursors.write(list_id, page.number + 1, last)})
            if last is not None else numbered(page.number + 1))
    page.numbers = [(n, None if n is None or n == page.number else numbered(n))
                    for n in page.links()]
    if sorting is not None and choice is not None:
        page.sort = _sort_links(sorting, choice, name, (page_arg, cursor_arg, *sort_args))
    page.note = note
    return page


def searched_page(stmt: Select, text: str | None, model, columns, *, sorting: Sorting,
                  noun: str, also=None, indexed=None, options=()) -> Page:
    """The :func:`list_page` of ``stmt`` (with every filter but the search box) narrowed to
    the records holding every word of ``text`` in ``columns`` as the reader sees them
    (:func:`app.services.list_search.text_search`, read in ``sorting``'s usual order), with
    loader ``options`` for what the page shows."""
    found = text_search(db.session(), stmt, text, model, columns, noun=noun, also=also,
                        indexed=indexed, order=sorting.default_choice().order_by())
    return list_page(found.stmt.options(*options), sorting=sorting, note=found.note)


def _endpoint() -> str:
    """The endpoint of the page being shown (a list page always has one)."""
    if request.endpoint is None:
        raise LookupError("no endpoint: the request matched no route")
    return request.endpoint


def _list_id(name: str, choice: SortChoice | None = None) -> str:
    """Which list, in which order, a cursor belongs to: a cursor is refused by any other list
    and by the same list in another order."""
    return f"{request.endpoint}:{name}" + (f":{choice.key}" if choice is not None else "")


def _sort_links(sorting: Sorting, choice: SortChoice, name: str, dropped: tuple) -> SortLinks:
    """The link of each column header: the list's first page in that column's order (the
    reverse of the current one for the column sorted now), keeping the other filters."""
    sort_arg, dir_arg = dropped[-2:]
    kept: dict[str, Any] = {key: values for key, values in request.args.lists()
                            if key not in dropped and key != "endpoint" and not key.startswith("_")}
    urls = {}
    for column in sorting.columns:
        if column == choice.name:
            descending = not choice.descending
        else:
            descending = sorting.first_direction_is_descending(column)
        order: dict[str, Any] = {sort_arg: column, dir_arg: "desc" if descending else "asc"}
        urls[column] = _address({**kept, **order}, name)
    return SortLinks(choice, urls)


#: The arguments of a list's address that Parley writes itself (which page, which order);
#: every other one holds the reader's words (also with a list's name before it).
_LIST_ARGS = ("page", "cursor", "sort", "dir")


def _is_typed(key: str) -> bool:
    return key.rsplit("_", 1)[-1] not in _LIST_ARGS


#: A value of the address longer than this is left out of a list's links: no filter takes
#: one (a search box takes 200 characters), so the list ignored it, and every link would
#: carry it three times over.
MAX_TYPED_IN_LINKS = 1_000


def _address(query: dict[str, Any], anchor: str) -> str:
    """This list's address with ``query`` (a value or a list of values per name); the letters
    of the values holding the reader's own words (a search, a name typed into a filter) are
    percent-encoded byte by byte. The masking reads the page's text: a hidden name left
    readable in a link would be masked there, which would break the link and tell the reader
    that the name they typed is hidden (see :func:`app.security.masking.as_typed`)."""
    url = url_for(_endpoint(), **(request.view_args or {}),
                  **{key: value for key, value in query.items() if not _is_typed(key)})
    words = [f"{quote(key)}={as_typed_in_address(str(value))}"
             for key, values in query.items() if _is_typed(key)
             for value in (values if isinstance(values, list) else [values])
             if len(str(value)) <= MAX_TYPED_IN_LINKS]
    if words:
        url += ("&" if "?" in url else "?") + "&".join(words)
    return f"{url}#{anchor}" if anchor else url


def show(template: str, **context) -> str:
    """Render a page, then commit (views of restricted records are audited at the request's end)."""
    html = render_template(template, **context)
    db.session.commit()
    return html


def shown(value) -> str:
    """A value as a person reads it (dates, enums, lists of records, empty)."""
    if value is None or value == "" or value == []:
        return "(empty)"
    if isinstance(value, enum.Enum):
        return label(value)
    if isinstance(value, (date, datetime)):
        return format_date(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, (list, tuple, set)):
        return ", ".join(str(getattr(v, "name", v)) for v in value)
    return str(value)


def newer_values(record, labels) -> dict[str, str]:
    """What the record holds now, for each ``(attribute, label)`` shown in the stale notice."""
    return {name: shown(getattr(record, name, None)) for name, _ in labels}


def create_page(form, template: str, *, new_record, added, done_url, apply=None, **context):
    """Show ``form`` for a new record; on a valid post create it, commit, and go to it.

    ``new_record()`` makes the empty record, ``apply(form, record)`` fills it (default: the
    form's declared fields) and ``added`` is the message flashed (text, or made from the record).
    """
    if form.validate_on_submit():
        record = new_record()
        (apply or _copy_form)(form, record)
        db.session.add(record)
        db.session.commit()
        flash(added(record) if callable(added) else added, "success")
        return redirect(done_url(record))
    return show(template, form=form, record=None, **context)


def edit_page(record, form, template: str, *, labels, done_url, apply=None, **context):
    """Show ``form`` for ``record``; on a valid post save it, unless someone saved first.

    ``apply(form, record)`` copies the form onto the record (default: the form's declared
    fields). A stale version is refused: nothing is written, the newer values are shown, and
    the form keeps what the officer typed (with the new version, so a second save is deliberate).
    A lowered sensitivity is held for an admin's approval (the two-person rule,
    :func:`app.services.data_protection.sensitivity_changes.hold_lowering`); the other fields save.
    """
    stale = None
    if request.method == "GET":
        form.show_version(record.version)
    elif form.validate_on_submit():
        def save():
            before = getattr(record, "sensitivity", None)
            (apply or _copy_form)(form, record)
            return hold_lowering(db.session, record, before, current_user.id)

        outcome = save_once(record, form.version.data, save, [name for name, _ in labels])
        if not outcome.is_stale:
            flash(SAVED, "success")
            if outcome.result is not None:
                flash(LOWERING_REQUESTED, "warning")
            return redirect(done_url(record))
        stale = newer_values(record, labels)
        form.show_version(record.version)
    html = render_template(template, form=form, record=record, stale=stale, stale_labels=labels,
                           **context)
    return (html, STALE_STATUS) if stale is not None else html


def change_page(record, form, change, *, show_page, done_url, saved, check_version: bool = True):
    """Apply one change posted from a record's page (a dated update, a status), unless someone
    saved the record first.

    ``change()`` makes the change, ``saved`` is the message flashed (text, or made from what
    ``change()`` returned) and ``show_page(record, form)`` renders the record's page. An
    invalid form answers 422; a stale one 409: nothing is written and the page shows the record
    as it is now, with the officer's entries still in the form. ``check_version=False`` skips
    the form's version (a change that cannot conflict); a racing save is still refused.
    """
    if not form.validate_on_submit():
        return show_page(record, form), 422
    version = posted_version(form.version.data, record) if check_version else record.version
    outcome = save_once(record, version, change, ())
    if outcome.is_stale:
        flash(f"{STALE_MESSAGE} Your entries are still in the form: check them, then save again.",
              "error")
        form.show_version(record.version)
        return show_page(record, form), STALE_STATUS
    flash(saved(outcome.result) if callable(saved) else saved, "success")
    return redirect(done_url(record))


def _copy_form(form, record) -> None:
    form.copy_to(record)
