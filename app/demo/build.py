"""Loading the demo: the records of ``demo.toml`` created through Parley's services.

:func:`seed_demo` is idempotent: when the demo's source is already present it adds nothing,
and every record is looked up by a natural key (name, title, text, email) before it is
created. Users are made as an admin makes them, status changes and case updates are recorded
as an officer records them (by Amina, the lead officer), and meetings are saved through the
meeting log (:mod:`app.demo.meetings`).
"""

from __future__ import annotations

import secrets
from datetime import date

from sqlalchemy.orm import Session

from app.demo.data import LEAD_OFFICER, Demo, load_demo_data
from app.demo.meetings import build_events, build_meetings
from app.models import (
    Affiliation,
    Case,
    CaseStatus,
    CaseUpdate,
    Finding,
    ImplementationStatus,
    KeyFact,
    Organisation,
    OrganisationKind,
    Person,
    Polarity,
    Recommendation,
    RecommendationStatusChange,
    Role,
    Sensitivity,
    Source,
    Theme,
    User,
)
from app.services.admin.accounts import create_account
from app.services.people.persons import set_other_spellings
from app.services.substance.cases import add_update
from app.services.substance.recommendations import change_status


def seed_demo(session: Session, today: date | None = None) -> dict[str, int]:
    """Load the demo of preparing the 2026 EU-Kazakhstan Human Rights Dialogue; idempotent.

    Returns how many records of each kind were created (none when the demo is loaded).
    """
    demo = Demo(session=session, today=today or date.today(), data=load_demo_data())
    if demo.find(Source, title=demo.data["source"]["title"]) is not None:
        return demo.counts
    for build in (build_users, build_organisations, build_officials, build_themes,
                  build_source, build_findings, build_key_facts, build_recommendations,
                  build_cases, build_events, build_meetings):
        build(demo)
        session.flush()
    return demo.counts


def build_users(demo: Demo) -> None:
    """The demo's officers and viewer (nobody knows their random passwords; an admin can
    reset them)."""
    for spec in demo.data["users"]:
        user = demo.find(User, email=spec["email"])
        if user is None:
            user = create_account(demo.session, email=spec["email"], name=spec["name"],
                                  role=Role(spec["role"]),
                                  clearance=Sensitivity(spec["clearance"]),
                                  password=secrets.token_urlsafe(24))
            demo.counts["users"] += 1
        demo.users[spec["key"]] = user


def build_organisations(demo: Demo) -> None:
    """EU institutions, the German embassy, Kazakh government bodies and the coalition CSOs."""
    for spec in demo.data["organisations"]:
        demo.orgs[spec["key"]], _ = demo.get_or_create(
            Organisation, "organisations", {"name": spec["name"]}, acronym=spec.get("acronym"),
            kind=OrganisationKind(spec["kind"]), country=spec.get("country"),
            notes=spec.get("notes"))


def _person(demo: Demo, name: str, other_names: list[str], **values) -> Person:
    """Get or create a person, with their other spellings added to any they have."""
    person, _ = demo.get_or_create(Person, "persons", {"full_name": name}, **values)
    before = len(person.other_names)
    set_other_spellings(person, [n.name for n in person.other_names] + other_names)
    demo.counts["person_names"] += len(person.other_names) - before
    demo.session.flush()
    demo.persons[name] = person
    return person


def build_officials(demo: Demo) -> None:
    """Invented officials, diplomats and MEPs, with their posts over time."""
    standing = demo.data["standing_text"]
    for spec in demo.data["officials"]:
        person = _person(demo, spec["name"], spec.get("other_names", []),
                         country=spec["country"], sensitivity=Sensitivity.NORMAL,
                         lawful_basis=standing["official_lawful_basis"],
                         notes=standing["official_notes"])
        for post in spec["posts"]:
            demo.get_or_create(
                Affiliation, "affiliations",
                {"person_id": person.id, "organisation_id": demo.orgs[post["organisation"]].id,
                 "role": post["role"]},
                start_on=demo.day(post, "started_"), end_on=demo.day(post, "ended_"))


def build_themes(demo: Demo) -> None:
    """The five themes of the briefing, and one nested theme."""
    for spec in demo.data["themes"]:
        parent = demo.themes.get(spec.get("parent"))
        if parent is not None:
            demo.session.flush()
        demo.themes[spec["key"]], _ = demo.get_or_create(
            Theme, "themes",
            {"name": spec["name"], "parent_id": parent.id if parent is not None else None},
            position=spec["position"], description=spec["description"])


