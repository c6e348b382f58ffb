"""Leak sweep: a normal-clearance reader finds nothing of an at-risk or confidential person,
anywhere.

The world of :mod:`tests.security.leak_fixtures` is planted (an at-risk person, a confidential
one, an at-risk case about her, an at-risk group case, everything derived from them, normal
records mentioning her by name, issued packs). Then a viewer and an officer, both cleared only
for normal records, sign in and fetch:

- every GET route of ``app.url_map``, each URL parameter filled with the planted ids of its
  kind, restricted ones (which must answer 404, with nothing in the body) and visible ones;
  every combination for routes with two parameters (a visible person with a hidden post);
  the full list of every section of a record page (``/persons/<id>/all/raised``, ...) too;
- query-string variants: ``?q=`` on every list, search and type-ahead (one word of each
  spelling, so that the search box echoing the query is not a leak; the marker prefix),
  every kind of ``/lookup/<kinds>`` and their mixes, names typed into the lookup filters
  (``person-text=``, resolved on the server without JavaScript), list filters by hidden ids,
  ``scope=all`` on follow-ups, vCard 3;
- the pack and brief previews (POST, nothing saved), internal and external;
- the meeting log's one-click picks at the planted event, where the restricted persons and
  cases are met and raised most (:mod:`tests.security.leak_picks`), and the log filled in
  with each person (``/meetings/new?person_id=``);
- the reader's own drafts (``/drafts/form``) naming every restricted person and case, read
  back for new forms and for edit forms of visible and restricted records;
- the reader's calendar feed (link made the way the settings page makes it), every issued pack,
  the event's debrief page, Markdown and PDF, and the reminder mail the officer receives.

Every response is read as text (HTML, JSON, iCal, vCard, CSV, Markdown, PDF via pdftotext,
DOCX via python-docx, mail) and searched for every secret marker and every restricted spelling,
case- and accent-insensitively. All problems are collected first and reported in one failure,
grouped by route, so one run lists every leak. A route added later with a URL parameter the
sweep cannot fill fails the test until it is taught the parameter (or skipped, with a reason,
in ``SKIPPED_RULES``). Canaries planted next to each masked mention must be seen somewhere:
that proves the pages showing those fields were really fetched.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import unquote

import pytest
from werkzeug.datastructures import MultiDict

from app.extensions import db
from app.models import User
from app.security.access import required_role
from app.services.drafts import save_draft
from app.services.lookup import KINDS
from tests.security.leak_fixtures import (
    AT_RISK_SPELLINGS,
    RESTRICTED_PHRASES,
    plant_leak_world,
)
from tests.security.leak_picks import picks_missing, picks_url, raise_often
from tests.security.leak_text import (
    PDFTOTEXT,
    found_in,
    mail_text,
    names_found,
    readable_text,
)
from tests.security.sweep_rules import PARAMETER_KINDS, SKIPPED_RULES
from tests.support.signing_in import login

#: The mixes of kinds the lookup fields ask for, besides each kind alone.
LOOKUP_MIXES = ("recommendations,cases,themes", "recommendations,cases", "users,persons")
#: What a curious reader types into search boxes and type-ahead fields.
PROBES = ("Smailova", "smaílova", "Dinara", "Динара", "Смаилова", "Zhaksylykov", "Жаксылыков",
          "Zhanaozen", "LEAKMARK")
#: Argument-less GET routes that are not lists (nothing to search or filter).
NOT_LISTS = {"auth.login", "account.password", "calendar.settings", "contacts.upload",
             "contacts.mapping", "contacts.report", "imports.index", "imports.preview"}


@dataclass(frozen=True)
class Fetch:
    """One URL to fetch: which rule it exercises and whether it must answer 'not found'."""

    rule: str
    url: str
    hidden: bool = False
    #: Which planted records the URL names, for the failure message.
    about: str = ""
    #: Form data to POST instead of a GET (the pack previews, which change nothing).
    data: tuple = ()


def _calendar_token(client) -> str:
    """Create the reader's calendar link through the settings page and read it back."""
    client.post("/calendar/settings", data={"regenerate": "Create a link"})
    page = client.get("/calendar/settings").get_data(as_text=True)
    match = re.search(r"/calendar/([A-Za-z0-9_-]+)\.ics", page)
    assert match, "the calendar settings page shows no link after 'Create a link'"
    return match.group(1)


