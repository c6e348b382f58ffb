"""Every query of the busiest pages is served by an index: no page reads a whole big table.

SQLite plans a query without statistics on the data, so the plan it shows for a page on the
small synthetic data (tests/page_data.py) is the plan it follows with 100,000 meetings and
500,000 raisings: a ``SCAN`` of a big table here is a full read there. Each page below is asked
for as the admin (who sees every record) and as an officer with follow-ups of their own, and
``EXPLAIN QUERY PLAN`` is run on every statement it ran. Walking an index in order
(``SCAN … USING INDEX``, stopped by the LIMIT of a page) and counting from an index alone
(``USING COVERING INDEX``) are allowed; a bare ``SCAN`` of a big table fails, and so does a
read through an index on a column of few values alone (SQLite takes ``direction = 'ours'`` for
a narrow filter: it is half the follow-ups), unless :data:`WHOLE_TABLE_READS` says why that
page may, naming the one statement it excuses.

PostgreSQL plans by its statistics and the sizes of the tables: check it on large data with
``EXPLAIN ANALYZE`` (the figures are in the page benchmark's notes, README).
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from sqlalchemy import event, text

from app.extensions import db, limiter
from app.models import Role, Sensitivity
from app.security.passwords import hash_password
from tests.page_catalogue import pages, send
from tests.page_data import create_admin, create_officer, grow, sign_in
from tests.support.database import BACKEND, empty_tables
from tests.support.signing_in import PASSWORD, login

pytestmark = pytest.mark.skipif(
    BACKEND != "sqlite", reason="PostgreSQL's plans depend on its statistics and table sizes")

#: The pages checked (tests/page_catalogue.py names).
PAGES = ("dashboard.index", "follow_ups.index", "tracker.index", "persons.detail",
         "persons.all_our_commitments", "persons.all_meetings", "persons.all_raised",
         "meetings.index", "meetings.edit", "persons.index", "admin.audit.index")
#: The main lists in their other orders (?sort=, app/services/sorting.py): (page, order).
SORTED = (("meetings.index", "sort=when&dir=asc"), ("meetings.index", "sort=status&dir=asc"),
          ("meetings.index", "sort=title&dir=asc"),
          ("persons.index", "sort=name&dir=desc"), ("admin.audit.index", "sort=action&dir=asc"),
          ("follow_ups.index", "overdue_sort=due&overdue_dir=desc&closed_sort=status"))
#: Who asks: an admin, an officer cleared for everything, and one cleared for normal records.
WHO = ("admin", "officer", "normal officer")
#: Pages only the admin may open (the officer's answer is 403, nothing to plan).
ADMIN_ONLY = ("admin.audit.index",)
#: Tables that grow with the work of years (tens of thousands of rows and more at large).
BIG_TABLES = {"persons", "person_names", "affiliations", "meetings", "meeting_persons",
              "meeting_users", "raisings", "follow_ups", "follow_up_changes", "case_updates",
              "audit_events", "packs"}
#: (page, table) -> (what the excused statement starts with, why that page may read the whole
#: table). Only that statement is excused: any other whole read of the table on the page fails
#: (the list of live persons once took a narrow index on archived_at and sorted them all, and
#: the tracker's excuse for its count hid it).
WHOLE_TABLE_READS = {
    ("tracker.index", "persons"): (
        "SELECT count(", ("the count of stakeholders over all events: kept "
                          "PARLEY_CHART_SECONDS per clearance (app/services/reporting/tracker.py)")),
    ("persons.index", "persons"): (
        "SELECT count(", ("the list's total: a COUNT of the current stakeholders the reader may "
                          "see (the rows themselves are read by the index on names)")),
    ("dashboard.index", "follow_ups"): (
        "SELECT (SELECT count(", ("the open follow-ups of each scope counted (open, overdue, "
                                  "due this week), each read from the index "
                                  "ix_follow_ups_open_review and stopped at COUNT_CAP + 1 rows "
                                  "(shown \"1,000+\"); the closed ones are not read")),
    ("follow_ups.index", "follow_ups"): (
        "SELECT (SELECT count(", ("the same capped counts of the open follow-ups as the "
                                  "dashboard's, for the sections and the scope tabs")),
    ("admin.audit.index", "audit_events"): (
        "SELECT DISTINCT", ("the record-type filter's choices (DISTINCT entity_type), an "
                            "admin's page")),
    ("meetings.index?sort=title&dir=asc", "meetings"): (
        "SELECT meetings.id", ("by title: the first 50 of the meetings matching the filters, "
                               "sorted (no index on free text; paged with OFFSET)")),
}
#: Columns with a handful of values: an index read on them alone reads a good part of the
#: table (half the follow-ups are ours), whatever SQLite, without statistics, expects of it.
FEW_VALUES = {"direction", "status", "stance", "sensitivity", "kind", "format", "archived_at",
              "erased_at", "decision"}
SCAN = re.compile(r"^SCAN (\w+)(?: AS \w+)?$")
SEARCH = re.compile(r"^SEARCH (\w+)(?: AS \w+)? USING (?:COVERING )?INDEX \w+ \((.*)\)$")


def whole_reads(statement: str, parameters) -> set[str]:
    """The big tables ``statement`` reads whole, or by a column of few values only, from
    SQLite's plan of it."""
    connection = db.engine.raw_connection()
    try:
        rows = connection.cursor().execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
        details = [row[3] for row in rows.fetchall()]
    finally:
        connection.close()
    found = set()
    for detail in details:
        if (scan := SCAN.match(detail)) and scan.group(1) in BIG_TABLES:
            found.add(scan.group(1))
        elif (search := SEARCH.match(detail)) and search.group(1) in BIG_TABLES:
            columns = {re.split(r"[=<>]", term)[0] for term in search.group(2).split(" AND ")}
            if columns <= FEW_VALUES:
                found.add(search.group(1))
    return found


