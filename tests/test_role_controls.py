"""What a page offers matches what its reader may do, and its forms guide the reader.

- A viewer (who reads but does not write) is shown no button, link or form that would answer
  403: every page of the catalogue is opened as a viewer cleared for everything and each
  ``<form method="post">`` and ``<a href>`` on it is checked against the access table.
- The error summary of a form links to each field in error, rows of the meeting log included.
- A new record's first field has the focus on load (``autofocus``); an edit form does not.
- Every page names its icon, and the icon is served.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

from werkzeug.exceptions import HTTPException

from app.extensions import db
from app.models import Meeting, Person, Role
from app.security.access import required_role
from tests.factories import make_world
from tests.support.signing_in import login

#: Pages that accept a POST a viewer may not make but show them something to read as well:
#: the import page offers the contact exports.
READ_AS_WELL = {"imports.index"}


class _Controls(HTMLParser):
    """The forms (method, action), links and elements with an id or autofocus of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self.links, self.ids, self.autofocus = [], [], set(), []
        self.error_links = []
        self._in_summary = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if "autofocus" in attributes:
            self.autofocus.append((tag, attributes.get("id") or attributes.get("class")))
        if tag == "form":
            self.forms.append(((attributes.get("method") or "get").upper(),
                               attributes.get("action") or ""))
        elif tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
            if self._in_summary:
                self.error_links.append(attributes["href"])
        if tag == "div" and (self._in_summary or "form-errors" in (attributes.get("class") or "")):
            self._in_summary += 1

    def handle_endtag(self, tag):
        if tag == "div" and self._in_summary:
            self._in_summary -= 1


def controls(response) -> _Controls:
    """The parsed controls of a response's HTML."""
    reader = _Controls()
    reader.feed(response.get_data(as_text=True))
    return reader


def _endpoint(app, url: str, method: str, here: str) -> str | None:
    """The endpoint an address of this Parley reaches with ``method`` (None: elsewhere)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or (not parts.path and parts.fragment):
        return None
    path = parts.path or here
    try:
        endpoint, _ = app.url_map.bind("localhost").match(path, method=method)
    except HTTPException:
        return None
    return endpoint


def unusable_for_a_viewer(app, response, here: str) -> list[str]:
    """The forms and links of a page that a viewer would be refused (403) on using."""
    found, page = [], controls(response)
    with app.test_request_context():
        for method, action in page.forms:
            endpoint = _endpoint(app, action, method, here)
            if method == "POST" and endpoint and Role.VIEWER not in required_role(endpoint,
                                                                                  "POST"):
                found.append(f"a form posting to {endpoint}")
        for href in page.links:
            endpoint = _endpoint(app, href, "GET", here)
            if endpoint is None:
                continue
            if Role.VIEWER not in required_role(endpoint, "GET"):
                found.append(f"a link to {endpoint}, which a viewer may not open")
                continue
            methods = {m for rule in app.url_map.iter_rules(endpoint) for m in rule.methods}
            if ("POST" in methods and endpoint not in READ_AS_WELL
                    and Role.VIEWER not in required_role(endpoint, "POST")):
                found.append(f"a link to {endpoint}, a form a viewer may not send")
    return found


def first_id(app, model) -> int:
    """The smallest id of a record of ``model``."""
    with app.app_context():
        return db.session.query(db.func.min(model.id)).scalar()


def test_a_viewer_is_shown_nothing_they_may_not_use(app, demo, client, make_user):
    from tests.page_catalogue import pages

    viewer = make_user("viewer", clearance="at_risk")
    with app.app_context():
        catalogue, _ = pages(app, db.session)
        closed = {page.endpoint for page in catalogue  # blueprints and pages only for writers
                  if Role.VIEWER not in required_role(page.endpoint, "GET")}
    login(client, viewer.email)
    seen = set()
    for page in catalogue:
        if page.method != "GET" or page.endpoint == "lookup.find" or page.endpoint in closed:
            continue
        response = client.get(page.path)
        if response.status_code == 302 and page.endpoint == "account.two_factor_setup":
            continue
        assert response.status_code == 200, page.path
        assert not unusable_for_a_viewer(app, response, page.path), page.path
        seen.add(page.endpoint)
    # the pages a viewer used to be offered writes on, each reached by its address
    assert {"dashboard.index", "meetings.detail", "meetings.new", "meetings.edit",
            "persons.new", "persons.edit", "packs.meeting", "packs.event", "events.detail",
            "contacts.upload", "themes.index", "sources.detail", "cases.detail",
            "recommendations.detail", "follow_ups.detail"} <= seen
    for path in ("/persons/new", "/meetings/new", f"/meetings/{first_id(app, Meeting)}/pack"):
        body = client.get(path).get_data(as_text=True)
        assert "Your role can read Parley but not change it." in body, path


def test_an_officer_is_offered_the_same_forms(app, demo, officer_client):
    """The other side of the rule: the forms hidden from a viewer are there for an officer."""
    for path, action in (("/persons/new", ""), ("/meetings/new", ""),
                         ("/contacts/import", "/contacts/import")):
        page = controls(officer_client.get(path))
        assert ("POST", action) in page.forms, path
    meeting_id = first_id(app, Meeting)
    meeting = officer_client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert "Talking-point pack" in meeting and "Prepare a talking-point pack" in meeting
    pack_page = controls(officer_client.get(f"/meetings/{meeting_id}/pack"))
    assert ("POST", f"/meetings/{meeting_id}/pack") in pack_page.forms


def test_the_error_summary_links_to_each_field_in_error(officer_client):
    response = officer_client.post("/persons/new", data={"full_name": "", "country": "x" * 500})
    assert response.status_code in (200, 422)
    page = controls(response)
    assert page.error_links[:1] == ["#full_name"]
    assert all(link[1:] in page.ids for link in page.error_links)
    assert '<a href="#full_name">Full name</a>' in response.get_data(as_text=True)
    # the summary takes the focus, not the first field
    assert page.autofocus == [("div", "form-errors")]


def test_the_meeting_log_summary_names_the_row(app, officer_client, officer):
    world = make_world(app)
    response = officer_client.post("/meetings/new", data={
        "title": "x" * 301, "meeting_date": "2026-06-10", "starts_time": "09:30", "status": "held",
        "their_attendees": [str(world["anna"])],
        "raisings-0-subject": "r999999", "raisings-0-with_whom": f"p{world['anna']}",
    })
    assert response.status_code == 422
    page = controls(response)
    assert "#title" in page.error_links and "#raisings-0-subject" in page.error_links
    assert all(link[1:] in page.ids for link in page.error_links)
    assert '<a href="#raisings-0-subject">Raised item 1, ' in response.get_data(as_text=True)


def test_a_new_record_form_focuses_its_first_field(app, demo, officer_client):
    assert controls(officer_client.get("/persons/new")).autofocus == [("input", "full_name")]
    assert controls(officer_client.get("/meetings/new")).autofocus == [("input", "title")]
    assert controls(officer_client.get("/recommendations/new")).autofocus == [
        ("input", "short_title")]
    person_id = first_id(app, Person)
    assert controls(officer_client.get(f"/persons/{person_id}/edit")).autofocus == []


def test_every_page_names_its_icon_and_the_icon_is_served(app, officer_client):
    client = app.test_client()
    for response in (client.get("/login"), officer_client.get("/")):
        assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in \
            response.get_data(as_text=True)
    with client.get("/static/favicon.svg") as icon:
        assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
        assert b"<svg" in icon.data
