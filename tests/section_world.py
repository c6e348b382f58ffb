"""A world where every growing section of every record page holds many rows, for the section
tests: each row carries a marker (``Talk007``) whose number tells its age (higher is newer)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from app.extensions import db
from app.models import (
    Affiliation,
    Audience,
    Case,
    CaseUpdate,
    DialogueEvent,
    Direction,
    Finding,
    FollowUp,
    ImplementationStatus,
    Meeting,
    Organisation,
    OrganisationKind,
    Pack,
    PackFormat,
    Person,
    Polarity,
    Raising,
    Recommendation,
    RecommendationStatusChange,
    Source,
    Stance,
    Theme,
    utcnow,
)

START = datetime(2024, 1, 1, 9, tzinfo=UTC)
NEWEST, OLDEST = "newest", "oldest"


@dataclass
class Shown:
    """One section of one page: where it is, its rows' marker, which rows come first."""

    page: str
    anchor: str
    marker: str
    first: str
    full_list: str
    query: str = ""


@dataclass
class World:
    """Ids of the busy records, and how many rows each section holds."""

    ids: dict = field(default_factory=dict)
    rows: int = 0

    def sections(self) -> list[Shown]:
        """Every section of every record page, with its marker and order."""
        i = self.ids
        person, org = f"/persons/{i['person']}", f"/organisations/{i['org']}"
        meeting, rec = f"/meetings/{i['meeting']}", f"/recommendations/{i['rec']}"
        case, event = f"/cases/{i['case']}", f"/events/{i['event']}"
        theme, source = f"/themes/{i['theme']}", f"/sources/{i['source']}"
        debrief, debrief_lists = f"/debrief/event/{i['event']}", f"/debrief/{i['event']}/all"
        return [
            Shown(person, "posts", "NowPost", NEWEST, f"{person}/all/posts"),
            Shown(person, "past-posts", "OldPost", NEWEST, f"{person}/all/past-posts"),
            Shown(person, "meetings", "Talk", NEWEST, f"{person}/all/meetings"),
            Shown(person, "raised", "Reply", NEWEST, f"{person}/all/raised"),
            Shown(person, "their-commitments", "TheyPromise", NEWEST,
                  f"{person}/all/their-commitments"),
            Shown(person, "our-commitments", "WePromise", NEWEST,
                  f"{person}/all/our-commitments"),
            Shown(person, "cases", "CaseAbout", OLDEST, f"{person}/all/cases"),
            Shown(org, "people", "NowPost", NEWEST, f"{org}/all/people"),
            Shown(org, "former", "OldPost", NEWEST, f"{org}/all/former"),
            Shown(meeting, "raised", "Plea", OLDEST, f"{meeting}/all/raised"),
            Shown(meeting, "follow-ups", "MeetingTask", OLDEST, f"{meeting}/all/follow-ups"),
            Shown(meeting, "issued", "pack-", NEWEST, f"{meeting}/all/issued"),
            Shown(f"{meeting}/pack", "issued", "pack-", NEWEST, f"{meeting}/all/issued"),
            Shown(rec, "history", "Evidence", NEWEST, f"{rec}/all/history"),
            Shown(rec, "raised", "Reply", NEWEST, f"{rec}/all/raised"),
            Shown(rec, "follow-ups", "TheyPromise", OLDEST, f"{rec}/all/follow-ups"),
            Shown(case, "updates", "Development", NEWEST, f"{case}/all/updates"),
            Shown(case, "raised", "Plea", NEWEST, f"{case}/all/raised"),
            Shown(case, "follow-ups", "WePromise", OLDEST, f"{case}/all/follow-ups"),
            Shown(event, "schedule", "Talk", OLDEST, f"{event}/all/schedule"),
            Shown(f"{event}/brief", "issued", "brief-", NEWEST, f"{event}/all/issued"),
            Shown(debrief, "meetings", "Talk", OLDEST, f"{debrief_lists}/meetings"),
            Shown(debrief, "raised", "Reply", OLDEST, f"{debrief_lists}/raised"),
            Shown(debrief, "our-commitments", "WePromise", OLDEST,
                  f"{debrief_lists}/our-commitments"),
            Shown(debrief, "their-commitments", "TheyPromise", OLDEST,
                  f"{debrief_lists}/their-commitments"),
            Shown(theme, "recommendations", "Ask", OLDEST, f"{theme}/all/recommendations"),
            Shown(theme, "cases", "CaseAbout", OLDEST, f"{theme}/all/cases"),
            Shown(theme, "findings", "Finding", NEWEST, f"{theme}/all/findings"),
            Shown(source, "findings", "Finding", NEWEST, f"{source}/all/findings"),
            Shown(source, "recommendations", "Ask", OLDEST, f"{source}/all/recommendations"),
            Shown(source, "archived-findings", "Shelved", NEWEST,
                  f"{source}/all/archived-findings", query="?archived=y"),
        ]