@pytest.fixture(scope="module")
def planned(app):
    """{(who, page name): {table read whole: statement}} for the pages of :data:`PAGES`."""
    with app.app_context():
        grow(db.session, 1)
        admin = create_admin(db.session)
        # cleared for normal records only: every query carries the visibility rule, and an
        # index on a rule's column must not displace the one the list is ordered by
        normal = create_officer(db.session)
        officer = db.session.execute(text(  # the officer owning the most follow-ups
            "SELECT users.email FROM users JOIN follow_ups ON follow_ups.owner_user_id = users.id"
            " WHERE users.role = :role GROUP BY users.id, users.email"
            " ORDER BY count(*) DESC, users.id LIMIT 1"), {"role": Role.OFFICER.value}).scalar_one()
        # cleared for everything: the visibility rule's own subqueries are not this test's
        db.session.execute(text("UPDATE users SET password_hash = :hash, clearance = :level "
                                "WHERE email = :email"),
                           {"hash": hash_password(PASSWORD), "level": Sensitivity.AT_RISK.value,
                            "email": officer})
        db.session.commit()
        found = {page.name: page for page in pages(app, db.session)[0] if page.name in PAGES}
        for name, order in SORTED:
            path = found[name].path
            found[f"{name}?{order}"] = replace(
                found[name], path=f"{path}{'&' if '?' in path else '?'}{order}")
    results = {}
    try:
        for who in WHO:
            limiter.reset()
            client = app.test_client()
            if who == "admin":
                sign_in(client, admin)
            elif who == "normal officer":
                sign_in(client, normal)
            else:
                assert login(client, officer).status_code == 302
            for name, page in found.items():
                if who != "admin" and name.split("?")[0] in ADMIN_ONLY:
                    continue
                send(client, page)  # what is built once per process is not planned
                statements = []

                def seen(conn, cursor, statement, parameters, context, executemany,
                         statements=statements):
                    if statement.lstrip().upper().startswith("SELECT"):
                        statements.append((statement, parameters))

                with app.app_context():
                    engine = db.engine
                event.listen(engine, "before_cursor_execute", seen)
                try:
                    response = send(client, page)
                finally:
                    event.remove(engine, "before_cursor_execute", seen)
                assert response.status_code == 200, (who, name, response.status_code)
                with app.app_context():
                    results[(who, name)] = [(table, statement) for statement, parameters
                                            in statements
                                            for table in whole_reads(statement, parameters)]
    finally:
        with app.app_context():
            db.session.remove()
            empty_tables()
            db.session.remove()
    return results


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("name", [*PAGES, *(f"{name}?{order}" for name, order in SORTED)])
def test_no_page_reads_a_whole_big_table(planned, who, name):
    """Each big table a page's query reads whole is allowed by WHOLE_TABLE_READS, with why,
    for that statement only."""
    if who != "admin" and name.split("?")[0] in ADMIN_ONLY:
        pytest.skip("an admin's page")
    assert (who, name) in planned, f"{name} was not measured"
    unexplained = [(table, statement) for table, statement in planned[(who, name)]
                   if not excused(name, table, statement)]
    assert unexplained == [], f"{name} ({who}) reads whole tables: {unexplained}"


def excused(name: str, table: str, statement: str) -> bool:
    """True when :data:`WHOLE_TABLE_READS` allows ``statement`` of page ``name`` to read
    ``table`` whole."""
    allowed = WHOLE_TABLE_READS.get((name, table)) or WHOLE_TABLE_READS.get(
        (name.split("?")[0], table))
    return allowed is not None and statement.lstrip().startswith(allowed[0])


@pytest.mark.truncate("asks SQLite for query plans through a raw driver connection")
def test_the_check_sees_a_whole_read(app_context):
    """A query on an unindexed column, or read by a column of few values, is reported."""
    assert whole_reads("SELECT id FROM follow_ups WHERE description = ?", ("x",)) == {
        "follow_ups"}
    assert whole_reads("SELECT description FROM follow_ups WHERE direction = ?", ("ours",)) == {
        "follow_ups"}
    assert whole_reads("SELECT id FROM follow_ups WHERE meeting_id = ?", (1,)) == set()
