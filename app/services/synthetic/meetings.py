"""Synthetic meetings over ten years (a few still planned) with their attendees on both sides
and themes; what was raised at them and how it was answered; and the follow-ups, ours and
theirs, with the history rows the app writes when a follow-up is created, rescheduled or closed.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from app.models import (
    Direction,
    FollowUp,
    FollowUpChange,
    FollowUpStatus,
    Meeting,
    MeetingFormat,
    MeetingStatus,
    Raising,
    Stance,
    meeting_persons,
    meeting_themes,
    meeting_users,
)
from app.services.synthetic import texts
from app.services.synthetic.world import PLANNED_DAYS, World, Writer

HELD, PLANNED, CANCELLED = MeetingStatus.HELD, MeetingStatus.PLANNED, MeetingStatus.CANCELLED
STANCES = (Stance.SUPPORTIVE, Stance.NON_COMMITTAL, Stance.OPPOSED)
OPEN = FollowUpStatus.OPEN


@dataclass(slots=True)
class Plan:
    """What later steps need to know about one meeting."""

    id: int
    starts_at: datetime
    status: MeetingStatus
    lead: Writer
    officers: tuple[int, ...]
    attendees: tuple[int, ...]
    rank: int
    topic: str
    created_at: datetime
    #: When the meeting was last written (logged after it was held).
    logged_at: datetime


def _allocate(rng, total: int, slots: list[int], weights: list[float] | None = None) -> Counter:
    """Spread exactly ``total`` items over ``slots`` at random."""
    if not slots or total <= 0:
        return Counter()
    return Counter(rng.choices(slots, weights=weights, k=total))


def _times(world: World, rng, n: int) -> list[tuple[datetime, int | None, str | None]]:
    """(start, event id, event title) of ``n`` meetings, in time order: most around events."""
    latest = world.now + timedelta(days=PLANNED_DAYS)
    out = []
    for _ in range(n):
        if world.events and rng.random() < 0.7:
            event_id, day, title = rng.choice(world.events)
            day = day + timedelta(days=rng.randint(-20, 3))
            moment = datetime.combine(day, time(rng.randint(8, 18), rng.choice((0, 30))),
                                      tzinfo=UTC)
            out.append((max(moment, world.start + timedelta(days=1)), event_id, title))
        else:
            moment = world.between(rng, world.start + timedelta(days=1), latest)
            out.append((moment.replace(minute=rng.choice((0, 30)), second=0), None, None))
    out.sort(key=lambda item: item[0])
    return out


def write_meetings(world: World) -> list[Plan]:
    """Meetings with our attendees, theirs (exactly ``scale.attendees``) and themes."""
    rng = world.rng("meetings")
    n, wanted = world.scale.meetings, world.scale.attendees
    table = Meeting.__table__
    out = world.writer(table, (
        "id", "event_id", "title", "starts_at", "ends_at", "place", "format", "purpose",
        "objective", "notes", "outcome", "status", "created_at", "updated_at", "version",
        "archived_at", "created_by_id", "updated_by_id"), n)
    ours = world.writer(meeting_users, ("meeting_id", "user_id"), label="meeting_users",
                        parents=(out,))
    theirs = world.writer(meeting_persons, ("meeting_id", "person_id"), wanted,
                          label="meeting_persons", parents=(out,))
    themed = world.writer(meeting_themes, ("meeting_id", "theme_id"), label="meeting_themes",
                          parents=(out,))
    first = world.first_id(table)
    extra = _allocate(rng, max(0, wanted - n), list(range(n)))
    themes, plans, carry = list(world.theme_names), [], 0
    for index, (starts_at, event_id, event_title) in enumerate(_times(world, rng, n)):
        meeting_id = first + index
        known = bisect.bisect_right(world.org_created, starts_at)
        org_id = world.org_ids[rng.randrange(max(1, known))]
        attendees = _attendees(world, rng, starts_at, org_id, 1 + extra[index] + carry)
        carry = 1 + extra[index] + carry - len(attendees)
        rank = max((world.person_rank.get(p, 0) for p in attendees), default=0)
        lead = world.writer_for(rng, rank)
        officers: tuple[int, ...] = (lead.id,)
        if rng.random() < 0.45:
            second = world.writer_for(rng, rank)
            officers += (second.id,) if second.id != lead.id else ()
        meeting_themes_ = rng.sample(themes, k=min(len(themes), rng.choice((1, 1, 2))))
        topic = world.theme_names[meeting_themes_[0]]
        plan = _meeting_row(world, rng, out, meeting_id, starts_at, event_id, event_title,
                            org_id, attendees, topic, lead, officers, rank)
        plans.append(plan)
        ours.extend((meeting_id, user_id) for user_id in officers)
        theirs.extend((meeting_id, person_id) for person_id in attendees)
        themed.extend((meeting_id, theme_id) for theme_id in meeting_themes_)
    world.count("meetings", out.close())
    world.count("meeting_users", ours.close())
    world.count("attendees", theirs.close())
    world.count("meeting_themes", themed.close())
    return plans


def _attendees(world: World, rng, moment: datetime, org_id: int, n: int) -> tuple[int, ...]:
    """``n`` persons who existed at ``moment``, the first from the organisation met if any."""
    known = world.persons_before(moment)
    first_id = world.person_ids[0]
    chosen = []
    staff = world.staff.get(org_id, ())
    eligible_staff = bisect.bisect_left(staff, first_id + known)
    if eligible_staff:
        chosen.append(staff[rng.randrange(eligible_staff)])
    tries = 0
    while len(chosen) < min(n, known) and tries < 4 * n:
        candidate = first_id + rng.randrange(known)
        tries += 1
        if candidate not in chosen:
            chosen.append(candidate)
    return tuple(chosen[:n])


def _meeting_row(world: World, rng, out, meeting_id, starts_at, event_id, event_title, org_id,
                 attendees, topic, lead, officers, rank) -> Plan:
    """Write one meeting and return its plan."""
    future = starts_at > world.now
    roll = rng.random()
    if future:
        status = CANCELLED if roll < 0.03 else PLANNED
    else:
        status = HELD if roll < 0.92 else (CANCELLED if roll < 0.96 else PLANNED)
    short = world.org_short[org_id]
    title = rng.choice((f"{short}: {topic}", f"Meeting with {short}",
                        f"Briefing for {short} on {texts.lower_first(topic)}",
                        f"Side meeting with {short}", f"Call with {short}",
                        f"Follow-up meeting with {short}"))[:300]
    fmt = rng.choices((MeetingFormat.IN_PERSON, MeetingFormat.VIDEO, MeetingFormat.PHONE),
                      weights=(0.6, 0.3, 0.1))[0]
    place = {MeetingFormat.IN_PERSON: f"{short} offices"[:300],
             MeetingFormat.VIDEO: "Video call", MeetingFormat.PHONE: "Phone"}[fmt]
    created = min(world.now, max(world.start, starts_at - timedelta(days=rng.randint(1, 30))))
    side = "They" if rng.random() < 0.5 else short
    purpose = texts.meeting_purpose(rng, topic, event_title) if rng.random() < 0.9 else None
    objective = texts.meeting_objective(rng, topic, side) if rng.random() < 0.7 else None
    notes = outcome = None
    version, logged, editor = 1, created, lead.id
    if status is HELD:
        stance = rng.choice(("supportive", "non_committal", "opposed"))
        if rng.random() < 0.8:
            names = [world.person_name[p] for p in attendees[:2]]
            notes = texts.meeting_notes(rng, topic, names, stance)
        outcome = texts.meeting_outcome(rng, topic, stance) if rng.random() < 0.7 else None
        logged = min(world.now, starts_at + timedelta(minutes=rng.randint(60, 7200)))
        version = 2 if rng.random() < 0.7 else 3
        editor = rng.choice(officers)
    elif status is CANCELLED or rng.random() < 0.2:
        logged = world.between(rng, created, min(world.now, starts_at))
        version = 2
    archived = world.between(rng, logged, world.now) if rng.random() < 0.005 else None
    out.add((meeting_id, event_id, title, starts_at, starts_at + timedelta(hours=1), place, fmt,
             purpose, objective, notes, outcome, status, created, logged, version, archived,
             lead.id, editor))
    return Plan(meeting_id, starts_at, status, lead, officers, attendees, rank, topic, created,
                logged)


def _author(world: World, rng, lead: Writer, rank: int) -> int:
    """The lead officer, or a colleague cleared for a record of ``rank`` when the lead is not."""
    return lead.id if lead.rank >= rank else world.writer_for(rng, rank).id


def write_raisings(world: World, plans: list[Plan]) -> None:
    """Exactly ``scale.raisings`` recommendations, cases and themes raised, with the answers
    (stance, response, our reply) at meetings that were held."""
    rng = world.rng("raisings")
    table = Raising.__table__
    out = world.writer(table, (
        "id", "meeting_id", "recommendation_id", "case_id", "theme_id", "person_id",
        "talking_point", "response", "stance", "our_reply", "created_at", "updated_at",
        "version", "archived_at", "created_by_id", "updated_by_id"), world.scale.raisings)
    slots = [i for i, p in enumerate(plans) if p.status is not CANCELLED] or list(range(len(plans)))
    weights = [1.0 if plans[i].status is HELD else 0.6 for i in slots]
    per_meeting = _allocate(rng, world.scale.raisings, slots, weights)
    case_ids, themes = list(world.case_info), list(world.theme_names)
    raising_id = world.first_id(table)
    for index in sorted(per_meeting):
        plan = plans[index]
        for _ in range(per_meeting[index]):
            roll = rng.random()
            rec_id = case_id = theme_id = None
            rank = 0
            if roll < 0.55 or not case_ids:
                rec_id = world.known_at(rng, world.rec_timeline, plan.starts_at)
                subject = texts.lower_first(world.rec_titles[rec_id])
            elif roll < 0.8:
                case_id = world.known_at(rng, world.case_timeline, plan.starts_at)
                title, rank = world.case_info[case_id]
                subject = f"the case of {title}"
            else:
                theme_id = rng.choice(themes)
                subject = texts.lower_first(world.theme_names[theme_id])
            person_id = rng.choice(plan.attendees) if rng.random() < 0.7 else None
            if person_id is not None:
                rank = max(rank, world.person_rank.get(person_id, 0))
            response = stance = reply = None
            if plan.status is HELD:
                stance = rng.choices(STANCES, weights=(0.4, 0.4, 0.2))[0]
                response = texts.response(rng, stance.value)
                reply = texts.our_reply(rng) if rng.random() < 0.6 else None
            author = _author(world, rng, plan.lead, rank)
            out.add((raising_id, plan.id, rec_id, case_id, theme_id, person_id,
                     texts.talking_point(rng, subject), response, stance, reply, plan.logged_at,
                     plan.logged_at, 1, None, author, author))
            raising_id += 1
    world.count("raisings", out.close())


def write_follow_ups(world: World, plans: list[Plan]) -> None:
    """Exactly ``scale.follow_ups`` commitments from held meetings, ours and theirs: some
    rescheduled, most past ones done or kept, some broken or dropped, some overdue; each with
    its history (created, rescheduled, closed) as the app writes it."""
    rng = world.rng("follow_ups")
    table, changes_table = FollowUp.__table__, FollowUpChange.__table__
    out = world.writer(table, (
        "id", "meeting_id", "description", "direction", "owner_user_id", "owner_person_id",
        "due_on", "status", "outcome", "closed_at", "recommendation_id", "case_id",
        "created_at", "updated_at", "version", "archived_at", "created_by_id", "updated_by_id"),
        world.scale.follow_ups)
    history = world.writer(changes_table, (
        "id", "follow_up_id", "action", "from_status", "to_status", "from_due_on", "to_due_on",
        "note", "changed_at", "changed_by_id"), label="follow_up_changes", parents=(out,))
    slots = [i for i, p in enumerate(plans) if p.status is HELD] or list(range(len(plans)))
    per_meeting = _allocate(rng, world.scale.follow_ups, slots)
    follow_up_id, change_id = world.first_id(table), world.first_id(changes_table)
    case_ids = list(world.case_info)
    for index in sorted(per_meeting):
        plan = plans[index]
        for _ in range(per_meeting[index]):
            changes = _follow_up(world, rng, plan, follow_up_id, out, case_ids)
            for change in changes:
                history.add((change_id, follow_up_id, *change))
                change_id += 1
            follow_up_id += 1
    world.count("follow_ups", out.close())
    world.count("follow_up_changes", history.close())


def _follow_up(world: World, rng, plan: Plan, follow_up_id: int, out, case_ids) -> list[tuple]:
    """Write one follow-up; return its history rows (without their ids)."""
    ours = rng.random() < 0.55
    owner_user = rng.choice(plan.officers) if ours else None
    owner_person = None if ours else rng.choice(plan.attendees)
    rank = world.person_rank.get(owner_person, 0) if owner_person is not None else 0
    roll = rng.random()
    rec_id = world.known_at(rng, world.rec_timeline, plan.starts_at) if roll < 0.3 else None
    case_id = (world.known_at(rng, world.case_timeline, plan.starts_at)
               if 0.3 <= roll < 0.45 and case_ids else None)
    if case_id is not None:
        rank = max(rank, world.case_info[case_id][1])
    author = _author(world, rng, plan.lead, rank)
    created = min(world.now, max(plan.logged_at, plan.starts_at + timedelta(hours=1)))
    due = plan.starts_at.date() + timedelta(days=rng.randint(5, 60))
    #: (action, from status, to status, from due, to due, note, when, by whom)
    history: list[tuple[str, str | None, str, date | None, date, str | None, datetime, int]] = [
        ("created", None, OPEN.value, None, due, None, created, author)]
    moment, version, editor = created, 1, author
    if rng.random() < 0.15 and created < world.now:
        moment = world.between(rng, created, min(world.now, datetime.combine(
            due, time(17), tzinfo=UTC)))
        new_due = due + timedelta(days=rng.randint(7, 45))
        editor = owner_user or author
        history.append(("rescheduled", OPEN.value, OPEN.value, due, new_due,
                        rng.choice(texts.RESCHEDULE_NOTES), moment, editor))
        due, version = new_due, version + 1
    action = _closing(rng, ours, (world.today - due).days)
    status, outcome, closed_at = OPEN, None, None
    if action is not None:
        status = {"done": FollowUpStatus.DONE, "kept": FollowUpStatus.DONE,
                  "broken": FollowUpStatus.BROKEN, "dropped": FollowUpStatus.DROPPED}[action]
        closed_at = world.between(rng, moment, min(world.now, datetime.combine(
            due + timedelta(days=10), time(17), tzinfo=UTC)))
        outcome = texts.closing_note(rng, action)
        editor = owner_user or author
        history.append((action, OPEN.value, status.value, due, due, outcome, closed_at, editor))
        moment, version = closed_at, version + 1
    out.add((follow_up_id, plan.id, texts.follow_up(rng, ours, plan.topic),
             Direction.OURS if ours else Direction.THEIRS, owner_user, owner_person, due, status,
             outcome, closed_at, rec_id, case_id, created, moment, version, None, author,
             editor))
    return history


def _closing(rng, ours: bool, days_overdue: int) -> str | None:
    """How a follow-up ended (None: still open): some are done before they are due; of those
    past due, a fifth is still open, of those due over a year ago one in twenty."""
    roll = rng.random()
    if days_overdue <= 0:
        return ("done" if ours else "kept") if roll < 0.15 else None
    if rng.random() < (0.2 if days_overdue < 365 else 0.05):
        return None
    if ours:
        return "done" if roll < 0.88 else "dropped"
    return "kept" if roll < 0.7 else "broken" if roll < 0.9 else "dropped"
