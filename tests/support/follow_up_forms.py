"""The follow-ups page as a browser without JavaScript sees it: its one-click forms, its
sections and their counts, the Mine / Team switch (tests/test_follow_up_*.py)."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from sqlalchemy import select

from app.extensions import db
from app.models import FollowUp


class _Forms(HTMLParser):
    """Every POST form of a page: its action and hidden fields, and the button's words and
    accessible name."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and (attributes.get("method") or "").lower() == "post":
            self._open = {"action": attributes.get("action"), "fields": {}, "button": "",
                          "name": ""}
        elif self._open is not None and tag == "input" and attributes.get("type") == "hidden":
            self._open["fields"][attributes["name"]] = attributes.get("value") or ""
        elif self._open is not None and tag == "button":
            self._open["name"] = attributes.get("aria-label") or ""
            self._open["in_button"] = True

    def handle_data(self, data):
        if self._open is not None and self._open.get("in_button"):
            self._open["button"] += data.strip()

    def handle_endtag(self, tag):
        if tag == "button" and self._open is not None:
            self._open["in_button"] = False
        if tag == "form" and self._open is not None:
            self.forms.append(self._open)
            self._open = None


def post_forms(html: str) -> list[dict]:
    """The POST forms of a page."""
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def one_click_forms(html: str, description: str) -> dict[str, dict]:
    """The one-click buttons of one row, by their words ("Done", "+1 week", ...)."""
    return {form["button"]: form for form in post_forms(html)
            if "/one-click/" in form["action"] and form["name"].endswith(": " + description)}


def section(html: str, name: str) -> str:
    """One section of a page, found by its heading id."""
    match = re.search(rf'<section[^>]*aria-labelledby="{name}">(.*?)</section>', html, re.DOTALL)
    assert match, f"no section {name}"
    return match.group(1)


def count_in(html: str, name: str) -> int:
    """The number beside a section's heading."""
    return int(re.search(r'<span class="count">([\d,]+)</span>', section(html, name))
               .group(1).replace(",", ""))


def switch(html: str) -> dict[str, tuple[int, str]]:
    """The Mine | Team switch: each scope's number of open follow-ups and its link."""
    nav = re.search(r'<nav class="scope-switch".*?</nav>', html, re.DOTALL).group(0)
    return {label: (int(n.replace(",", "")), unescape(href)) for href, label, n in re.findall(
        r'<a href="([^"]+)"[^>]*>(Mine|Team) <span class="count">([\d,]+)</span>', nav)}


def press(client, form: dict, **overrides):
    """Send a one-click form as the browser would (its hidden fields, no JavaScript)."""
    return client.post(form["action"], data={**form["fields"], **overrides})


def follow_up_named(app, description: str) -> FollowUp:
    """The follow-up described so, read afresh outside any request."""
    with app.app_context():
        row = db.session.scalar(select(FollowUp).where(FollowUp.description == description))
        db.session.expunge(row)
        return row
