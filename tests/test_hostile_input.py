"""Hostile text everywhere: every POST route and every search box, never a 500, on both databases.

The planted world is the demo (``demo`` fixture); ids in the URLs are real records of it.
Field names are read from the GET page of each route (or, for a POST-only action, from the
page above it). Sampling keeps the run short: every input class against the main forms and
the search boxes, NUL and control characters against every POST route.
"""

from __future__ import annotations

import io
import re
import unicodedata
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from sqlalchemy import select, update
from wtforms import Form

from app.extensions import db, limiter
from app.models import (
    Affiliation,
    Case,
    DialogueEvent,
    Finding,
    FollowUp,
    Meeting,
    Organisation,
    Pack,
    Person,
    PossibleDuplicate,
    Recommendation,
    SensitivityChange,
    Source,
    Theme,
    User,
)
from app.security.cleaning import CleanForm, CleanSubForm, clean_text
from tests.support.signing_in import login, reauth

#: Input classes: a name and the value posted in every field.
CLASSES = {
    "nul": "a\x00b",
    "c0 controls": "x\x01\x02\x07\x08\x1b\x1f\x7fy",
    "c1 controls": "x\x80\x85\x9b\x9fy",
    "word breaks": "line one\x0bline two\x0cpage two",
    "lone surrogate": "\ud800x\udfff",  # sent as CESU bytes %ED%A0%80: Werkzeug replaces them
    "5000 chars": "x" * 5000,
    "100000 chars": "y" * 100_000,
    "bidi override": "\u202egnp.exe\u202c \u2066isolate\u2069",
    "emoji": "👩🏽‍⚖️ 🇰🇿 ✊",
    "combining marks": "Z\u0351\u0325a\u0361\u0300\u0300\u0300lgo",
    "nfd text": unicodedata.normalize("NFD", "Ağıl Ékaterina Öztürk"),
    "sql quotes": "'; DROP TABLE persons; -- \" ' OR 1=1 --",
    "script": "<script>alert(1)</script><img src=x onerror=alert(1)>",
    "csv formula": "=cmd|' /C calc'!A0",
    "whitespace only": " \t\n\u00a0\u2003 ",
    "huge integer": "99999999999999999999999999999999",
    "negative number": "-1",
    "31 february": "2026-02-31",
    "zero date": "0000-00-00",
    "far date": "9999-12-31",
    "empty form": None,
}
#: The forms people use most: every class is posted to each.
MAIN_FORMS = ["/login", "/persons/new", "/persons/{person_id}/edit", "/organisations/new",
              "/meetings/new", "/meetings/{meeting_id}/edit", "/cases/new", "/cases/{case_id}/edit",
              "/recommendations/new", "/sources/new", "/events/new", "/themes/new"]
#: Pages with a search box or a query-string text filter.
SEARCH_PAGES = ["/persons/", "/organisations/", "/cases/", "/recommendations/", "/sources/",
                "/meetings/", "/events/", "/search/", "/lookup/persons", "/lookup/recommendations,cases,themes",
                "/follow-ups/",
                "/tracker/", "/themes/"]
#: Routes this sweep leaves out, and why.
SKIPPED = {"/logout": "signs the client out; it reads no field"}
#: Routes that change what later routes can reach: posted last.
LAST = ("archive", "restore", "deactivate", "reactivate", "erasure", "merge", "different",
        "approve", "refuse", "disable", "recovery-codes")
_IDS = {"person_id": Person, "organisation_id": Organisation, "meeting_id": Meeting,
        "case_id": Case, "recommendation_id": Recommendation, "source_id": Source,
        "theme_id": Theme, "event_id": DialogueEvent, "follow_up_id": FollowUp,
        "user_id": User, "item_id": PossibleDuplicate, "change_id": SensitivityChange}


def _ids() -> dict:
    """One real id per URL argument (a post of the person, a finding of the source)."""
    ids = {name: db.session.scalar(select(model.id).order_by(model.id).limit(1)
                                   .execution_options(parley_unrestricted=True)) or 1
           for name, model in _IDS.items()}
    post = db.session.execute(select(Affiliation.id, Affiliation.person_id).limit(1)
                              .execution_options(parley_unrestricted=True)).first()
    if post:
        ids["affiliation_id"], ids["person_id"] = post
    finding = db.session.execute(select(Finding.id, Finding.source_id).limit(1)
                                 .execution_options(parley_unrestricted=True)).first()
    if finding:
        ids["finding_id"], ids["source_id"] = finding
    ids["action"] = "done"
    # the merge page's second person: the last one (never the same as the first)
    ids["other_id"] = db.session.scalar(select(Person.id).order_by(Person.id.desc()).limit(1)
                                        .execution_options(parley_unrestricted=True)) or 2
    return ids


