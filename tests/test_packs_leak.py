"""External packs leak nothing: a marker in every restricted field, searched in every format.

Each restricted field gets a unique marker word. The external pack (HTML, PDF, DOCX,
Markdown; meeting pack and event brief) must contain none of them, while the internal HTML
pack does show the internal ones, so the test would notice if the markers were never planted.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, date, datetime, timedelta

import pytest
from docx import Document
from pypdf import PdfReader

from app.extensions import db
from app.models import (
    Affiliation,
    Case,
    CaseUpdate,
    DialogueEvent,
    Direction,
    FollowUp,
    FollowUpStatus,
    ImplementationStatus,
    Meeting,
    MeetingStatus,
    Organisation,
    Person,
    Raising,
    Recommendation,
    RecommendationStatusChange,
    Sensitivity,
    Stance,
    Theme,
    User,
)
from app.services.packs.build import build_event_brief, build_meeting_pack
from app.services.packs.issue import render

#: Restricted fields whose markers the internal pack shows (so the test can fail).
INTERNAL_MARKERS = {
    "meeting_notes": "Qzmeetingnotes", "purpose": "Qzpurpose", "objective": "Qzobjective",
    "outcome": "Qzpastoutcome", "person_notes": "Qzpersonnotes", "case_notes": "Qzcasenotes",
    "internal_update": "Qzinternalupdate", "confidential_attendee": "Qzconfattendee",
    "at_risk_attendee": "Qzatriskattendee", "at_risk_case": "Qzatriskcase",
    "at_risk_case_summary": "Qzatrisksummary", "confidential_case": "Qzconfcase",
    "uncleared_case": "Qzunclearedcase", "raising_response": "Qzraisingresponse",
    "our_reply": "Qzourreply", "issuer": "Qzofficerissuer", "team": "Qzofficerteam",
    "follow_up_owner": "Qzofficerowner", "our_follow_up": "Qzourfollowup",
    "their_commitment": "Qztheircommitment", "evidence": "Qzevidence",
    "event_objectives": "Qzeventobjectives", "confidential_post": "Qzconfpost",
}
#: Restricted fields no pack ever prints.
NEVER_MARKERS = {
    "email": "qzemail", "phone": "Qzphone", "consent": "Qzconsent", "lawful": "Qzlawful",
    "organisation_notes": "Qzorgnotes", "raising_point": "Qzraisingpoint",
}
ALL_MARKERS = {**INTERNAL_MARKERS, **NEVER_MARKERS}
M = ALL_MARKERS
SHARED = ("Official Okafor", "Named Journalist", "Public hearing held", "Cleared Confidential Case")


def _person(name, sensitivity=Sensitivity.NORMAL, **fields) -> Person:
    return Person(full_name=name, sensitivity=sensitivity, **fields)


@pytest.fixture()
def planted(app_context):
    """A meeting, its history and an event with a marker in every restricted field."""
    start = datetime(2026, 12, 1, 10, tzinfo=UTC)
    issuer = User(email="issuer@parley.example", name=f"Officer {M['issuer']}", password_hash="x")
    team = User(email="team@parley.example", name=f"Officer {M['team']}", password_hash="x")
    owner = User(email="owner@parley.example", name=f"Officer {M['follow_up_owner']}",
                 password_hash="x")
    org = Organisation(name="Ministry of Testing", notes=M["organisation_notes"])
    theme = Theme(name="Freedom of testing", position=1)
    official = _person("Official Okafor", notes=M["person_notes"], email=f"{M['email']}@x.org",
                       phone=M["phone"], consent_note=M["consent"], lawful_basis=M["lawful"])
    confidential = _person(f"Attendee {M['confidential_attendee']}", Sensitivity.CONFIDENTIAL)
    at_risk = _person(f"Attendee {M['at_risk_attendee']}", Sensitivity.AT_RISK)
    at_risk_subject = _person(f"Defender {M['at_risk_case']}", Sensitivity.AT_RISK)
    journalist = _person("Named Journalist")
    event = DialogueEvent(title="Testing dialogue", starts_on=start.date(),
                          counterpart_country="Testland", objectives=M["event_objectives"])
    rec = Recommendation(text="Release everyone held for testing.", short_title="Release testers",
                         addressee="Authorities", priority=1, themes=[theme],
                         status=ImplementationStatus.PARTIAL)
    named_case = Case(title="Named Journalist", person=journalist, may_be_named=True,
                      notes=M["case_notes"], themes=[theme], summary="Charged for reporting.")
    cases = [
        named_case,
        Case(title=f"Defender {M['at_risk_case']}", person=at_risk_subject,
             sensitivity=Sensitivity.AT_RISK, summary=M["at_risk_case_summary"], themes=[theme]),
        Case(title=f"Case {M['confidential_case']}", sensitivity=Sensitivity.CONFIDENTIAL,
             may_be_named=False, themes=[theme]),
        Case(title="Cleared Confidential Case", sensitivity=Sensitivity.CONFIDENTIAL,
             may_be_named=True, themes=[theme]),
        Case(title=f"Case {M['uncleared_case']}", may_be_named=False, themes=[theme]),
    ]
    past = Meeting(title="Earlier meeting", starts_at=start - timedelta(days=60),
                   status=MeetingStatus.HELD, outcome=M["outcome"], event=event)
    past.their_attendees = [official]
    meeting = Meeting(title="Meeting with the ministry", starts_at=start, event=event,
                      place="Testville", purpose=M["purpose"], objective=M["objective"],
                      notes=f"- {M['meeting_notes']}")
    meeting.their_attendees = [official, confidential, at_risk]
    meeting.our_attendees = [team]
    meeting.themes = [theme]
    db.session.add_all([issuer, team, owner, org, theme, event, rec, *cases, past, meeting,
                        Affiliation(person=official, organisation=org, role="Director"),
                        Affiliation(person=confidential, organisation=org,
                                    role=f"Adviser {M['confidential_post']}")])
    db.session.flush()
    db.session.add_all([
        CaseUpdate(case_id=named_case.id, happened_on=start.date() - timedelta(days=10),
                   text=M["internal_update"], is_internal=True),
        CaseUpdate(case_id=named_case.id, happened_on=start.date() - timedelta(days=20),
                   text="Public hearing held"),
        Raising(meeting=past, recommendation=rec, person=official, talking_point=M["raising_point"],
                response=M["raising_response"], stance=Stance.OPPOSED, our_reply=M["our_reply"]),
        FollowUp(meeting=past, description=M["our_follow_up"], direction=Direction.OURS,
                 owner_user=owner, due_on=start.date() + timedelta(days=5)),
        FollowUp(meeting=past, description=M["their_commitment"], direction=Direction.THEIRS,
                 owner_person=official, due_on=start.date() + timedelta(days=5)),
        FollowUp(meeting=past, description="Kept promise", direction=Direction.THEIRS,
                 owner_person=official, status=FollowUpStatus.DONE,
                 closed_at=start - timedelta(days=30)),
        RecommendationStatusChange(recommendation_id=rec.id, to_status=ImplementationStatus.PARTIAL,
                                   changed_on=date(2026, 11, 1), evidence=M["evidence"]),
    ])
    db.session.commit()
    return {"meeting_id": meeting.id, "event_id": event.id, "issuer": issuer}


def squeezed(text: str) -> str:
    """Lower case without any white space: PDF text extraction may split words at kerning."""
    return re.sub(r"\s+", "", text).lower()


def leaks(text: str) -> dict:
    """The planted markers found in ``text``."""
    flat = squeezed(text)
    return {field: marker for field, marker in ALL_MARKERS.items() if marker.lower() in flat}


def text_of(content: bytes, fmt: str) -> str:
    """Every piece of text a reader (or a metadata viewer) could find in the file."""
    if fmt == "pdf":
        reader = PdfReader(io.BytesIO(content))
        pages = "\n".join(page.extract_text() for page in reader.pages)
        return pages + "\n" + " ".join(str(v) for v in (reader.metadata or {}).values())
    if fmt == "docx":
        document = Document(io.BytesIO(content))
        parts = [p.text for p in document.paragraphs]
        parts += [cell.text for table in document.tables for row in table.rows
                  for cell in row.cells]
        for section in document.sections:
            parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
        props = document.core_properties
        parts += [props.author, props.last_modified_by, props.title, props.subject,
                  props.keywords, props.comments, props.category]
        with zipfile.ZipFile(io.BytesIO(content)) as archive:  # every XML part, raw
            parts += [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
                      if name.endswith(".xml")]
        return "\n".join(p or "" for p in parts)
    return content.decode("utf-8")


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx", "md"])
@pytest.mark.parametrize("kind", ["meeting", "event"])
def test_external_pack_leaks_nothing(planted, kind, fmt):
    if kind == "meeting":
        pack = build_meeting_pack(db.session, planted["meeting_id"], "external",
                                  issued_by=planted["issuer"])
        shared = (*SHARED, "Release everyone held for testing.")
    else:
        pack = build_event_brief(db.session, planted["event_id"], "external",
                                 issued_by=planted["issuer"])
        shared = ("Named Journalist", "Release testers", "Cleared Confidential Case")
    text = text_of(render(pack, fmt), fmt)
    assert leaks(text) == {}
    for item in shared:  # what may be shared is there
        assert squeezed(item) in squeezed(text)


def test_external_structure_is_built_from_the_allowlist(planted):
    pack = build_meeting_pack(db.session, planted["meeting_id"], "external",
                              issued_by=planted["issuer"])
    assert set(pack) == {"schema", "kind", "mode", "audience", "marking", "cover", "asks",
                         "across", "annexes", "persons_named", "cases_held", "persons_masked",
                         "sensitivity"}
    assert set(pack["annexes"]) == {"background", "recommendations", "cases", "key_facts"}
    assert "issued_by" not in pack["cover"] and "our_team" not in pack["cover"]
    assert pack["across"] == [{"name": "Official Okafor", "post": pack["across"][0]["post"]}]
    assert sorted(c["title"] for c in pack["annexes"]["cases"]) == [
        "Cleared Confidential Case", "Named Journalist"]
    journalist = next(c for c in pack["annexes"]["cases"] if c["title"] == "Named Journalist")
    assert journalist["latest_update"]["text"] == "Public hearing held"


def test_internal_pack_shows_the_internal_markers(planted):
    """The planted markers are really in the data: the internal pack shows them."""
    pack = build_meeting_pack(db.session, planted["meeting_id"], "internal",
                              issued_by=planted["issuer"])
    html = render(pack, "html").decode()
    brief = render(build_event_brief(db.session, planted["event_id"], "internal",
                                     issued_by=planted["issuer"]), "html").decode()
    missing = {field for field, marker in INTERNAL_MARKERS.items()
               if marker not in html and marker not in brief}
    assert missing == set()
    for marker in NEVER_MARKERS.values():
        assert marker not in html and marker not in brief


def test_file_metadata_names_parley_not_the_issuer(planted):
    internal = build_meeting_pack(db.session, planted["meeting_id"], "internal",
                                  issued_by=planted["issuer"])
    external = build_meeting_pack(db.session, planted["meeting_id"], "external",
                                  issued_by=planted["issuer"])
    inside = Document(io.BytesIO(render(internal, "docx"))).core_properties
    outside = Document(io.BytesIO(render(external, "docx"))).core_properties
    for props in (inside, outside):
        assert props.author == "Parley" and props.last_modified_by == "Parley"
    for pack in (internal, external):
        assert PdfReader(io.BytesIO(render(pack, "pdf"))).metadata.author == "Parley"


@pytest.mark.parametrize("fmt", ["pdf", "docx", "md"])
def test_extraction_finds_markers_in_internal_files(planted, fmt):
    """The same extraction does find markers when they are there (the check has teeth)."""
    pack = build_meeting_pack(db.session, planted["meeting_id"], "internal",
                              issued_by=planted["issuer"])
    found = leaks(text_of(render(pack, fmt), fmt))
    assert {"meeting_notes", "our_reply", "at_risk_case", "internal_update", "issuer"} <= set(found)
