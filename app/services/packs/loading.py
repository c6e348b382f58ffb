"""Loading what a meeting's pack needs with a fixed handful of bounded, set-based queries.

Neither the number of queries nor the number of rows read depends on how much history there
is: the recommendations and cases come as a short list, most important first (or the ones
the officer chose from it; :mod:`app.services.packs.offers`), and every history section (earlier meetings per attendee, the
latest answers, what changed, commitments, findings) is the latest few rows, cut by SQL
``LIMIT`` or a ``row_number()`` window. Every query goes through the visibility rule, so a
pack never holds a person or case the reader is not cleared for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import (
    Affiliation,
    Case,
    CaseUpdate,
    FollowUp,
    KeyFact,
    Meeting,
    MeetingStatus,
    Person,
    Raising,
    Recommendation,
    RecommendationStatusChange,
    Theme,
    meeting_persons,
)
from app.models.sources import Finding
from app.security.field_crypto import with_private_fields
from app.services.packs import history
from app.services.packs.history import (
    Bounds,
    latest_case_updates,
    latest_raisings,
    stances_of,
)
from app.services.packs.offers import (
    CASES_CHOSEN,
    CASES_OFFERED,
    RECOMMENDATIONS_CHOSEN,
    RECOMMENDATIONS_OFFERED,
    Offer,
    offered_cases,
    offered_recommendations,
)
from app.services.planner import unindexed
from app.services.substance.addressees import Party, meeting_counterpart
from app.services.substance.themes import themes_below

#: The latest rows of each history section.
BOUNDS = Bounds()


class PackSubjectMissing(LookupError):
    """The meeting or event asked for does not exist (or is hidden)."""


@dataclass
class MeetingRows:
    """The rows behind one meeting's pack, loaded in bulk and bounded."""

    meeting: Meeting
    attendees: list[Person]
    #: The meeting's themes, in display order.
    themes: list[Theme]
    #: Theme id -> id of the meeting theme whose section it belongs to (any depth below it).
    theme_section: dict[int, int]
    #: Person id -> the latest earlier meetings with that person, newest first.
    past_meetings: dict[int, list[PastMeeting]]
    #: Person id -> how many earlier meetings with that person the recent window holds.
    past_meeting_counts: dict[int, int]
    #: True when the recent window is full: there may be older meetings beyond it.
    window_full: bool
    #: Start of the latest earlier meeting with any attendee.
    previous_meeting_at: datetime | None
    recommendations: list[Recommendation]
    cases: list[Case]
    #: Ids of the recommendations and cases raised before with these people.
    raised_with: dict[str, set[int]]
    #: ("rec"|"case", id) -> the latest earlier raising of it, with anyone.
    last_raising: dict[tuple[str, int], Raising]
    #: ("rec"|"case", id) -> the latest earlier answers of these people on it.
    responses: dict[tuple[str, int], list[Raising]]
    #: Person id -> [(theme name, stance, date)], newest first.
    stances: dict[int, list[tuple[str, object, datetime]]]
    #: Case id -> its updates to show (the latest, and the latest that may be shared).
    case_updates: dict[int, list]
    findings: list[Finding]
    key_facts: list[KeyFact]
    #: Person id -> their open commitments, earliest due first.
    their_commitments: dict[int, list[FollowUp]] = field(default_factory=dict)
    #: Commitments closed since the previous meeting, latest first.
    closed_commitments: list[FollowUp] = field(default_factory=list)
    #: Our open commitments to these people, overdue first.
    our_follow_ups: list[FollowUp] = field(default_factory=list)
    #: Case updates and status changes since the previous meeting, latest first.
    updates_since: list[CaseUpdate] = field(default_factory=list)
    status_changes_since: list[RecommendationStatusChange] = field(default_factory=list)
    attendee_ids: set[int] = field(default_factory=set)
    #: Who sits across the table, which decides each recommendation's use.
    counterpart: Party = Party.OTHER
    #: For a meeting already held: what was raised at it, and the commitments made.
    held_raisings: list[Raising] = field(default_factory=list)
    held_follow_ups: list[FollowUp] = field(default_factory=list)


