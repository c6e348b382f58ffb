"""Checks shared by the list-page tests: walk a list page by page through its pager, compare
the rows with what the list should hold, count queries, and feed it bad page numbers and
cursors.

Rows are recognised by a label ``PREFIX-0042`` in their text; a list of ``n`` rows made by a
test holds labels 0..n-1 in its order.
"""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import parse_qs, urlencode, urlsplit

from itsdangerous import URLSafeSerializer

from app.record_views.list_cursors import SALT
from tests.support.queries import count_queries


def labels(body: str, prefix: str) -> list[int]:
    """The row labels in ``body``, in order, each once."""
    return list(dict.fromkeys(int(n) for n in re.findall(rf"{re.escape(prefix)}-(\d{{4}})", body)))


def section(body: str, heading_id: str) -> str:
    """The HTML of one ``<section aria-labelledby=…>`` of a page."""
    match = re.search(rf'<section[^>]*aria-labelledby="{heading_id}">(.*?)</section>', body,
                      re.DOTALL)
    assert match, f"no section {heading_id}"
    return match.group(1)


def link(body: str, rel: str) -> str | None:
    """The address of the pager's previous or next link, or None."""
    match = re.search(rf'<a href="([^"]+)" rel="{rel}"', body)
    return html_lib.unescape(match.group(1)) if match else None


def get(client, url: str) -> str:
    """A page that must answer 200."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def with_args(url: str, **args) -> str:
    """``url`` with query arguments added or replaced."""
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query.update({k: str(v) for k, v in args.items()})
    return f"{parts.path}?{urlencode(query)}"


def walk(client, url: str, prefix: str, expected: list[int], *, per_page: int = 50,
         before: int = 0, part=lambda body: body, ordered: bool = True) -> list[str]:
    """Follow the pager from ``url`` to the last page and back to the first one: every page
    holds the next ``per_page`` rows of ``expected`` (``ordered=False``: as many rows, in the
    list's own order) and says where it sits ("51–100 of 120"). ``before`` rows without a label come first in the list. Returns the pages' HTML."""
    total = len(expected) + before
    pages, address = [], url
    while address:
        body = part(get(client, address))
        rows = labels(body, prefix)
        position = len(pages) * per_page
        want = expected[max(0, position - before):position + per_page - before]
        if ordered:
            assert rows == want, address
        else:  # ranked: the right number of rows, from the list
            assert len(rows) == len(want) and set(rows) <= set(expected), address
        shown = min(per_page, total - position)
        assert f"{position + 1:,}–{position + shown:,} of {total:,}" in body, address
        pages.append(body)
        address = link(body, "next")
    assert len(pages) == -(-total // per_page)
    for n in range(len(pages) - 1, 0, -1):  # and back, by the previous links
        back = part(get(client, link(pages[n], "prev")))
        assert labels(back, prefix) == labels(pages[n - 1], prefix), n
    return pages


def queries(app, client, url: str) -> int:
    """How many SQL statements the page runs (after one warm-up request)."""
    client.get(url)
    with count_queries(app) as statements:
        get(client, url)
    return len(statements)


def forged_cursor(secret_key: str | bytes, payload) -> str:
    """A cursor signed with ``secret_key`` (the app's: a payload Parley never wrote)."""
    return URLSafeSerializer(secret_key, salt=SALT).dumps(payload)


def bad_inputs(app, client, url: str, prefix: str, first: list[int], pages: int, *,
               page_arg: str = "page", cursor_arg: str = "cursor", list_id: str = "",
               part=lambda body: body):
    """Bad page numbers and cursors: the first page or 404, never an error. ``list_id`` names
    the list in its cursors (``meetings.index:``), for cursors signed right but holding junk."""
    for value in ("-1", "0", "abc", "", "1.5", "\x00"):
        assert labels(part(get(client, with_args(url, **{page_arg: value}))), prefix) == first
    for value in ("99999999999999999999", "-99999999999999999999", str(pages + 1),
                  str(2**31 - 1)):
        assert client.get(with_args(url, **{page_arg: value})).status_code == 404, value
    real = link(part(get(client, url)), "next") or ""
    token = parse_qs(urlsplit(real).query).get(cursor_arg, ["x"])[0]
    junk = ["x", "", "." * 3000, token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB"),
            token[::-1], "eyJsIjoiIn0.bad",
            forged_cursor("another key", {"l": list_id, "n": 2, "b": False, "k": [1]})]
    when = {"t": "2026-01-01T00:00:00+00:00"}
    for payload in ({"n": 2}, [1, 2], "text", None,
                    {"l": list_id, "n": 2, "b": False, "k": "x"},
                    {"l": list_id, "n": 2, "b": False, "k": ["x", "y"]},
                    {"l": list_id, "n": 2, "b": False, "k": [{"t": "not a date"}, 1]},
                    {"l": list_id, "n": 2, "b": False, "k": [{"d": "2026-02-31"}, 1]},
                    {"l": list_id, "n": 2, "b": False, "k": [None, None]},
                    {"l": list_id, "n": 2, "b": False, "k": [when]},
                    {"l": list_id, "n": 2, "b": False, "k": [when, 2**40]},
                    {"l": list_id, "n": 10**30, "b": False, "k": [when, 1]},
                    {"l": list_id, "n": -5, "b": True, "k": [when, 1]},
                    {"l": list_id, "n": 2, "b": "yes", "k": [when, 1]},
                    {"l": "another.list:", "n": 2, "b": False, "k": [when, 1]}):
        junk.append(forged_cursor(app.secret_key, payload))
    for value in junk:
        body = part(get(client, with_args(url, **{cursor_arg: value})))
        assert labels(body, prefix) == first, value[:60]
