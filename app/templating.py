"""Jinja filters and globals: dates, Markdown notes (sanitised), labels."""

from __future__ import annotations

from datetime import date, datetime

import nh3
from flask import Flask, has_request_context, request
from flask_login import current_user
from markdown_it import MarkdownIt
from markupsafe import Markup

from app.record_views.links import record_url
from app.security.masking import as_typed, as_typed_in_address

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


#: Fields that carry no visible input: their errors are listed without a link.
_UNSEEN_FIELDS = ("CSRFTokenField", "HiddenField", "SubmitField")


def form_error_links(form, rows: dict | None = None) -> list[tuple[str | None, str, str]]:
    """Every field in error as ``(element id, label, first message)``, in the form's order.

    Rows of a list of sub-forms (the meeting log's raisings) are walked too, labelled
    "Raised item 2, Response" with ``rows={"raisings": "Raised item"}``; an error of a field
    the reader cannot see (the CSRF token) comes with no id.
    """
    found: list[tuple[str | None, str, str]] = []

    def walk(fields, prefix: str) -> None:
        for f in fields:
            if f.type == "FieldList":
                row_name = (rows or {}).get(f.short_name) or f.label.text
                for number, entry in enumerate(f.entries, 1):
                    walk(entry.form if entry.type == "FormField" else [entry],
                         f"{prefix}{row_name} {number}, ")
            elif f.type == "FormField":
                walk(f.form, prefix)
            elif f.errors:
                message = str(f.errors[0])
                if f.type in _UNSEEN_FIELDS:
                    found.append((None, "", message))
                else:
                    found.append((f.id, prefix + f.label.text, message))

    walk(form, "")
    found.extend((None, "", str(message)) for message in getattr(form, "form_errors", []) or [])
    return found


def is_new_record_form() -> bool:
    """True when a page that creates a record is first opened (a GET of a ``new…`` endpoint):
    its first field then takes the focus."""
    if not has_request_context() or request.method != "GET":
        return False
    return (request.endpoint or "").rsplit(".", 1)[-1].startswith("new")


#: The main menu: groups of (endpoint, label); ``tests/test_endpoints.py`` checks each exists.
NAVIGATION = (
    ("Work", (
        ("dashboard.index", "Dashboard"),
        ("meetings.index", "Meetings"),
        ("events.index", "Events"),
        ("follow_ups.index", "Follow-ups"),
    )),
    ("People", (
        ("persons.index", "Stakeholders"),
        ("organisations.index", "Organisations"),
    )),
    ("Substance", (
        ("recommendations.index", "Recommendations"),
        ("cases.index", "Cases"),
        ("themes.index", "Themes"),
        ("sources.index", "Sources"),
    )),
    ("Tools", (
        ("tracker.index", "Tracker"),
        ("debrief.index", "Debriefs"),
        ("imports.index", "Import"),
        ("search.index", "Search"),
        ("calendar.settings", "Calendar feed"),
    )),
    ("Admin", (  # the admin area: shown to admins only
        ("admin.users", "Users"),
        ("admin.audit.index", "Audit log"),
        ("admin.approvals.index", "Sensitivity requests"),
    )),
)


def _blueprint(endpoint: str) -> str:
    """The blueprint part of an endpoint ("admin.audit" of "admin.audit.index")."""
    return endpoint.rsplit(".", 1)[0]


def menu(current: str | None, is_admin: bool) -> list[tuple[str, list]]:
    """The menu's groups as ``(name, [(endpoint, label, is_current), ...])``.

    The admin group is left out for anyone but an admin; an entry is current when the page
    belongs to its blueprint.
    """
    here = _blueprint(current) if current else None
    groups = []
    for name, entries in NAVIGATION:
        shown = [(endpoint, text, _blueprint(endpoint) == here) for endpoint, text in entries
                 if is_admin or not endpoint.startswith("admin.")]
        if shown:
            groups.append((name, shown))
    return groups


def meeting_time(meeting) -> str:
    """When a meeting starts, at its place ("11 Dec 2026, 14:00 (Asia/Almaty)") and, when the
    reader's time zone differs, in the reader's."""
    from flask_login import current_user

    from app.services.meetings.time_zones import when

    return when(meeting.starts_at, meeting.time_zone, getattr(current_user, "time_zone", None),
                ends=meeting.ends_at, time_known=getattr(meeting, "time_known", True) is not False)


def meeting_date(meeting) -> str:
    """The day a meeting happens at its place ("11 Dec 2026"): at 01:00 in Almaty it is the
    day before in UTC, where it is stored."""
    from app.services.meetings.time_zones import local

    if meeting is None or meeting.starts_at is None:
        return ""
    return format_date(local(meeting.starts_at, meeting.time_zone).date())


def meeting_hours(meeting) -> str:
    """When a meeting starts and ends on its day, at its place: "14:00–15:00 (Asia/Almaty)",
    or "time not recorded" for a meeting logged with its day only."""
    from app.services.meetings.time_zones import clock, local

    if getattr(meeting, "time_known", True) is False:
        return "time not recorded"
    text = clock(meeting.starts_at, meeting.time_zone)
    if meeting.ends_at is not None:
        start, _, zone = text.partition(" ")
        text = f"{start}–{local(meeting.ends_at, meeting.time_zone):%H:%M} {zone}"
    return text


def register(app: Flask) -> None:
    """Install Parley's filters and globals on ``app``."""
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.filters["meeting_time"] = meeting_time
    app.jinja_env.filters["meeting_date"] = meeting_date
    app.jinja_env.filters["meeting_hours"] = meeting_hours
    app.jinja_env.filters["label"] = label
    app.jinja_env.filters["as_typed"] = as_typed
    app.jinja_env.filters["as_typed_in_address"] = as_typed_in_address
    app.jinja_env.globals["today"] = date.today
    app.jinja_env.globals["form_error_links"] = form_error_links
    app.jinja_env.globals["is_new_record_form"] = is_new_record_form
    # Macros imported without the page's context (record_form) still know who is reading.
    app.jinja_env.globals["current_user"] = current_user
    # A link whose kind of record is data (audit entries, search hits) is resolved here.
    app.jinja_env.globals["record_url"] = record_url

    @app.context_processor
    def navigation():
        is_admin = current_user.is_authenticated and current_user.role.value == "admin"
        current = request.endpoint if has_request_context() else None
        return {"navigation": menu(current, is_admin)}