@dataclass(frozen=True)
class PastMeeting:
    """One line about an earlier meeting: when, what, how it ended."""

    id: int
    title: str
    starts_at: datetime
    outcome: str | None


class Scope:
    """SQL pieces about one meeting and the people across the table, and the window of
    history a pack reads: the latest :attr:`Bounds.recent_meetings` earlier meetings with
    any of these people (:meth:`load_recent`)."""

    def __init__(self, meeting: Meeting, person_ids: set[int]):
        self.meeting = meeting
        self.person_ids = sorted(person_ids) or [-1]
        #: Earlier, live, not cancelled meetings with any of these people (all of them).
        self.earlier_meetings = (
            select(meeting_persons.c.meeting_id)
            .join(Meeting, Meeting.id == meeting_persons.c.meeting_id)
            .where(meeting_persons.c.person_id.in_(self.person_ids), *self.before())
        )
        #: Ids of the latest earlier meetings with these people, newest first.
        self.recent: list[int] = []

    def before(self) -> list:
        """WHERE clauses on Meeting: live, not cancelled, before this meeting."""
        return [Meeting.id != self.meeting.id, Meeting.starts_at < self.meeting.starts_at,
                Meeting.archived_at.is_(None), Meeting.status != MeetingStatus.CANCELLED]

    def load_recent(self, session: Session, limit: int) -> list:
        """Read the window: the latest ``limit`` earlier meetings with any of these people,
        as (person id, meeting id, title, start, outcome) rows, newest first. One query."""
        window = (select(Meeting.id).where(Meeting.id.in_(self.earlier_meetings))
                  .order_by(Meeting.starts_at.desc(), Meeting.id.desc()).limit(limit))
        rows = session.execute(
            select(meeting_persons.c.person_id, Meeting.id, Meeting.title, Meeting.starts_at,
                   Meeting.outcome)
            .join(meeting_persons, meeting_persons.c.meeting_id == Meeting.id)
            .where(Meeting.id.in_(window), meeting_persons.c.person_id.in_(self.person_ids))
            .order_by(Meeting.starts_at.desc(), Meeting.id.desc())).all()
        self.recent = list(dict.fromkeys(row[1] for row in rows))
        return list(rows)

    def with_these(self):
        """SQL condition: a raising put to one of these people, or to a recent meeting with
        them as a whole."""
        return or_(Raising.person_id.in_(self.person_ids),
                   and_(Raising.person_id.is_(None), Raising.meeting_id.in_(self.recent or [-1])))

    def recent_raisings(self):
        """WHERE clauses: live raisings at the recent meetings with these people."""
        return [Raising.meeting_id.in_(self.recent or [-1]), Raising.archived_at.is_(None)]


def load_meeting(session: Session, meeting_id: int) -> Meeting:
    """The meeting with its attendees, posts, team, event and themes; or PackSubjectMissing."""
    meeting = session.scalars(
        select(Meeting)
        .where(Meeting.id == meeting_id)
        .options(
            joinedload(Meeting.event),
            selectinload(Meeting.our_attendees),
            selectinload(Meeting.themes),
            with_private_fields(selectinload(Meeting.their_attendees)),
            selectinload(Meeting.their_attendees)
            .selectinload(Person.affiliations)
            .joinedload(Affiliation.organisation),
        )
    ).first()
    if meeting is None:
        raise PackSubjectMissing(f"No meeting with id {meeting_id}.")
    return meeting


def theme_sections(session: Session, themes: list[Theme]) -> dict[int, int]:
    """Theme id -> the meeting theme whose section it joins: itself, or the first meeting
    theme it sits under, at any depth."""
    order = {theme.id: n for n, theme in enumerate(themes)}
    tree = themes_below(Theme.id.in_(list(order)))
    rows = session.execute(select(tree.c.top, tree.c.id)).all()
    section: dict[int, int] = {}
    for top, theme_id in sorted(rows, key=lambda row: (order[row.top], row.id != row.top)):
        section.setdefault(theme_id, top)
    return section


