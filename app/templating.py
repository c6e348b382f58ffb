"""Jinja filters and globals: dates, Markdown notes (sanitised), labels."""

from __future__ import annotations

from datetime import date, datetime

import nh3
from flask import Flask
from markdown_it import MarkdownIt
from markupsafe import Markup

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

#: Tags a rendered note may keep.
ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "code", "pre", "blockquote", "h1", "h2",
    "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "hr",
}


def render_markdown(text: str | None) -> Markup:
    """Render Markdown to HTML and sanitise it with nh3 (no scripts, no styles, http(s) links)."""
    if not text:
        return Markup("")
    html = _markdown.render(text)
    clean = nh3.clean(
        html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)


def format_date(value: date | datetime | None, fmt: str = "%d %b %Y") -> str:
    """A date as "5 Mar 2026" (empty for None)."""
    if value is None:
        return ""
    return value.strftime(fmt).lstrip("0")


def format_datetime(value: datetime | None) -> str:
    """A datetime as "5 Mar 2026, 10:00 UTC"."""
    if value is None:
        return ""
    return value.strftime("%d %b %Y, %H:%M UTC").lstrip("0")


def label(value) -> str:
    """An enum's human label (or its value, title-cased)."""
    if value is None:
        return ""
    if hasattr(value, "label"):
        return value.label
    return str(getattr(value, "value", value)).replace("_", " ").capitalize()


#: The main navigation: (endpoint, label). An entry shows once its blueprint is registered.
NAVIGATION = (
    ("dashboard.index", "Dashboard"),
    ("meetings.index", "Meetings"),
    ("events.index", "Events"),
    ("persons.index", "Stakeholders"),
    ("organisations.index", "Organisations"),
    ("recommendations.index", "Recommendations"),
    ("cases.index", "Cases"),
    ("sources.index", "Sources"),
    ("follow_ups.index", "Follow-ups"),
    ("tracker.index", "Tracker"),
    ("debrief.index", "Debriefs"),
    ("imports.index", "Import"),
    ("search.index", "Search"),
    ("admin.users", "Users"),  # the admin area: users, audit log, sensitivity requests
)


def register(app: Flask) -> None:
    """Install Parley's filters and globals on ``app``."""
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.filters["label"] = label
    app.jinja_env.globals["today"] = date.today
    app.jinja_env.globals["has_endpoint"] = lambda endpoint: endpoint in app.view_functions

    @app.context_processor
    def navigation():
        from flask_login import current_user

        items = [(e, text) for e, text in NAVIGATION if e in app.view_functions]
        if not (current_user.is_authenticated and current_user.role.value == "admin"):
            items = [(e, text) for e, text in items if not e.startswith("admin.")]
        return {"navigation": items}