def _values(kind: str, world, users: dict, token: str) -> list[tuple[str, bool, str]]:
    """(value, is restricted, label) for a URL parameter of ``kind``."""
    if kind == "user":
        return [(str(users["reader"].id), False, "the reader"),
                (str(users["admin"].id), False, "the admin")]
    if kind == "calendar_token":
        return [(token, False, "the reader's calendar token")]
    if kind == "lookup_kinds":
        return [(name, False, f"lookup of {name}") for name in (*KINDS, *LOOKUP_MIXES)]
    ids = world.ids.get(kind, {"restricted": [], "visible": []})
    return [(str(i), hidden, world.labels[(kind, i)])
            for hidden in (True, False) for i in ids["restricted" if hidden else "visible"]]


def _route_fetches(app, world, users, token) -> tuple[list[Fetch], list[tuple[str, list]]]:
    """Every GET rule filled with planted ids; and the rules nobody knows how to fill."""
    fetches, unfillable = [], []
    adapter = app.url_map.bind("localhost")
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods or rule.endpoint in SKIPPED_RULES:
            continue
        names = sorted(rule.arguments)
        unknown = [n for n in names if n not in PARAMETER_KINDS]
        if unknown:
            unfillable.append((rule.rule, unknown))
            continue
        options = [_values(PARAMETER_KINDS[n], world, users, token) for n in names]
        for combination in itertools.product(*options):
            values = {n: v for n, (v, _, _) in zip(names, combination, strict=True)}
            url = adapter.build(rule.endpoint, values, method="GET")
            fetches.append(Fetch(rule.rule, url, any(hidden for _, hidden, _ in combination),
                                 " + ".join(label for _, _, label in combination)))
        if not names and rule.endpoint not in NOT_LISTS:
            fetches += [Fetch(rule.rule, adapter.build(rule.endpoint, {"q": probe}))
                        for probe in PROBES]
    return fetches, unfillable


def _filter_fetches(world, users) -> list[Fetch]:
    """List filters that name a hidden record, and other query strings that matter."""
    hidden_people = world.ids["person"]["restricted"]
    fetches = [Fetch("/follow-ups/?scope=all", "/follow-ups/?scope=all"),
               Fetch("/follow-ups/?scope=all", "/follow-ups/?scope=all&direction=theirs"),
               Fetch("/follow-ups/?scope=all", "/follow-ups/?scope=all&direction=ours"),
               Fetch("/follow-ups/?owner=", f"/follow-ups/?scope=all&owner={users['reader'].id}"),
               Fetch("/persons/?sensitivity=", "/persons/?sensitivity=at_risk"),
               Fetch("/persons/?sensitivity=", "/persons/?sensitivity=confidential"),
               Fetch("/exports/persons.vcf?version=3.0", "/exports/persons.vcf?version=3.0"),
               Fetch("/meetings/new?event_id=", picks_url(world)),
               Fetch("/tracker/?meeting=", f"/tracker/?meeting={world.named['meeting']}"),
               Fetch("/tracker/?event=", f"/tracker/?event={world.named['event']}")]
    for person_id in hidden_people + world.ids["person"]["visible"]:
        label = world.labels[("person", person_id)]
        fetches += [
            Fetch("/follow-ups/?person=", f"/follow-ups/?scope=all&person={person_id}", about=label),
            Fetch("/meetings/?person=", f"/meetings/?person={person_id}", about=label),
            Fetch("/tracker/?person=", f"/tracker/?person={person_id}", about=label),
            Fetch("/meetings/new?person_id=", f"/meetings/new?person_id={person_id}", about=label),
            Fetch("/meetings/new?person_id=", f"{picks_url(world)}&person_id={person_id}",
                  about=label),
        ]
    for kinds in (*KINDS, *LOOKUP_MIXES):
        fetches += [Fetch("/lookup/<kinds>?q=", f"/lookup/{kinds}?q={probe}", about=kinds)
                    for probe in PROBES]
        fetches.append(Fetch("/lookup/<kinds>?all=1", f"/lookup/{kinds}?all=1", about=kinds))
    typed = {"/follow-ups/": ("person", "owner", "event"), "/meetings/": ("person", "event"),
             "/tracker/": ("person", "meeting", "theme"), "/persons/": ("organisation",),
             "/cases/": ("theme",)}
    for page, names in typed.items():
        fetches += [Fetch(f"{page}?<lookup>-text=", f"{page}?scope=all&{name}-text={probe}",
                          about="a name typed into a lookup filter")
                    for name in names for probe in PROBES]
    for theme_id in world.ids["theme"]["visible"]:
        fetches += [Fetch("/cases/?theme=", f"/cases/?theme={theme_id}"),
                    Fetch("/recommendations/?theme=", f"/recommendations/?theme={theme_id}")]
    for flag in ("archived=1", "archived=y"):
        fetches += [Fetch(f"/{kind}/?{flag}", f"/{kind}/?{flag}")
                    for kind in ("persons", "cases", "meetings", "events", "organisations",
                                 "recommendations", "sources", "themes")]
    return fetches


