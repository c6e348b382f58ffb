"""Pentest finding: ids and page numbers beyond the database's integers gave a 500.

Every ``<int:...>`` in a URL and every id or page number in a query string answers 404 when
it is larger than any id the database can hold, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import re

import pytest

from app.routing import MAX_ID

HUGE = ("2147483648", "9223372036854775808", "99999999999999999999")
NOT_FOUND = "There is nothing here, or you are not cleared to see it."


def _int_rules(app):
    for rule in app.url_map.iter_rules():
        if "<int:" in rule.rule:
            yield rule


def test_ids_beyond_the_database_integer_answer_404_on_every_route(app, admin_client):
    rules = list(_int_rules(app))
    assert len(rules) > 40  # the walk covers the whole application
    for rule in rules:
        method = "GET" if "GET" in rule.methods else "POST"
        for value in HUGE:
            url = re.sub(r"<int:\w+>", value, rule.rule)
            url = re.sub(r"<\w+>", "done", url)
            response = admin_client.open(url, method=method)
            assert response.status_code == 404, (method, url, response.status_code)
            assert NOT_FOUND in response.get_data(as_text=True), url


def test_the_largest_id_is_looked_up_without_error(app, admin_client):
    response = admin_client.get(f"/persons/{MAX_ID}")
    assert response.status_code == 404 and NOT_FOUND in response.get_data(as_text=True)
    assert admin_client.get(f"/persons/{MAX_ID + 1}").status_code == 404


@pytest.mark.parametrize("path", ["/persons/", "/organisations/", "/cases/", "/meetings/",
                                  "/recommendations/", "/sources/"])
def test_page_numbers_beyond_range_answer_404(app, admin_client, path):
    for first in ("1", "0", "-1", "abc"):  # a page below 1 or not a number: the first page
        assert admin_client.get(path, query_string={"page": first}).status_code == 200
    # past the last page (the list is empty: page 2 does not exist) and past MAX_ID
    assert admin_client.get(path, query_string={"page": "2"}).status_code == 404
    assert admin_client.get(path, query_string={"page": str(MAX_ID)}).status_code == 404
    for value in HUGE:
        response = admin_client.get(path, query_string={"page": value})
        assert response.status_code == 404, (path, value)
        assert NOT_FOUND in response.get_data(as_text=True)


def test_query_string_ids_beyond_range_answer_404(app, admin_client):
    for value in HUGE:
        response = admin_client.get("/meetings/new", query_string={"event_id": value})
        assert response.status_code == 404
