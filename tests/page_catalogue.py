"""The pages to measure: every page in Parley's URL map, with the busiest record's id.

Shared by the page benchmark (``python -m tests.benchmarks pages``) and the page-bounds test
(tests/test_page_bounds.py), so both look at the same list and a new page is measured as soon
as its route exists:

- every GET route of the URL map, except those in :data:`NOT_PAGES` (files, sign-in steps,
  steps of an upload);
- a route's ``<int:...>`` arguments are filled with the **busiest** record of its kind, chosen
  by SQL (:data:`BUSIEST`: most meetings, raisings, findings…); a route with an argument that
  has no rule there is returned apart (:func:`pages` ``missing``), and the benchmark says so;
- some pages are measured again with a query (:data:`QUERIES`: a search, the type-ahead);
- the HTML previews of the busiest meeting's pack and the busiest event's brief, which are
  POSTs of the form on their page (:data:`PREVIEWS`), sent as a browser would
  (:func:`form_fields`).
"""

from __future__ import annotations

import collections
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from sqlalchemy import func, select, text

from app.extensions import db

#: GET routes that are not pages to measure, and why.
NOT_PAGES = {
    "static": "static files",
    "auth.login": "the sign-in steps",
    "auth.login_code": "the sign-in steps",
    "auth.reauth": "the sign-in steps",
    "health.healthz": "a health probe for monitoring",
    "calendar.feed": "a calendar feed addressed by a secret token",
    "packs.download": "an issued file, byte for byte",
    "contacts.mapping": "a step of a contacts upload (redirects without one)",
    "contacts.report": "a step of a contacts upload (redirects without one)",
    "imports.preview": "a step of a briefing upload (redirects without one)",
    "upr.preview": "a step of a UPR list upload (redirects without one)",
    "account.two_factor_setup": "setting up a second factor (the admin has one: redirects)",
    "drafts.show": "a form's draft, for drafts.js (JSON; nothing without one)",
    "drafts.resume": "a step of signing in again (redirects without a held save)",
}
#: Routes ending like this are files (exports, renditions, calendar entries), not pages.
FILE_SUFFIXES = (".csv", ".vcf", ".ics", ".md", ".pdf")
#: Blueprints that only serve files.
FILE_BLUEPRINTS = ("exports.",)

#: ``<int:argument>`` -> (table, [(child table, column pointing at it), ...]): the row with the
#: most children in all these tables together is the busiest.
BUSIEST = {
    "person_id": ("persons", [("meeting_persons", "person_id"), ("raisings", "person_id")]),
    "meeting_id": ("meetings", [("raisings", "meeting_id"), ("meeting_persons", "meeting_id"),
                                ("follow_ups", "meeting_id")]),
    "recommendation_id": ("recommendations", [("raisings", "recommendation_id"),
                                              ("recommendation_status_changes",
                                               "recommendation_id")]),
    "case_id": ("cases", [("raisings", "case_id"), ("case_updates", "case_id")]),
    "event_id": ("dialogue_events", [("meetings", "event_id")]),
    "organisation_id": ("organisations", [("affiliations", "organisation_id")]),
    "theme_id": ("themes", [("recommendation_themes", "theme_id"), ("case_themes", "theme_id"),
                            ("findings", "theme_id")]),
    "source_id": ("sources", [("findings", "source_id"), ("recommendations", "source_id")]),
    "follow_up_id": ("follow_ups", [("follow_up_changes", "follow_up_id")]),
    "user_id": ("users", [("meeting_users", "user_id")]),
}
#: Arguments naming a second record of the same kind (the two records a merge compares):
#: ``<argument>`` -> the argument of the first; filled with the busiest record but the first.
SECOND = {"other_id": "person_id"}
#: Arguments that are words, not ids: ``<argument>`` -> the value measured.
WORDS = {"kinds": "persons,organisations"}
#: Arguments that belong to another one: (its table, its parent's column, the parent argument).
CHILDREN = {
    "affiliation_id": ("affiliations", "person_id", "person_id"),
    "finding_id": ("findings", "source_id", "source_id"),
}

#: Pages measured a second time with a query: endpoint -> (parameter, word of :func:`query_words`).
QUERIES = {
    "search.index": ("q", "common_word"),
    "lookup.find": ("q", "name_prefix"),
}
#: Previews sent as the form on the page is: endpoint -> the submit button pressed.
PREVIEWS = {"packs.meeting": "preview", "packs.event": "preview"}