def _base(officer_id: int) -> dict:
    theme = Theme(name="Fair trial")
    sub = Theme(name="Access to a lawyer", parent=theme)
    person, other = Person(full_name="Busy Official"), Person(full_name="Other Official")
    org = Organisation(name="Busy Ministry", kind=OrganisationKind.GOVERNMENT)
    source = Source(title="Busy report")
    rec = Recommendation(text="Release everyone", addressee="Authorities",
                         themes=[Theme(name="Due process")])
    case = Case(title="Busy case")
    event = DialogueEvent(title="Busy dialogue", starts_on=START.date())
    db.session.add_all([theme, sub, person, other, org, source, rec, case, event])
    db.session.flush()
    meeting = Meeting(title="Busy meeting", starts_at=START - timedelta(days=1),
                      their_attendees=[other])
    db.session.add(meeting)
    db.session.flush()
    return {"theme": theme.id, "sub": sub.id, "person": person.id, "other": other.id,
            "org": org.id, "source": source.id, "rec": rec.id, "case": case.id,
            "event": event.id, "meeting": meeting.id, "officer": officer_id}


def _pack(index: int, name: str, **target) -> Pack:
    return Pack(audience=Audience.INTERNAL, format=PackFormat.PDF, snapshot={},
                filename=f"{name}-{index:03d}.pdf", content_type="application/pdf",
                content=b"%PDF", issued_at=START + timedelta(hours=index), **target)


def fill(app, world: World, n: int, officer_id: int | None = None) -> World:
    """Add ``n`` rows to every section of every busy record (creating them the first time)."""
    with app.app_context():
        if not world.ids:
            world.ids = _base(officer_id)
        ids = world.ids
        person = db.session.get(Person, ids["person"])
        for i in range(world.rows, world.rows + n):
            day = START + timedelta(days=i)
            talk = Meeting(title=f"Talk{i:03d}", starts_at=day, their_attendees=[person],
                           event_id=ids["event"])
            db.session.add(talk)
            db.session.flush()
            db.session.add_all([
                Affiliation(person_id=ids["person"], organisation_id=ids["org"],
                            role=f"NowPost{i:03d}", start_on=date(2000, 1, 1) + timedelta(i)),
                Affiliation(person_id=ids["person"], organisation_id=ids["org"],
                            role=f"OldPost{i:03d}", start_on=date(1990, 1, 1) + timedelta(i),
                            end_on=date(1995, 1, 1) + timedelta(i)),
                Raising(meeting_id=talk.id, person_id=ids["person"],
                        recommendation_id=ids["rec"], response=f"Reply{i:03d}",
                        stance=Stance.OPPOSED if i % 2 else Stance.SUPPORTIVE),
                FollowUp(meeting_id=talk.id, direction=Direction.THEIRS,
                         owner_person_id=ids["person"], description=f"TheyPromise{i:03d}",
                         due_on=day.date(), recommendation_id=ids["rec"]),
                FollowUp(meeting_id=talk.id, direction=Direction.OURS,
                         owner_user_id=ids["officer"], description=f"WePromise{i:03d}",
                         due_on=day.date(), case_id=ids["case"]),
                Case(title=f"CaseAbout{i:03d}", person_id=ids["person"],
                     themes=[db.session.get(Theme, ids["sub"])]),
                Raising(meeting_id=ids["meeting"], case_id=ids["case"], response=f"Plea{i:03d}"),
                FollowUp(meeting_id=ids["meeting"], direction=Direction.OURS,
                         description=f"MeetingTask{i:03d}", due_on=day.date()),
                _pack(i, "pack", meeting_id=ids["meeting"]),
                _pack(i, "brief", event_id=ids["event"]),
                RecommendationStatusChange(recommendation_id=ids["rec"],
                                           to_status=ImplementationStatus.PARTIAL,
                                           changed_on=day.date(), evidence=f"Evidence{i:03d}"),
                CaseUpdate(case_id=ids["case"], happened_on=day.date(),
                           text=f"Development{i:03d}"),
                Recommendation(text=f"Ask{i:03d}", addressee="Authorities",
                               source_id=ids["source"],
                               themes=[db.session.get(Theme, ids["theme"])]),
                Finding(source_id=ids["source"], theme_id=ids["sub"], polarity=Polarity.CONCERN,
                        text=f"Finding{i:03d}", noted_on=day.date()),
                Finding(source_id=ids["source"], theme_id=ids["sub"], polarity=Polarity.POSITIVE,
                        text=f"Shelved{i:03d}", noted_on=day.date(), archived_at=utcnow()),
            ])
        db.session.commit()
        db.session.remove()
    world.rows += n
    return world