def tied_subjects(session: Session, scope: Scope) -> dict[str, set[int]]:
    """Ids of the recommendations and cases raised with these people at this meeting or the
    recent meetings with them (put to one of them, or to the meeting as a whole). One bounded
    query, read through the meetings (the raisings put to no one are a third of all)."""
    tied: dict[str, set[int]] = {"recs": set(), "cases": set()}
    meetings = [scope.meeting.id, *scope.recent]
    person = unindexed(Raising.person_id)
    for rec_id, case_id in session.execute(
            select(Raising.recommendation_id, Raising.case_id).distinct()
            .where(Raising.meeting_id.in_(meetings), Raising.archived_at.is_(None),
                   or_(person.in_(scope.person_ids), person.is_(None)))):
        if rec_id is not None:
            tied["recs"].add(rec_id)
        if case_id is not None:
            tied["cases"].add(case_id)
    return tied


@dataclass
class PackContext:
    """What both the pack page's proposals and the pack itself start from: the meeting, the
    people, the recent window of history, the theme sections and what was raised with them."""

    meeting: Meeting
    attendees: list[Person]
    scope: Scope
    recent: list
    themes: list[Theme]
    section: dict[int, int]
    tied: dict[str, set[int]]
    #: Who sits across the table (:func:`meeting_counterpart`).
    counterpart: Party = Party.OTHER
    #: What the pack page offered ("recs", "cases"): a pack chosen from it reads no more.
    offered: dict[str, Offer] = field(default_factory=dict)


def pack_context(session: Session, meeting_id: int, bounds: Bounds = BOUNDS) -> PackContext:
    """Load the :class:`PackContext` of a meeting; raises :class:`PackSubjectMissing`."""
    meeting = load_meeting(session, meeting_id)
    attendees = list(meeting.their_attendees)
    scope = Scope(meeting, {p.id for p in attendees})
    recent = scope.load_recent(session, bounds.recent_meetings)
    themes = [t for t in meeting.themes if t.archived_at is None]
    return PackContext(meeting, attendees, scope, recent, themes,
                       theme_sections(session, themes), tied_subjects(session, scope),
                       meeting_counterpart(session, meeting))


def load_meeting_rows(session: Session, meeting_id: int, choices: dict | None = None,
                      bounds: Bounds = BOUNDS, context: PackContext | None = None) -> MeetingRows:
    """Load a meeting and what its pack draws on; raises :class:`PackSubjectMissing`.

    ``choices`` may name the recommendations and cases chosen on the pack page; without
    them the first few proposed make the pack. ``context`` saves reading again what the pack
    page has read already.
    """
    choices = choices or {}
    context = context or pack_context(session, meeting_id, bounds)
    meeting, attendees, scope, recent = (context.meeting, context.attendees, context.scope,
                                         context.recent)
    ids = {p.id for p in attendees}
    themes, section, tied = context.themes, context.section, context.tied
    recs = _chosen(context, "recs", choices.get("recommendations")) or offered_recommendations(
        session, section, tied["recs"], only=choices.get("recommendations"),
        counterpart=context.counterpart, objective=meeting.objective or "",
        limit=RECOMMENDATIONS_OFFERED if choices.get("recommendations") is not None
        else RECOMMENDATIONS_CHOSEN)
    cases = _chosen(context, "cases", choices.get("cases")) or offered_cases(
        session, section, tied["cases"], only=choices.get("cases"),
        limit=CASES_OFFERED if choices.get("cases") is not None else CASES_CHOSEN)
    rec_ids, case_ids = [r.id for r in recs.items], [c.id for c in cases.items]
    past, counts = _past_meetings(recent, ids, bounds.past_meetings)
    previous = recent[0].starts_at if recent else None
    last, responses = latest_raisings(
        session, rec_ids, case_ids, where=scope.before(), responses=bounds.responses,
        answered=and_(scope.with_these(), Raising.response.is_not(None), Raising.response != ""),
        answered_at=scope.recent, per_subject=bounds.raisings)
    since = previous.date() if previous else None
    return MeetingRows(
        meeting=meeting, attendees=attendees, themes=themes, theme_section=section,
        past_meetings=past, past_meeting_counts=counts, previous_meeting_at=previous,
        window_full=len(scope.recent) >= bounds.recent_meetings,
        recommendations=recs.items, cases=cases.items,
        raised_with={"recs": recs.tied, "cases": cases.tied},
        last_raising=last, responses=responses,
        stances=stances_of(session, scope),
        case_updates=latest_case_updates(session, case_ids),
        findings=load_findings(session, list(section), bounds.findings),
        key_facts=load_key_facts(session, meeting.event.counterpart_country
                                 if meeting.event else None, bounds.key_facts),
        their_commitments=history.their_commitments(session, ids, bounds.commitments),
        closed_commitments=history.closed_since(session, scope, previous, bounds.history),
        our_follow_ups=history.our_follow_ups(session, scope, bounds.history, case_ids),
        updates_since=history.updates_since(session, case_ids, since, bounds.history),
        status_changes_since=history.status_changes_since(session, rec_ids, since, bounds.history),
        attendee_ids=ids, counterpart=context.counterpart,
        **_held(session, meeting, bounds),
    )