def build_source(demo: Demo) -> None:
    """The joint IPHR/KIBHR briefing paper."""
    spec = demo.data["source"]
    demo.source, _ = demo.get_or_create(
        Source, "sources", {"title": spec["title"]}, publisher=spec["publisher"],
        published_on=spec["published_on"], url=spec.get("url"))


def build_findings(demo: Demo) -> None:
    """Positive steps and concerns, one per item of the briefing, numbered within their
    theme in the file's order."""
    positions: dict[str, int] = {}
    for spec in demo.data["findings"]:
        positions[spec["theme"]] = position = positions.get(spec["theme"], 0) + 1
        demo.get_or_create(
            Finding, "findings", {"source_id": demo.paper.id, "text": spec["text"]},
            theme_id=demo.themes[spec["theme"]].id, polarity=Polarity(spec["polarity"]),
            position=position, noted_on=demo.paper.published_on)


def build_key_facts(demo: Demo) -> None:
    """Facts and figures for the packs, among them the CIVICUS Monitor rating."""
    for spec in demo.data["key_facts"]:
        demo.get_or_create(KeyFact, "key_facts", {"label": spec["label"], "country": "Kazakhstan"},
                           value=spec["value"], as_of=spec["as_of"], source_id=demo.paper.id)


def build_recommendations(demo: Demo) -> None:
    """The 20 asks of the Kazakhstani authorities and our 2 asks of the EU, with the dated
    changes of their implementation status."""
    for spec in demo.data["recommendations"]:
        rec, created = demo.get_or_create(
            Recommendation, "recommendations",
            {"text": spec["text"], "addressee": spec["addressee"]},
            short_title=spec["short_title"], priority=spec["priority"],
            source_id=demo.paper.id, status=ImplementationStatus.NOT_STARTED)
        if created:
            rec.themes = [demo.themes[key] for key in spec["themes"]]
        demo.recs[spec["short_title"]] = rec
    demo.session.flush()
    with demo.acting_as(demo.users[LEAD_OFFICER]):
        for spec in demo.data["status_changes"]:
            rec, status, changed_on = (demo.recs[spec["recommendation"]],
                                       ImplementationStatus(spec["status"]), demo.on(spec))
            if demo.find(RecommendationStatusChange, recommendation_id=rec.id,
                         to_status=status, changed_on=changed_on) is None:
                change_status(demo.session, rec, status, changed_on, spec["evidence"])
                demo.counts["recommendation_status_changes"] += 1


def build_cases(demo: Demo) -> None:
    """The named individuals of the briefing and two group cases, with dated updates."""
    basis = demo.data["standing_text"]["case_lawful_basis"]
    for spec in demo.data["cases"]:
        sensitivity = Sensitivity(spec["sensitivity"])
        person = _person(demo, spec["person"], spec["other_names"], country="Kazakhstan",
                         sensitivity=sensitivity, lawful_basis=basis)
        _case(demo, spec["person"], spec, person=person, sensitivity=sensitivity,
              may_be_named=spec["may_be_named"])
    for spec in demo.data["group_cases"]:
        _case(demo, spec["title"], spec, person=None, sensitivity=Sensitivity.NORMAL,
              may_be_named=True)


def _case(demo: Demo, title: str, spec: dict, person: Person | None, **values) -> None:
    """Get or create one case with its themes, and record its updates."""
    case, created = demo.get_or_create(
        Case, "cases", {"title": title},
        person_id=person.id if person is not None else None, is_group=person is None,
        charges=spec.get("charges"), status=CaseStatus(spec["status"]), summary=spec["summary"],
        notes=spec.get("notes"), **values)
    if created:
        case.themes = [demo.themes[key] for key in spec["themes"]]
    demo.session.flush()
    demo.cases[title] = case
    with demo.acting_as(demo.users[LEAD_OFFICER]):
        for update in spec["updates"]:
            if demo.find(CaseUpdate, case_id=case.id, text=update["text"]) is not None:
                continue
            new_status = update.get("new_status")
            add_update(demo.session, case, demo.on(update), update["text"],
                       new_status=CaseStatus(new_status) if new_status else None,
                       is_internal=update.get("internal", False))
            demo.counts["case_updates"] += 1