def _preview_fetches(world) -> list[Fetch]:
    """The pack and brief previews an officer sees before issuing (POST, but nothing changes).

    Every planted theme, recommendation and case is ticked; the form reads only the items it
    proposed to this reader, so hidden ones are ignored unless the page leaks them.
    """
    ticks = [(f"{prefix}-{i}", "on") for kind, prefix in
             (("theme", "theme"), ("recommendation", "rec"), ("case", "case"))
             for hidden in ("restricted", "visible") for i in world.ids[kind][hidden]]
    fetches = []
    for audience in ("internal", "external"):
        form = (("audience", audience), ("format", "html"), ("preview", "Preview (HTML)"))
        fetches += [Fetch("POST /meetings/<int:meeting_id>/pack (preview)",
                          f"/meetings/{meeting_id}/pack",
                          about=f"{audience}, {world.labels[('meeting', meeting_id)]}",
                          data=form + tuple(ticks))
                    for meeting_id in world.ids["meeting"]["visible"]]
        fetches.append(Fetch("POST /events/<int:event_id>/brief (preview)",
                             f"/events/{world.named['event']}/brief", about=audience, data=form))
    return fetches


def _draft_fetches(app, world, reader) -> list[Fetch]:
    """The reader's own drafts (as if typed while cleared) naming every restricted person and
    case, in lookup fields with their names and in free text; read back for new forms and
    for the edit forms of visible and restricted records (which must answer 404)."""
    people, cases = world.ids["person"], world.ids["case"]
    fields = [["title", "A draft"], ["notes", " ".join(PROBES)], ["their_attendees-text", ""]]
    fields += [["their_attendees", str(i)] for i in people["restricted"]]
    for n, person_id in enumerate(people["restricted"]):
        fields += [[f"follow_ups-{n}-owner", f"p{person_id}"],
                   [f"follow_ups-{n}-owner-text", RESTRICTED_PHRASES[0]]]
    for n, case_id in enumerate(cases["restricted"]):
        fields += [[f"raisings-{n}-subject", f"c{case_id}"],
                   [f"raisings-{n}-subject-text", RESTRICTED_PHRASES[0]],
                   [f"raisings-{n}-talking_point", " and ".join(AT_RISK_SPELLINGS)]]
    forms = [("/meetings/new", False, "a new meeting log"),
             ("/persons/new", False, "a new person"), ("/cases/new", False, "a new case")]
    for kind, area in (("meeting", "meetings"), ("person", "persons"), ("case", "cases")):
        forms += [(f"/{area}/{record_id}/edit", hidden, world.labels[(kind, record_id)])
                  for hidden in (True, False)
                  for record_id in world.ids[kind]["restricted" if hidden else "visible"]]
    with app.app_context():
        author = db.session.get(User, reader.id)
        for path, _, _ in forms:
            save_draft(db.session, author, path, fields)
        db.session.commit()
    return [Fetch("/drafts/form?path=", f"/drafts/form?path={path}", hidden, about)
            for path, hidden, about in forms]


