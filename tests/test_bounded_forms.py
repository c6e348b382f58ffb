"""No form or filter lists a whole table: with more than 200 rows in every growing table, an
admin opens every page (each create, edit and filter page of every record type included) and
no ``<select>`` or ``<datalist>`` holds more than 200 options, nor any group of tick-boxes
more than 200 boxes. Records are chosen through lookup fields (type-ahead) instead."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

import pytest

from tests.bulk_records import ROWS, fill_growing_tables

#: The most options one select (or datalist, or group of tick-boxes) may hold.
MOST_OPTIONS = 200
#: GET endpoints that render no HTML page (files, feeds, JSON) or need a secret.
NOT_PAGES = {"static", "lookup.find", "health.healthz", "calendar.feed", "calendar.meeting_ics",
             "packs.download", "exports.persons_csv_download", "exports.persons_vcard_download",
             "exports.subject_access", "admin.audit.export", "debrief.event_pdf",
             "debrief.event_markdown", "auth.login", "auth.login_code", "auth.reauth"}
#: The form and filter pages this test must reach (a renamed route fails it, not skips it).
FORM_PAGES = {
    "persons.index", "persons.new", "persons.edit", "persons.new_post", "persons.edit_post",
    "organisations.index", "organisations.new", "organisations.edit", "events.index",
    "events.new", "events.edit", "meetings.index", "meetings.new", "meetings.edit",
    "packs.meeting", "cases.index", "cases.new", "cases.edit", "cases.detail",
    "recommendations.index", "recommendations.new", "recommendations.edit",
    "recommendations.detail", "sources.index", "sources.new", "sources.edit",
    "sources.new_finding", "sources.edit_finding", "themes.new", "themes.edit",
    "follow_ups.index", "follow_ups.detail", "tracker.index", "admin.audit.index",
    "admin.edit_access", "imports.index", "search.index"}


class _Options(HTMLParser):
    """Counts the options of each select and datalist, and tick-boxes by name."""

    def __init__(self) -> None:
        super().__init__()
        self.counts: Counter[str] = Counter()
        self._open: str | None = None

    def handle_starttag(self, tag, attrs) -> None:
        found = dict(attrs)
        if tag in ("select", "datalist"):
            self._open = f"{tag} {found.get('name') or found.get('id') or '?'}"
            self.counts[self._open] += 0
        elif tag == "option" and self._open:
            self.counts[self._open] += 1
        elif tag == "input" and found.get("type") == "checkbox":
            self.counts[f"tick-boxes {found.get('name')}"] += 1

    def handle_endtag(self, tag) -> None:
        if tag in ("select", "datalist"):
            self._open = None


def _urls(app, ids: dict) -> list[tuple[str, str]]:
    """(endpoint, url) of every GET page, its parameters filled with existing records."""
    adapter = app.url_map.bind("localhost")
    urls = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods or rule.endpoint in NOT_PAGES:
            continue
        if not set(rule.arguments) <= set(ids):
            continue
        urls.append((rule.endpoint, adapter.build(rule.endpoint, {a: ids[a] for a in
                                                                  rule.arguments})))
    return urls


def _synthetic(app) -> dict:
    """Realistic data from the synthetic seeder, 210 or more of every growing kind; returns
    one id of each kind (a person with a post, a source with a finding)."""
    from sqlalchemy import select

    from app.extensions import db
    from app.models import (
        Affiliation,
        Case,
        DialogueEvent,
        Finding,
        FollowUp,
        Meeting,
        Organisation,
        Recommendation,
        Theme,
        User,
    )
    from app.services.synthetic import seed_synthetic
    from app.services.synthetic.scales import Scale

    counts = dict.fromkeys(Scale.kinds(), ROWS)
    counts.update(affiliations=2 * ROWS, attendees=2 * ROWS, findings=2 * ROWS)
    with app.app_context():
        made = seed_synthetic(db.engine, Scale(name="every table past 200", **counts), seed=7)
        assert all(made[kind] >= ROWS for kind in (
            "users", "themes", "organisations", "persons", "sources", "recommendations",
            "cases", "events", "meetings")), made
        post = db.session.scalars(select(Affiliation)).first()
        finding = db.session.scalars(select(Finding).where(Finding.source_id.is_not(None))).first()
        ids = {"person_id": post.person_id, "affiliation_id": post.id,
               "source_id": finding.source_id, "finding_id": finding.id}
        for name, model in (("organisation_id", Organisation), ("case_id", Case),
                            ("meeting_id", Meeting), ("event_id", DialogueEvent),
                            ("follow_up_id", FollowUp), ("recommendation_id", Recommendation),
                            ("theme_id", Theme), ("user_id", User)):
            ids[name] = db.session.scalar(select(model.id).order_by(model.id.desc()).limit(1))
        db.session.remove()
    return ids


@pytest.mark.parametrize("fill", ["models", pytest.param("synthetic", marks=pytest.mark.truncate(
    "the synthetic seeder writes through an engine connection of its own"))])
def test_no_form_or_filter_lists_a_whole_table(app, admin_client, fill):
    ids = fill_growing_tables(app) if fill == "models" else _synthetic(app)
    urls = _urls(app, ids)
    assert {endpoint for endpoint, _ in urls} >= FORM_PAGES, \
        sorted(FORM_PAGES - {endpoint for endpoint, _ in urls})
    problems, pages = [], 0
    for endpoint, url in urls:
        response = admin_client.get(url)
        assert response.status_code < 500, url
        if response.status_code != 200 or response.mimetype != "text/html":
            assert endpoint not in FORM_PAGES, f"{url} answered {response.status_code}"
            continue
        pages += 1
        parser = _Options()
        parser.feed(response.get_data(as_text=True))
        problems += [f"{url}: {what} has {count} options"
                     for what, count in parser.counts.items() if count > MOST_OPTIONS]
    assert pages >= len(FORM_PAGES)
    assert not problems, "\n".join(problems)


def test_the_old_way_would_have_been_caught(app, admin_client):
    """The check can fail: a select over every person (as the forms had) is found."""
    fill_growing_tables(app)
    from sqlalchemy import select

    from app.extensions import db
    from app.models import Person

    with app.app_context():
        names = db.session.scalars(select(Person.full_name)).all()
    parser = _Options()
    parser.feed('<select name="person">' + "".join(f"<option>{n}</option>" for n in names)
                + "</select>")
    assert parser.counts["select person"] == len(names) >= ROWS > MOST_OPTIONS