@dataclass
class Page:
    """One request to measure: ``name`` for the table, the path, and a form for a POST."""

    name: str
    endpoint: str
    arguments: tuple = ()
    query: tuple | None = None  # (parameter, word), from :data:`QUERIES`
    method: str = "GET"
    path: str = ""  # filled by :func:`pages`
    form: list = field(default_factory=list)  # filled by :func:`send` before a POST


def _is_file(rule) -> bool:
    return rule.rule.endswith(FILE_SUFFIXES) or rule.endpoint.startswith(FILE_BLUEPRINTS)


def routes(app) -> tuple[list[Page], list[str]]:
    """(the pages to measure, paths not filled in), from the URL map alone (no database).

    A GET route is left out when one of its arguments has no rule in :data:`BUSIEST` or
    :data:`CHILDREN`; it comes back in the second list, so that it is noticed.
    """
    known = set(BUSIEST) | set(CHILDREN) | set(WORDS) | set(SECOND)
    found, missing = [], []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods or rule.endpoint in NOT_PAGES or _is_file(rule):
            continue
        arguments = tuple(sorted(rule.arguments))
        if not set(arguments) <= known:
            missing.append(f"{rule.rule} (no rule for the id of "
                           f"{', '.join(sorted(set(arguments) - known))})")
            continue
        found.append(Page(rule.endpoint, rule.endpoint, arguments))
        if rule.endpoint in QUERIES:
            found.append(Page(f"{rule.endpoint} ?{QUERIES[rule.endpoint][0]}", rule.endpoint,
                              arguments, QUERIES[rule.endpoint]))
        if rule.endpoint in PREVIEWS and "POST" in rule.methods:
            found.append(Page(f"{rule.endpoint} preview", rule.endpoint, arguments,
                              method="POST"))
    return found, missing


def _busiest(session, table: str, children, besides: int = 0) -> int | None:
    """The id of the row of ``table`` with the most ``children`` (live rows first), but
    ``besides``."""
    counted = " + ".join(f"(SELECT count(*) FROM {child} c WHERE c.{column} = t.id)"
                         for child, column in children)
    live = "t.archived_at IS NULL" if "archived_at" in db.metadata.tables[table].c else "1=1"
    return session.execute(text(
        f"SELECT t.id FROM {table} t WHERE t.id <> :besides "
        f"ORDER BY CASE WHEN {live} THEN 0 ELSE 1 END, {counted} DESC, t.id LIMIT 1"),
        {"besides": besides}).scalar()


def busiest_ids(session) -> dict[str, int]:
    """The id of the busiest record of each kind (see :data:`BUSIEST`), by SQL on the tables.

    These ids only address pages that the signed-in user then asks for (and the visibility
    rule still applies to those requests); archived records are passed over when possible.
    """
    ids = {}
    for argument, (table, children) in BUSIEST.items():
        found = _busiest(session, table, children)
        if found is not None:
            ids[argument] = found
    for argument, first in SECOND.items():
        if first in ids:
            table, children = BUSIEST[first]
            found = _busiest(session, table, children, besides=ids[first])
            if found is not None:
                ids[argument] = found
    for argument, (table, parent_column, parent) in CHILDREN.items():
        if parent in ids:
            found = session.execute(text(
                f"SELECT id FROM {table} WHERE {parent_column} = :parent ORDER BY id LIMIT 1"),
                {"parent": ids[parent]}).scalar()
            if found is not None:
                ids[argument] = found
    return ids


def query_words(session) -> dict[str, str]:
    """A word many recommendations use (the search) and a common start of a name (type-ahead)."""
    words = collections.Counter()
    for title in session.execute(text("SELECT text FROM recommendations ORDER BY id LIMIT 2000")
                                 ).scalars():
        words.update(w.lower() for w in re.findall(r"[^\W\d_]{5,}", title or ""))
    prefixes = collections.Counter()
    for name in session.execute(text("SELECT full_name FROM persons ORDER BY id LIMIT 5000")
                                ).scalars():
        if name and len(name) >= 3:
            prefixes[name[:3]] += 1
    return {"common_word": words.most_common(1)[0][0] if words else "human",
            "name_prefix": prefixes.most_common(1)[0][0] if prefixes else "an"}


