"""The history a pack prints, cut to the latest few rows in SQL (``LIMIT`` and
``row_number()`` windows): the last raising of each recommendation and case, these people's
latest answers on them, each attendee's latest stances, each case's latest updates, the
commitments on both sides and what changed since the last meeting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import (
    CompoundSelect,
    Select,
    Table,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    true,
    union,
    union_all,
)
from sqlalchemy.orm import Session, aliased, joinedload

from app.models import (
    Case,
    CaseUpdate,
    Direction,
    FollowUp,
    FollowUpStatus,
    Meeting,
    Raising,
    Recommendation,
    RecommendationStatusChange,
    Theme,
    case_themes,
    recommendation_themes,
)
from app.services.packs.items import CASE_STATUS_ORDER
from app.services.planner import unindexed


@dataclass(frozen=True)
class Bounds:
    """How many of the latest rows each history section of a pack holds."""

    #: The window of history read: the latest earlier meetings with any of these people.
    recent_meetings: int = 100
    #: Earlier meetings listed per attendee (the rest in the window are counted).
    past_meetings: int = 5
    #: These people's earlier answers per recommendation or case ("likely responses").
    responses: int = 2
    #: Raisings read per recommendation or case to find its latest: the latest recorded.
    raisings: int = 20
    #: Findings per theme.
    findings: int = 8
    #: Open commitments listed per attendee.
    commitments: int = 5
    #: Rows of each "what changed" list and of our outstanding follow-ups.
    history: int = 10
    #: Key facts and figures.
    key_facts: int = 30
    #: Raisings and commitments of a held meeting, in its record.
    held: int = 30


def status_order(column):
    """SQL: the rank of a case status, people in custody first (as ``items.case_sort_key``)."""
    return case({status: n for n, status in enumerate(CASE_STATUS_ORDER)}, value=column,
                else_=len(CASE_STATUS_ORDER))


def latest_raisings(session: Session, rec_ids: list[int], case_ids: list[int], *,
                    where=(), answered=None, answered_at=(), responses: int = 0,
                    per_subject: int = 20):
    """For each of these recommendations and cases: its latest raising (at a meeting meeting
    ``where``, clauses on Meeting) and, when ``answered`` (an SQL condition on Raising) is
    given, the latest ``responses`` raisings meeting it, newest first. One query.

    The raisings looked at are bounded: the latest ``per_subject`` recorded of each subject
    at a meeting meeting ``where`` (:func:`recorded_last`), and those at the meetings
    ``answered_at`` (the recent meetings with these people, where their answers are looked
    for).
    """
    last: dict[tuple[str, int], Raising] = {}
    answers: dict[tuple[str, int], list[Raising]] = {}
    subjects = [(kind, column, table, ids) for kind, column, table, ids in (
        ("rec", Raising.recommendation_id, Recommendation.__table__, rec_ids),
        ("case", Raising.case_id, Case.__table__, case_ids)) if ids]
    if not subjects:
        return last, answers
    flag = case((answered, 1), else_=0) if answered is not None else literal(0)
    # Each raising's meeting date by primary key, NULL when its meeting is left out by
    # ``where``. Computed once per raising in a MATERIALIZED common table expression (a
    # subquery would be merged into the windows' query by SQLite, which then looks each date
    # up three times); the windows rank the rows it gives (those left out, dated NULL, would
    # rank last: they are dropped before ranking).
    held_at = (select(Meeting.starts_at).where(Meeting.id == Raising.meeting_id, *where)
               .scalar_subquery())
    sides = []
    for kind, column, table, ids in subjects:
        looked_at: Select | CompoundSelect = recorded_last(session, table, column.key, ids,
                                                           per_subject, where)
        if answered_at:
            looked_at = union(looked_at, select(Raising.__table__.c.id).where(
                Raising.__table__.c.meeting_id.in_(list(answered_at))))
        # Read through the ids looked at, not the subject's index (all its raisings).
        sides.append(
            select(Raising.id.label("raising"), literal(kind).label("kind"),
                   column.label("subject"), flag.label("answered"), held_at.label("held_at"))
            .where(Raising.id.in_(looked_at), unindexed(column).in_(ids),
                   Raising.archived_at.is_(None)))
    dated = ((union_all(*sides) if len(sides) > 1 else sides[0]).cte("dated")
             .prefix_with("MATERIALIZED"))
    newest = (dated.c.held_at.desc(), dated.c.raising.desc())
    subject = (dated.c.kind, dated.c.subject)
    ranked = (
        select(dated.c.raising, dated.c.kind, dated.c.subject, dated.c.answered,
               func.row_number().over(partition_by=subject, order_by=newest).label("n"),
               func.row_number().over(partition_by=(*subject, dated.c.answered),
                                      order_by=newest).label("m"))
        .where(dated.c.held_at.is_not(None))).subquery()
    rows = session.execute(
        select(Raising, ranked.c.kind, ranked.c.subject, ranked.c.n, ranked.c.answered,
               ranked.c.m)
        .join(ranked, ranked.c.raising == Raising.id)
        .where(or_(ranked.c.n == 1, and_(ranked.c.answered == 1, ranked.c.m <= responses)))
        .options(joinedload(Raising.meeting), joinedload(Raising.person), joinedload(Raising.theme))
        .order_by(ranked.c.kind, ranked.c.subject, ranked.c.m)).all()
    for raising, kind, subject_id, n, is_answer, m in rows:
        if n == 1:
            last[(kind, subject_id)] = raising
        if is_answer and m <= responses:
            answers.setdefault((kind, subject_id), []).append(raising)
    return last, answers


#: Aliases of :func:`recorded_last`, made once (an alias copies its table's columns, and the
#: statements using the same ones are compiled once and cached).
_ALIASES = {table.name: table.alias("subject")
            for table in (Recommendation.__table__, Case.__table__)}
_RECORDED, _PICKED = Raising.__table__.alias("recorded"), Raising.__table__.alias("picked")


def recorded_last(session: Session, subjects: Table, column: str, ids: list[int],
                  per_subject: int, where=()) -> Select:
    """SQL: the ids of the latest ``per_subject`` raisings recorded of each of the subjects
    ``ids`` (rows of the recommendations or cases table ``subjects``; ``column`` is the
    raisings' column pointing at them) at a meeting meeting ``where`` (clauses on Meeting).

    Each subject's index on the raisings is walked backwards, newest recorded first, and the
    walk stops after a few rows, however many raisings the subject has (when the meeting is
    older than most of them, the walk passes the newer ones first). A lateral join on
    PostgreSQL; SQLite, which has none, takes the same correlated subquery as a list. Only
    ids, read without the visibility rule: the caller reads the raisings through it.
    """
    subject, raisings, picked = _ALIASES[subjects.name], _RECORDED, _PICKED
    latest = (select(raisings.c.id)
              .join(Meeting, Meeting.id == raisings.c.meeting_id)
              .where(raisings.c[column] == subject.c.id, raisings.c.archived_at.is_(None),
                     *where)
              .order_by(raisings.c.id.desc()).limit(per_subject))
    if session.get_bind().dialect.name == "postgresql":
        recorded = latest.lateral("recorded_last")
        return (select(recorded.c.id).select_from(subject.join(recorded, true()))
                .where(subject.c.id.in_(ids)))
    return (select(picked.c.id)
            .select_from(subject.join(picked, picked.c.id.in_(latest.correlate(subject))))
            .where(subject.c.id.in_(ids)))


def stances_of(session: Session, scope) -> dict[int, list[tuple]]:
    """Person id -> [(theme name, stance, meeting start)] from their raisings with a stance at
    the recent meetings with them, newest first; a raising is about its own theme, else its
    recommendation's or case's themes. Two bounded queries."""
    result: dict[int, list[tuple]] = {}
    rows = session.execute(
        select(Raising.id, Raising.person_id, Raising.stance, Meeting.starts_at)
        .join(Meeting, Meeting.id == Raising.meeting_id)
        .where(*scope.recent_raisings(), Raising.person_id.in_(scope.person_ids),
               Raising.stance.is_not(None))
        .order_by(Meeting.starts_at.desc(), Raising.id.desc())).all()
    if not rows:
        return result
    names = _theme_names(session, [row.id for row in rows])
    for row in rows:
        for name in names.get(row.id, []):
            result.setdefault(row.person_id, []).append((name, row.stance, row.starts_at))
    return result


def _theme_names(session: Session, raising_ids: list[int]) -> dict[int, list[str]]:
    """Raising id -> names of the themes it was about (its own, or its subject's)."""
    columns = (Raising.id.label("raising"), Theme.name.label("name"),
               Theme.position.label("position"), Theme.id.label("theme"))
    mine = Raising.id.in_(raising_ids)
    own = select(*columns).join(Theme, Theme.id == Raising.theme_id).where(mine)
    of_rec = (select(*columns)
              .join(recommendation_themes,
                    recommendation_themes.c.recommendation_id == Raising.recommendation_id)
              .join(Theme, Theme.id == recommendation_themes.c.theme_id)
              .where(mine, Raising.theme_id.is_(None)))
    of_case = (select(*columns)
               .join(case_themes, case_themes.c.case_id == Raising.case_id)
               .join(Theme, Theme.id == case_themes.c.theme_id)
               .where(mine, Raising.theme_id.is_(None), Raising.recommendation_id.is_(None)))
    found = union_all(own, of_rec, of_case).subquery()
    result: dict[int, list[str]] = {}
    for raising_id, name in session.execute(
            select(found.c.raising, found.c.name)
            .order_by(found.c.raising, found.c.position, found.c.theme)):
        result.setdefault(raising_id, []).append(name)
    return result


def latest_case_updates(session: Session, case_ids: list[int]) -> dict[int, list[CaseUpdate]]:
    """Case id -> its latest update and its latest update that may be shared (one or two),
    newest first. One query."""
    result: dict[int, list[CaseUpdate]] = {}
    if not case_ids:
        return result
    newest = (CaseUpdate.happened_on.desc(), CaseUpdate.id.desc())
    internal = case((CaseUpdate.is_internal.is_(True), 1), else_=0)
    ranked = (
        select(CaseUpdate,
               func.row_number().over(partition_by=CaseUpdate.case_id, order_by=newest)
               .label("n"),
               func.row_number().over(partition_by=(CaseUpdate.case_id, internal),
                                      order_by=newest).label("m"))
        .where(CaseUpdate.case_id.in_(case_ids), CaseUpdate.archived_at.is_(None))
    ).subquery()
    row = aliased(CaseUpdate, ranked)
    for update in session.scalars(
            select(row)
            .where(or_(ranked.c.n == 1, and_(ranked.c.m == 1, row.is_internal.is_not(True))))
            .order_by(row.happened_on.desc(), row.id.desc())):
        result.setdefault(update.case_id, []).append(update)
    return result


def their_commitments(session: Session, person_ids: set[int], per_person: int) -> dict:
    """Each attendee's promises still open or broken: broken first (latest broken first),
    then open ones by due date, at most ``per_person`` each."""
    result: dict[int, list[FollowUp]] = {pid: [] for pid in person_ids}
    if not person_ids:
        return result
    live = [FollowUp.archived_at.is_(None),
            unindexed(FollowUp.status).in_([FollowUpStatus.OPEN, FollowUpStatus.BROKEN]),
            unindexed(FollowUp.direction) == Direction.THEIRS,
            FollowUp.owner_person_id.in_(sorted(person_ids))]
    broken_first = case((FollowUp.status == FollowUpStatus.BROKEN, 0), else_=1)
    order = (broken_first, FollowUp.closed_at.desc().nulls_last(),
             FollowUp.due_on.asc().nulls_last(), FollowUp.id)
    ranked = (select(FollowUp, broken_first.label("b"), func.row_number().over(
        partition_by=FollowUp.owner_person_id, order_by=order).label("n"))
        .where(*live)).subquery()
    row = aliased(FollowUp, ranked)
    for follow_up in session.scalars(
            select(row).where(ranked.c.n <= per_person)
            .order_by(ranked.c.b, row.closed_at.desc().nulls_last(),
                      row.due_on.asc().nulls_last(), row.id)):
        if follow_up.owner_person_id is not None:  # chosen by their owner: never None
            result[follow_up.owner_person_id].append(follow_up)
    return result


def held_record(session: Session, meeting_id: int, limit: int) -> tuple[list, list]:
    """What was raised at this meeting (with whom, the answer) and the commitments made at it:
    the first ``limit`` of each, in the order they were recorded."""
    raisings = list(session.scalars(
        select(Raising).where(Raising.meeting_id == meeting_id, Raising.archived_at.is_(None))
        .options(joinedload(Raising.person), joinedload(Raising.recommendation),
                 joinedload(Raising.case), joinedload(Raising.theme))
        .order_by(Raising.id).limit(limit)))
    follow_ups = list(session.scalars(
        select(FollowUp).where(FollowUp.meeting_id == meeting_id, FollowUp.archived_at.is_(None))
        .options(joinedload(FollowUp.owner_user), joinedload(FollowUp.owner_person))
        .order_by(FollowUp.direction, FollowUp.due_on.asc().nulls_last(), FollowUp.id)
        .limit(limit)))
    return raisings, follow_ups


def closed_since(session: Session, scope, previous: datetime | None,
                  limit: int) -> list[FollowUp]:
    """Commitments kept, dropped or broken since ``previous`` at this or a recent meeting with
    these people, or owed by these people: the latest ``limit``."""
    if previous is None:
        return []
    closed = [FollowUp.archived_at.is_(None), FollowUp.status != FollowUpStatus.OPEN,
              FollowUp.closed_at.is_not(None), FollowUp.closed_at >= previous]
    ids = union(
        select(FollowUp.id).where(FollowUp.meeting_id.in_([scope.meeting.id, *scope.recent]),
                                  *closed),
        select(FollowUp.id).where(FollowUp.owner_person_id.in_(scope.person_ids), *closed))
    return list(session.scalars(
        select(FollowUp).where(FollowUp.id.in_(ids))
        .options(joinedload(FollowUp.owner_user), joinedload(FollowUp.owner_person))
        .order_by(FollowUp.closed_at.desc(), FollowUp.id.desc()).limit(limit)))


def our_follow_ups(session: Session, scope, limit: int, case_ids=()) -> list[FollowUp]:
    """Our open commitments from this or a recent meeting with these people, or about the
    cases ``case_ids``: overdue first, then by due date."""
    today = date.today()
    overdue = case((FollowUp.due_on < today, 0), else_=1)
    ours = (FollowUp.archived_at.is_(None), unindexed(FollowUp.status) == FollowUpStatus.OPEN,
            unindexed(FollowUp.direction) == Direction.OURS)
    ids: Select | CompoundSelect = select(FollowUp.id).where(
        FollowUp.meeting_id.in_([scope.meeting.id, *scope.recent]), *ours)
    if case_ids:
        ids = union(ids, select(FollowUp.id).where(FollowUp.case_id.in_(list(case_ids)), *ours))
    return list(session.scalars(
        select(FollowUp).where(FollowUp.id.in_(ids))
        .options(joinedload(FollowUp.owner_user), joinedload(FollowUp.owner_person),
                 joinedload(FollowUp.meeting))
        .order_by(overdue, FollowUp.due_on.asc().nulls_last(), FollowUp.id).limit(limit)))


def updates_since(session: Session, case_ids: list[int], since: date | None,
                   limit: int) -> list[CaseUpdate]:
    """Developments in these cases since ``since``, the latest ``limit``."""
    if since is None or not case_ids:
        return []
    return list(session.scalars(
        select(CaseUpdate)
        .where(CaseUpdate.case_id.in_(case_ids), CaseUpdate.archived_at.is_(None),
               CaseUpdate.happened_on >= since)
        .order_by(CaseUpdate.happened_on.desc(), CaseUpdate.id.desc()).limit(limit)))


def status_changes_since(session: Session, rec_ids: list[int], since: date | None,
                          limit: int) -> list[RecommendationStatusChange]:
    """Implementation status changes of these recommendations since ``since``, latest first."""
    if since is None or not rec_ids:
        return []
    change = RecommendationStatusChange
    return list(session.scalars(
        select(change).where(change.recommendation_id.in_(rec_ids), change.changed_on >= since)
        .order_by(change.changed_on.desc(), change.id.desc()).limit(limit)))

