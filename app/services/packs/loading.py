"""Loading everything a meeting's pack needs with a fixed handful of set-based queries.

The number of queries does not depend on how much history there is: each kind of row (past
meetings, raisings, recommendations, cases, findings, follow-ups, key facts) comes in one
SELECT (plus one per eager-loaded collection). Every query goes through the visibility rule,
so a pack never holds a person or case the reader is not cleared for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from app.models import (
    Affiliation,
    Case,
    FollowUp,
    KeyFact,
    Meeting,
    MeetingStatus,
    Person,
    Raising,
    Recommendation,
    Theme,
    case_themes,
    meeting_persons,
    recommendation_themes,
)
from app.models.sources import Finding


class PackSubjectMissing(LookupError):
    """The meeting or event asked for does not exist (or is hidden)."""


@dataclass
class MeetingRows:
    """The rows behind one meeting's pack, loaded in bulk."""

    meeting: Meeting
    attendees: list[Person]
    #: The meeting's themes, in display order.
    themes: list[Theme]
    #: Theme id -> id of the meeting theme whose section it belongs to (children join parents).
    theme_section: dict[int, int]
    #: Person id -> earlier meetings with that person, newest first.
    past_meetings: dict[int, list[PastMeeting]]
    #: Ids of every earlier meeting with any attendee.
    past_meeting_ids: set[int]
    #: Start of the latest earlier meeting with any attendee.
    previous_meeting_at: datetime | None
    recommendations: list[Recommendation]
    cases: list[Case]
    #: Earlier raisings with these people or of these recommendations and cases, newest first.
    raisings: list[Raising]
    findings: list[Finding]
    follow_ups: list[FollowUp]
    key_facts: list[KeyFact]
    attendee_ids: set[int] = field(default_factory=set)


def load_meeting_rows(session: Session, meeting_id: int) -> MeetingRows:
    """Load a meeting and everything its pack draws on; raises :class:`PackSubjectMissing`."""
    meeting = session.scalars(
        select(Meeting)
        .where(Meeting.id == meeting_id)
        .options(
            joinedload(Meeting.event),
            selectinload(Meeting.our_attendees),
            selectinload(Meeting.themes).selectinload(Theme.children),
            selectinload(Meeting.their_attendees)
            .selectinload(Person.affiliations)
            .joinedload(Affiliation.organisation),
        )
    ).first()
    if meeting is None:
        raise PackSubjectMissing(f"No meeting with id {meeting_id}.")
    attendees = list(meeting.their_attendees)
    ids = {p.id for p in attendees}
    themes = [t for t in meeting.themes if t.archived_at is None]
    section = {t.id: t.id for t in themes}
    for theme in themes:
        for child in theme.children:
            section.setdefault(child.id, theme.id)

    past = _past_meetings(session, meeting, ids)
    past_ids = {m.id for meetings in past.values() for m in meetings}
    previous = max((m.starts_at for ms in past.values() for m in ms), default=None)
    raised_with_these = _raised_with(ids, past_ids)
    recommendations = _recommendations(session, list(section), raised_with_these)
    cases = _cases(session, list(section), raised_with_these)
    raisings = _raisings(session, meeting, raised_with_these,
                         [r.id for r in recommendations], [c.id for c in cases])
    return MeetingRows(
        meeting=meeting, attendees=attendees, themes=themes, theme_section=section,
        past_meetings=past, past_meeting_ids=past_ids, previous_meeting_at=previous,
        recommendations=recommendations, cases=cases, raisings=raisings,
        findings=load_findings(session, list(section)),
        follow_ups=_follow_ups(session, meeting, ids, past_ids),
        key_facts=load_key_facts(session, meeting.event.counterpart_country
                                 if meeting.event else None),
        attendee_ids=ids,
    )


@dataclass(frozen=True)
class PastMeeting:
    """One line about an earlier meeting: when, what, how it ended."""

    id: int
    title: str
    starts_at: datetime
    outcome: str | None


def _past_meetings(session: Session, meeting: Meeting, person_ids: set[int]) -> dict[int, list]:
    """Earlier, not cancelled meetings with each attendee, newest first (one light query)."""
    result: dict[int, list[PastMeeting]] = {pid: [] for pid in person_ids}
    if not person_ids:
        return result
    rows = session.execute(
        select(meeting_persons.c.person_id, Meeting.id, Meeting.title, Meeting.starts_at,
               Meeting.outcome)
        .join(meeting_persons, meeting_persons.c.meeting_id == Meeting.id)
        .where(
            meeting_persons.c.person_id.in_(person_ids),
            Meeting.id != meeting.id,
            Meeting.starts_at < meeting.starts_at,
            Meeting.archived_at.is_(None),
            Meeting.status != MeetingStatus.CANCELLED,
        )
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
    ).all()
    seen: dict[int, PastMeeting] = {}
    for person_id, meeting_id, title, starts_at, outcome in rows:
        past = seen.setdefault(meeting_id, PastMeeting(meeting_id, title, starts_at, outcome))
        result[person_id].append(past)
    return result