def _post_routes(app, admin: bool) -> list[str]:
    """Every POST route, ids filled in; the admin area only when ``admin``."""
    with app.app_context():
        ids = _ids()
    rules = sorted(r.rule for r in app.url_map.iter_rules() if "POST" in r.methods)
    urls = [re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(ids[m.group(1)]), rule) for rule in rules
            if rule not in SKIPPED and rule.startswith("/admin") == admin]
    return sorted(urls, key=lambda url: any(word in url for word in LAST))


class _FormReader(HTMLParser):
    """Fields of a page as a browser would post them: (name, value, kind)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and name != "csrf_token":
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file"):
                self.fields.append((name, a.get("value") or "", kind))
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields.append((name, "", "textarea"))
        elif tag == "select" and name:
            self._select, self._options = name, []
        elif tag == "option" and self._select:
            self._options.append((a.get("value", ""), "selected" in a))

    def handle_data(self, data):
        if self._textarea:
            name, value, kind = self.fields[-1]
            self.fields[-1] = (name, value + data, kind)

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select:
            chosen = [v for v, on in self._options if on] or [v for v, _ in self._options[:1]]
            self.fields.extend((self._select, v, "select") for v in chosen)
            self._select = None


def _fields(client, url: str) -> list[tuple[str, str, str]]:
    """Fields of the form at ``url``, or of the page above a POST-only action."""
    for page in (url, url.rsplit("/", 1)[0], "/" + url.split("/")[1] + "/"):
        response = client.get(page)
        if response.status_code == 200 and "json" not in response.content_type:
            reader = _FormReader()
            reader.feed(response.get_data(as_text=True))
            return reader.fields
    return []


#: Classes aimed at number and date fields too (the others go to free-text fields only).
_EVERY_FIELD = {"huge integer", "negative number", "31 february", "zero date", "far date"}
#: Field kinds a person types free text into.
_TEXT_KINDS = {"text", "search", "textarea", "tel"}


def _body(fields: list[tuple[str, str, str]], kind: str, value: str | None) -> str:
    """The form as the page would post it, ``value`` in its text fields (or in every field).

    Lone surrogates are sent as their raw (invalid UTF-8) bytes: the test client cannot encode
    them otherwise, and Werkzeug decodes them as U+FFFD, so the app never sees one.
    """
    if value is None:
        return ""
    def aimed(name: str, field_kind: str) -> bool:
        if kind in _EVERY_FIELD:
            return field_kind != "hidden"
        return field_kind in _TEXT_KINDS and not re.search(r"email|url|link", name)

    pairs = [(name, value if aimed(name, field_kind) else default)
             for name, default, field_kind in fields]
    return urlencode(pairs, errors="surrogatepass")


def _check(response, what: str, failures: list[str]) -> None:
    body = response.get_data(as_text=True)
    if response.status_code >= 500 or "Traceback" in body:
        failures.append(f"{what}: {response.status_code}")


def _sweep(client, urls: list[str], classes: dict, failures: list[str]) -> int:
    """Post each class to each URL; returns the number of posts made."""
    posts = 0
    for url in urls:
        fields = _fields(client, url)
        for kind, value in classes.items():
            response = client.post(url, data=_body(fields, kind, value),
                                   content_type="application/x-www-form-urlencoded")
            _check(response, f"POST {url} [{kind}]", failures)
            posts += 1
    return posts


def test_every_post_route_survives_nul_and_control_characters(app, demo, officer_client):
    urls = _post_routes(app, admin=False)
    assert len(urls) >= 50, urls
    classes = {k: CLASSES[k] for k in ("nul", "c0 controls", "c1 controls", "word breaks")}
    failures: list[str] = []
    assert _sweep(officer_client, urls, classes, failures) >= 200
    assert not failures, failures


def test_every_admin_post_route_survives_nul_and_control_characters(app, demo, client, admin):
    assert login(client, admin.email).status_code == 302
    reauth(client, admin.email)
    urls = _post_routes(app, admin=True)
    assert len(urls) >= 6, urls
    classes = {k: CLASSES[k] for k in ("nul", "c0 controls", "word breaks")}
    failures: list[str] = []
    _sweep(client, urls, classes, failures)
    assert not failures, failures


def test_main_forms_survive_every_input_class(app, demo, officer_client):
    with app.app_context():
        ids = _ids()
    urls = [form.format(**ids) for form in MAIN_FORMS if form != "/login"]
    failures: list[str] = []
    assert _sweep(officer_client, urls, CLASSES, failures) == len(urls) * len(CLASSES)
    assert not failures, failures


def test_sign_in_survives_every_input_class(client, officer):
    response = client.post("/login", data="email=a%00b@example.org&password=x",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 401
    assert "email or password is not correct" in response.get_data(as_text=True).lower()
    failures: list[str] = []
    for kind, value in CLASSES.items():
        limiter.reset()  # the sign-in rate limit would otherwise answer 429 before the form
        _sweep(client, ["/login"], {kind: value}, failures)
    assert not failures, failures


@pytest.mark.parametrize("admin_page", [False, True], ids=["officer", "admin"])
def test_search_boxes_survive_every_input_class(app, demo, client, officer, admin, admin_page):
    user = admin if admin_page else officer
    assert login(client, user.email).status_code == 302
    pages = ["/admin/audit/", "/admin/users"] if admin_page else SEARCH_PAGES
    failures: list[str] = []
    for page in pages:
        for kind, value in CLASSES.items():
            query = "" if value is None else urlencode({"q": value, "actor": value,
                                                        "action": value}, errors="surrogatepass")
            response = client.get(f"{page}?{query}")
            _check(response, f"GET {page} [{kind}]", failures)
    assert not failures, failures
    assert "a\x00b" not in client.get("/persons/?q=a%00b").get_data(as_text=True)


def test_a_person_saved_with_nul_and_word_breaks_is_stored_clean(app, officer_client):
    response = officer_client.post("/persons/new", data={
        "full_name": " Ana\x00 Lima\u200b ", "notes": "first\x0bsecond\r\nthird\x0c",
        "sensitivity": "normal"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.app_context():
        person = db.session.scalar(select(Person).execution_options(parley_unrestricted=True))
        assert person.full_name == "Ana Lima\u200b"
        assert person.notes == "first\nsecond\nthird"


def test_every_form_class_cleans_its_text(app):
    forms = [cls for cls in _all_subclasses(Form) if cls.__module__.startswith("app.")
             and cls not in (CleanForm, CleanSubForm)]
    assert len(forms) >= 30, forms
    forgotten = [f"{cls.__module__}.{cls.__name__}" for cls in forms
                 if not issubclass(cls, (CleanForm, CleanSubForm))]
    assert not forgotten, f"forms not built on CleanForm/CleanSubForm: {forgotten}"


def test_clean_text_keeps_tabs_and_newlines_and_drops_controls():
    assert clean_text(" a\x00b\tc\r\nd\x0be\x0cf\x85g\x9b\x7f ") == "ab\tc\nd\ne\nf\ng"
    assert clean_text(unicodedata.normalize("NFD", "Öztürk")) == "Öztürk"
    assert clean_text("\ud800x") == "x"
    assert clean_text(" \t ") == ""
    assert clean_text(None) is None
    assert clean_text(42) == 42


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def test_a_docx_pack_issues_when_stored_notes_hold_word_control_characters(app, demo,
                                                                           officer_client):
    from docx import Document

    from app.services.packs.build import meeting_pack_candidates

    with app.app_context():
        meeting_id = db.session.scalar(select(Meeting.id).where(
            Meeting.title.startswith("Government delegation")))
        db.session.execute(update(Meeting).where(Meeting.id == meeting_id).values(
            notes="Ask first\x0bthen listen\x0cPage two\x01 ends", purpose="Why\x1b\x0b now"))
        db.session.commit()
        candidates = meeting_pack_candidates(db.session, meeting_id)
    data = {"audience": "internal", "format": "docx", "issue": "Issue pack"}
    for kind, prefix in (("themes", "theme"), ("recommendations", "rec"), ("cases", "case")):
        for n, item in enumerate(candidates[kind], start=1):
            data[f"{prefix}-{item['id']}"] = "on"
            data[f"{prefix}-{item['id']}-position"] = str(n)
    response = officer_client.post(f"/meetings/{meeting_id}/pack", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    with app.app_context():
        pack_id = db.session.scalars(select(Pack.id)).one()
    document = Document(io.BytesIO(officer_client.get(f"/packs/{pack_id}/download").data))
    text = "\n".join(p.text for p in document.paragraphs)
    for words in ("Ask first", "then listen", "Page two ends", "Why", "now"):
        assert words in text
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", text)