def _reminder_mail(runner, outbox, world, reader) -> list[tuple[str, bytes]]:
    """Run ``send-reminders`` for the planted day; the mail written for ``reader``."""
    result = runner.invoke(args=["send-reminders", "--today", world.today.isoformat()])
    assert result.exit_code == 0, result.output
    mails = []
    for path in sorted(outbox.glob("*.eml")):
        content = path.read_bytes()
        if reader.email.encode() in content:
            mails.append((f"reminder mail to {reader.email} ({path.name})", content))
    return mails


def _leaked(text: str, world) -> list[str]:
    """What of the planted world ``text`` shows: marker fields, then restricted names.

    A name is reported with the field of the mention it sits in ("in finding-text"), or bare
    when it comes from a record of the person (attendee, owner, title, other spelling).
    """
    fields = dict.fromkeys(world.markers[m] for m in found_in(text, world.markers))
    names = [f'name "{name}" in {world.canaries[canary]}' if canary else f'name "{name}"'
             for name, canary in names_found(text, RESTRICTED_PHRASES, world.canaries)]
    return list(fields) + sorted(names)


def _judge(results, forbidden: set[str]) -> dict[str, list[str]]:
    """Problems per rule: 500s, hidden records not answering 404, leaks; same ones merged."""
    visible_statuses: dict[str, set[int]] = defaultdict(set)
    for fetch, status, _ in results:
        if not fetch.hidden:
            visible_statuses[fetch.rule].add(status)
    grouped: dict[str, dict[tuple, list[str]]] = defaultdict(dict)
    for fetch, status, leaked in results:
        problems = []
        if status >= 500:
            problems.append(f"answered {status}")
        elif fetch.hidden and status != 404 and not (
                status == 403 and (fetch.rule in forbidden or visible_statuses[fetch.rule] == {403})):
            problems.append(f"answered {status} for a hidden record (expected 404)")
        problems += leaked
        if problems:
            url = unquote(fetch.url) + (f" ({fetch.about})" if fetch.about else "")
            grouped[fetch.rule].setdefault((status, tuple(problems)), []).append(url)
    return {rule: [f"{', '.join(urls)} [{status}]: {'; '.join(problems)}"
                   for (status, problems), urls in by_problem.items()]
            for rule, by_problem in grouped.items()}


def _fetch_all(client, fetches: list[Fetch], world) -> tuple[list, set[str]]:
    """Fetch everything: (fetch, status, what leaked) for each, and the canaries seen."""
    results, seen_canaries = [], set()
    for fetch in fetches:
        if fetch.data:
            response = client.post(fetch.url, data=MultiDict(fetch.data))
        else:
            response = client.get(fetch.url)
        text = readable_text(response.get_data(), response.content_type) + "\n" + "\n".join(
            f"{k}: {v}" for k, v in response.headers.items()
            if k in ("Content-Disposition", "Location"))
        results.append((fetch, response.status_code, _leaked(text, world)))
        seen_canaries.update(found_in(text, world.canaries))
    return results, seen_canaries


def _coverage(app, fetches, unfillable, world, seen_canaries) -> list[str]:
    """GET rules the sweep missed, and canaries it never saw (pages it did not reach)."""
    with app.test_request_context():
        get_rules = {r.rule for r in app.url_map.iter_rules()
                     if "GET" in r.methods and r.endpoint not in SKIPPED_RULES}
    missed = get_rules - {f.rule for f in fetches} - {rule for rule, _ in unfillable}
    problems = [f"GET rule never fetched: {rule}" for rule in sorted(missed)]
    problems += [f"GET rule with a parameter the sweep cannot fill: {rule} ({', '.join(names)}):"
                 " add it to PARAMETER_KINDS or, with a reason, to SKIPPED_RULES"
                 for rule, names in unfillable]
    problems += [f"canary never seen, so no page showing '{field}' was swept ({canary})"
                 for canary, field in sorted(world.canaries.items())
                 if canary not in seen_canaries]
    return problems