def _raised_with(person_ids: set[int], past_meeting_ids: set[int]):
    """SQL condition: a raising put to one of these people (or to a meeting they attended)."""
    if not person_ids:
        return Raising.id.is_(None)
    return or_(
        Raising.person_id.in_(person_ids),
        and_(Raising.person_id.is_(None), Raising.meeting_id.in_(past_meeting_ids or {-1})),
    )


def _recommendations(session: Session, theme_ids: list[int], raised_with_these) -> list:
    """Recommendations on the meeting's themes or raised with these people, by priority."""
    on_themes = select(recommendation_themes.c.recommendation_id).where(
        recommendation_themes.c.theme_id.in_(theme_ids or [-1]))
    raised = select(Raising.recommendation_id).where(
        raised_with_these, Raising.recommendation_id.is_not(None), Raising.archived_at.is_(None))
    return list(session.scalars(
        select(Recommendation)
        .where(Recommendation.archived_at.is_(None),
               or_(Recommendation.id.in_(on_themes), Recommendation.id.in_(raised)))
        .options(selectinload(Recommendation.themes),
                 selectinload(Recommendation.status_changes))
        .order_by(Recommendation.priority, Recommendation.id)
    ))


def _cases(session: Session, theme_ids: list[int], raised_with_these) -> list:
    """Cases on the meeting's themes or raised with these people."""
    on_themes = select(case_themes.c.case_id).where(case_themes.c.theme_id.in_(theme_ids or [-1]))
    raised = select(Raising.case_id).where(
        raised_with_these, Raising.case_id.is_not(None), Raising.archived_at.is_(None))
    return list(session.scalars(
        select(Case)
        .where(Case.archived_at.is_(None), or_(Case.id.in_(on_themes), Case.id.in_(raised)))
        .options(selectinload(Case.themes), selectinload(Case.updates), joinedload(Case.person))
        .order_by(Case.title, Case.id)
    ))


def _raisings(session: Session, meeting: Meeting, raised_with_these, rec_ids, case_ids) -> list:
    """Earlier raisings with these people, or of these recommendations and cases, newest first."""
    return list(session.scalars(
        select(Raising)
        .join(Raising.meeting)
        .where(
            Raising.archived_at.is_(None),
            Meeting.archived_at.is_(None),
            Meeting.id != meeting.id,
            Meeting.starts_at < meeting.starts_at,
            or_(raised_with_these, Raising.recommendation_id.in_(rec_ids or [-1]),
                Raising.case_id.in_(case_ids or [-1])),
        )
        .options(joinedload(Raising.meeting), joinedload(Raising.person),
                 joinedload(Raising.theme))
        .order_by(Meeting.starts_at.desc(), Raising.id.desc())
    ).unique())


def load_findings(session: Session, theme_ids: list[int]) -> list[Finding]:
    """Positive steps and concerns on these themes, newest first."""
    if not theme_ids:
        return []
    return list(session.scalars(
        select(Finding)
        .where(Finding.theme_id.in_(theme_ids), Finding.archived_at.is_(None))
        .order_by(Finding.noted_on.desc(), Finding.position, Finding.id)
    ))


def _follow_ups(session: Session, meeting: Meeting, person_ids: set[int],
                past_ids: set[int]) -> list[FollowUp]:
    """Commitments made at this or earlier meetings with these people, or by these people."""
    meeting_ids = past_ids | {meeting.id}
    return list(session.scalars(
        select(FollowUp)
        .where(FollowUp.archived_at.is_(None),
               or_(FollowUp.meeting_id.in_(meeting_ids),
                   FollowUp.owner_person_id.in_(person_ids or {-1})))
        .options(joinedload(FollowUp.owner_user), joinedload(FollowUp.owner_person),
                 joinedload(FollowUp.meeting))
        .order_by(FollowUp.due_on, FollowUp.id)
    ))


def load_key_facts(session: Session, country: str | None) -> list[KeyFact]:
    """Key facts and figures for the counterpart country (all of them when it is unknown)."""
    stmt = select(KeyFact).where(KeyFact.archived_at.is_(None))
    if country:
        stmt = stmt.where(or_(KeyFact.country.is_(None), KeyFact.country == country))
    return list(session.scalars(
        stmt.options(joinedload(KeyFact.source)).order_by(KeyFact.label, KeyFact.id)))