def _held(session: Session, meeting: Meeting, bounds: Bounds) -> dict:
    """For a meeting already held: what was raised at it and the commitments made there."""
    if meeting.status is not MeetingStatus.HELD:
        return {}
    raisings, follow_ups = history.held_record(session, meeting.id, bounds.held)
    return {"held_raisings": raisings, "held_follow_ups": follow_ups}


def _chosen(context: PackContext, kind: str, ids) -> Offer | None:
    """The chosen ``ids`` among what the pack page offered (None when it offered nothing)."""
    offer = context.offered.get(kind)
    if offer is None or ids is None:
        return None
    wanted = set(ids)
    items_ = [item for item in offer.items if item.id in wanted]
    return Offer(items_, offer.tied & wanted, offer.total)


def _past_meetings(rows, person_ids: set[int], shown: int):
    """The latest ``shown`` earlier meetings with each attendee, and how many earlier meetings
    with each the recent window holds (when the window is full, there may be more)."""
    result: dict[int, list[PastMeeting]] = {pid: [] for pid in person_ids}
    counts: dict[int, int] = dict.fromkeys(person_ids, 0)
    for person_id, meeting_id, title, starts_at, outcome in rows:
        counts[person_id] += 1
        if len(result[person_id]) < shown:
            result[person_id].append(PastMeeting(meeting_id, title, starts_at, outcome))
    return result, counts


def load_findings(session: Session, theme_ids: list[int], per_theme: int = 5) -> list[Finding]:
    """Positive steps and concerns on these themes, the latest ``per_theme`` of each."""
    if not theme_ids:
        return []
    ranked = (select(Finding, func.row_number().over(
        partition_by=Finding.theme_id,
        order_by=(Finding.noted_on.desc().nulls_last(), Finding.position, Finding.id)).label("n"))
        .where(Finding.theme_id.in_(theme_ids), Finding.archived_at.is_(None))).subquery()
    finding = aliased(Finding, ranked)
    return list(session.scalars(
        select(finding).where(ranked.c.n <= per_theme)
        .order_by(finding.noted_on.desc().nulls_last(), finding.position, finding.id)))


def load_key_facts(session: Session, country: str | None, limit: int = 30) -> list[KeyFact]:
    """Key facts and figures for the counterpart country (any when it is unknown), by label."""
    stmt = select(KeyFact).where(KeyFact.archived_at.is_(None))
    if country:
        stmt = stmt.where(or_(KeyFact.country.is_(None), KeyFact.country == country))
    return list(session.scalars(
        stmt.options(joinedload(KeyFact.source)).order_by(KeyFact.label, KeyFact.id)
        .limit(limit)))