@pytest.mark.truncate("fetches every GET route, /healthz too, which probes the database through a connection of its own")
@pytest.mark.parametrize("reader_role", ["viewer", "officer"])
def test_normal_clearance_reader_finds_nothing_restricted_anywhere(
        app, client, runner, make_user, outbox, reader_role):
    if PDFTOTEXT is None:
        pytest.skip("pdftotext (poppler-utils) is needed to read PDFs; .ci/run installs it")
    users = {"admin": make_user("admin"),
             "officer": make_user("officer", clearance="normal", name="Nora Normal"),
             "viewer": make_user("viewer", clearance="normal", name="Vera Viewer")}
    users["reader"] = users[reader_role]
    with app.app_context():
        world = plant_leak_world(db.session, officer_id=users["officer"].id,
                                 viewer_id=users["viewer"].id, admin_id=users["admin"].id)
        raise_often(db.session, world)
        db.session.remove()
    assert len(world.markers) + len(world.canaries) < 100  # two-digit marker numbers
    assert login(client, users["reader"].email).status_code == 302
    token = _calendar_token(client)

    fetches, unfillable = _route_fetches(app, world, users, token)
    fetches += _filter_fetches(world, users) + _preview_fetches(world)
    fetches += _draft_fetches(app, world, users["reader"])
    results, seen_canaries = _fetch_all(client, fetches, world)
    with app.test_request_context():
        forbidden = {r.rule for r in app.url_map.iter_rules()
                     if users["reader"].role not in required_role(r.endpoint, "GET")}
    report = _judge(results, forbidden)
    plain_pack = f"/packs/{world.named['plain_internal_html']}/download"
    if [status for fetch, status, _ in results if fetch.url == plain_pack] != [200]:
        report.setdefault("/packs/<int:pack_id>/download", []).append(
            f"{plain_pack}: the pack with nothing restricted should open")
    if reader_role == "officer" and (missing := picks_missing(client, world)):
        report.setdefault("/meetings/new?event_id=", []).append(
            f"visible picks not offered, so the picks were not swept: {missing}")

    mails = _reminder_mail(runner, outbox, world, users["reader"])
    if reader_role == "officer" and not mails:
        report.setdefault("send-reminders", []).append("no reminder mail written for the officer")
    for label, content in mails:
        text = mail_text(content)
        if leaked := _leaked(text, world):
            report.setdefault("send-reminders (outbox)", []).append(f"{label}: {'; '.join(leaked)}")
        seen_canaries.update(found_in(text, world.canaries))
    if coverage := _coverage(app, fetches, unfillable, world, seen_canaries):
        report["sweep coverage"] = coverage

    count = sum(len(v) for v in report.values())
    lines = [f"{count} problem(s) for the {reader_role} (clearance normal), {len(fetches)} fetches:"]
    for rule, problems in sorted(report.items()):
        lines.append(f"\n{rule}")
        lines += [f"  - {p}" for p in problems]
    assert not report, "\n".join(lines)


def test_the_planted_secrets_are_really_there(app, client, make_user):
    """The admin (cleared for everything) sees markers and names in pages and in every pack
    format, read the same way: the sweep could find them."""
    if PDFTOTEXT is None:
        pytest.skip("pdftotext (poppler-utils) is needed to read PDFs; .ci/run installs it")
    admin = make_user("admin")
    officer, viewer = make_user("officer", clearance="normal"), make_user("viewer", clearance="normal")
    with app.app_context():
        world = plant_leak_world(db.session, officer_id=officer.id, viewer_id=viewer.id,
                                 admin_id=admin.id)
        raise_often(db.session, world)
    assert login(client, admin.email).status_code == 302
    expected = {f"/persons/{world.named['at_risk_person']}": {
                    "atrisk-person-notes", *(f'name "{n}"' for n in AT_RISK_SPELLINGS)},
                f"/cases/{world.named['group_case']}": {"group-case-summary", "group-case-notes"},
                picks_url(world): {'name "Dinara Smailova"', 'name "Timur Zhaksylykov"',
                                   "atrisk-case-title", "group-case-title"}}
    for fmt in ("html", "pdf", "docx", "md"):
        expected[f"/packs/{world.named[f'meeting_internal_{fmt}']}/download"] = {
            'name "Dinara Smailova"', "group-case-summary", "group-case-internal-update"}
    for url, markers in expected.items():
        response = client.get(url)
        assert response.status_code == 200, url
        leaked = set(_leaked(readable_text(response.get_data(), response.content_type), world))
        assert markers <= leaked, f"{url}: {sorted(markers - leaked)} not found"