def pages(app, session) -> tuple[list[Page], list[str]]:
    """:func:`routes` with their paths: the busiest records' ids, the queries' words.

    A route whose record does not exist in this database (no source yet, say) is returned
    in the second list with the routes :func:`routes` could not fill.
    """
    from urllib.parse import urlencode

    from flask import url_for

    ids, words = {**busiest_ids(session), **WORDS}, query_words(session)
    found, missing = routes(app)
    filled = []
    with app.test_request_context():
        for page in found:
            if not set(page.arguments) <= set(ids):
                missing.append(f"{page.name} (no record for "
                               f"{', '.join(sorted(set(page.arguments) - set(ids)))})")
                continue
            page.path = url_for(page.endpoint, **{a: ids[a] for a in page.arguments})
            if page.query is not None:
                page.path += "?" + urlencode({page.query[0]: words[page.query[1]]})
            filled.append(page)
    return filled, missing


class _FormReader(HTMLParser):
    """The fields a browser sends for the form holding the button ``button``."""

    def __init__(self, button: str):
        super().__init__(convert_charrefs=True)
        self.button, self.forms, self.current = button, [], None
        self.textarea, self.select = None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "form":
            self.current = {"fields": [], "has_button": False}
            self.forms.append(self.current)
        elif self.current is None:
            return
        elif tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.current["fields"].append((name, attrs.get("value") or "on"))
            elif kind == "submit":
                if name == self.button:
                    self.current["has_button"] = True
                    self.current["fields"].append((name, attrs.get("value") or ""))
            elif kind not in ("button", "file", "image", "reset"):
                self.current["fields"].append((name, attrs.get("value") or ""))
        elif tag == "button" and name == self.button:
            self.current["has_button"] = True
            self.current["fields"].append((name, attrs.get("value") or ""))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select = {"name": name, "first": None, "chosen": None}
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            if self.select["first"] is None:
                self.select["first"] = value
            if "selected" in attrs:
                self.select["chosen"] = value

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea is not None and self.current is not None:
            self.current["fields"].append(tuple(self.textarea))
            self.textarea = None
        elif tag == "select" and self.select is not None and self.current is not None:
            chosen = self.select["chosen"] if self.select["chosen"] is not None \
                else self.select["first"]
            if chosen is not None:
                self.current["fields"].append((self.select["name"], chosen))
            self.select = None
        elif tag == "form":
            self.current = None


def form_fields(html: str, button: str) -> list[tuple[str, str]]:
    """The (name, value) pairs a browser posts when ``button`` of the page's form is pressed."""
    reader = _FormReader(button)
    reader.feed(html)
    for form in reader.forms:
        if form["has_button"]:
            return form["fields"]
    raise LookupError(f"no form with a {button!r} button on the page")


def send(client, page: Page):
    """Ask for ``page`` with a Flask test client (a POST first reads its form from the page)."""
    if page.method == "GET":
        return client.get(page.path)
    if not page.form:
        html = client.get(page.path).get_data(as_text=True)
        page.form = form_fields(html, PREVIEWS[page.endpoint])
    return client.post(page.path, data=_multi(page.form))


def _multi(pairs):
    from werkzeug.datastructures import MultiDict

    return MultiDict(pairs)


def measure(app, client, page: Page, max_bytes: int | None = None) -> dict:
    """Status, HTML size (bytes) and SQL statements of one request for ``page``, in-process.

    ``queries`` counts every statement; ``audit_writes`` those writing to the audit log (a
    page showing a restricted record to a cleared user records that it did, once).
    The page is asked for once first, so that what Parley builds once per process (the name
    matcher of the masking, for one) is not counted; the second request is measured. When the
    first answer is over ``max_bytes``, that one is reported, with ``queries`` None.
    """
    from tests.support.queries import count_queries

    first = send(client, page)
    if max_bytes is not None and len(first.get_data()) > max_bytes:
        return {"status": first.status_code, "bytes": len(first.get_data()), "queries": None,
                "audit_writes": None}
    with count_queries(app) as statements:
        response = send(client, page)
    audit = sum(1 for s in statements if s.lstrip().upper().startswith("INSERT INTO AUDIT_EVENTS"))
    return {"status": response.status_code, "bytes": len(response.get_data()),
            "queries": len(statements), "audit_writes": audit}


def row_counts(session) -> dict[str, int]:
    """How many rows the main tables hold (to print beside the figures)."""
    tables = ("persons", "organisations", "meetings", "raisings", "recommendations", "cases",
              "follow_ups", "audit_events")
    return {t: session.execute(select(func.count()).select_from(db.metadata.tables[t])).scalar()
            for t in tables}
