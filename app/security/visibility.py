"""Who may see restricted persons and cases, decided once for every ORM query.

A ``do_orm_execute`` listener adds ``with_loader_criteria`` to every SELECT, so lists, search,
profiles, history, exports and packs all obey the same rule. Relationship loads inherit the
criteria from the query that loaded their parent.

Derived sensitivity: whatever is about a restricted record is as restricted as it. A raising,
a follow-up (by its case or the stakeholder who promised), a follow-up's history, a case
update, a person's posts and spellings are hidden with the case or person they are about; an
issued pack carries the level of the most sensitive record it holds in clear (persons, cases
including group cases, and names in its free text: :func:`app.services.packs.seal.seal`).
Hidden rows are left out, never shown as placeholders. Names inside free text are the other
half of the rule: :mod:`app.security.masking`.

In SQL each criterion is a correlated EXISTS on the primary key of the person or case a row
is about (:func:`person_is_visible`, :func:`case_is_visible`): SQLite looks that one record
up for each row; PostgreSQL does too, or hashes the visible records once, whichever costs
less. The earlier ``IN (every visible id)`` made PostgreSQL read whole tables before a LIMIT.
A sensitivity is never a selective condition (most records are normal), so SQLite is told not
to read its index for one (:class:`app.services.planner.unindexed`): otherwise, planning
without statistics, it walks every normal person and then their meetings to load the
attendees of one page of meetings.

Inside a request the levels come from the signed-in user (``g.parley_levels``, set by
:func:`remember_levels`); an anonymous request sees only normal records. Outside a request
(command line, tests of services) the session's ``info["parley_levels"]`` applies, which
defaults to everything: the command line is run by the machine's administrator.

One known gap, by SQLAlchemy's design: EXISTS subqueries written with relationship
comparators (``Meeting.their_attendees.any(...)``, ``Case.person.has(...)``) are not
entities of the statement, so the loader criteria do not reach them. A filter that matches on
a related person's or case's fields must add ``Person.sensitivity.in_(current_levels(session))``
itself (see ``app/services/meetings/log.py``); ``tests/test_meetings.py`` shows why.
"""

from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache

from flask import g, has_request_context
from sqlalchemy import and_, event, exists, or_, true
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from app.models import (
    Affiliation,
    Case,
    CaseUpdate,
    FollowUp,
    FollowUpChange,
    Pack,
    Person,
    PersonName,
    Raising,
    Sensitivity,
    pack_cases,
    pack_persons,
)
from app.services.planner import unindexed

ALL_LEVELS = tuple(Sensitivity)
SESSION_KEY = "parley_levels"


def current_levels(session: Session) -> tuple[Sensitivity, ...]:
    """The sensitivity levels visible in this context."""
    if has_request_context():
        return g.get(SESSION_KEY, (Sensitivity.NORMAL,))
    return session.info.get(SESSION_KEY, ALL_LEVELS)


def remember_levels(user) -> None:
    """Record the signed-in user's clearance for this request's queries."""
    if user is not None and user.is_authenticated:
        g.parley_levels = tuple(user.visible_levels)
    else:
        g.parley_levels = (Sensitivity.NORMAL,)


@contextmanager
def levels_for(session: Session, levels):
    """Run a block with only ``levels`` visible, inside a request or not (a calendar file, one
    officer's reminders). It narrows and never widens: a level the block around it cannot see
    stays hidden (the way past the rule is :func:`unrestricted`, nothing else)."""
    wanted = tuple(levels)
    narrowed = tuple(level for level in current_levels(session) if level in wanted)
    store = vars(g) if has_request_context() else session.info  # g keeps its attributes there
    previous = store.get(SESSION_KEY)
    store[SESSION_KEY] = narrowed
    try:
        yield
    finally:
        if previous is None:
            store.pop(SESSION_KEY, None)
        else:
            store[SESSION_KEY] = previous


#: The tables the rule looks records up in, under names of their own: a query that selects
#: persons, cases or packs' contents itself (or the ORM's subquery of them) is never mistaken
#: for these lookups.
VISIBLE_PERSON = Person.__table__.alias("visible_person")
VISIBLE_CASE = Case.__table__.alias("visible_case")
VISIBLE_FOLLOW_UP = FollowUp.__table__.alias("visible_follow_up")
NAMED_IN_PACK = pack_persons.alias("named_in_pack")
HELD_IN_PACK = pack_cases.alias("held_in_pack")


def _exists(table, *conditions):
    """SQL: a row of ``table`` meets ``conditions`` (which refer to the row outside)."""
    return exists().where(*conditions).correlate_except(table)


def person_is_visible(person_id, values):
    """SQL: the person ``person_id`` (a column) is at one of ``values`` (sensitivity strings).

    A correlated EXISTS on the person's primary key (see the module's docstring).
    """
    return _exists(VISIBLE_PERSON, VISIBLE_PERSON.c.id == person_id,
                   VISIBLE_PERSON.c.sensitivity.in_(values))


def _case_criterion(case, values):
    """SQL on a cases table or alias: the case is at ``values`` and its person, if any, too."""
    return and_(unindexed(case.sensitivity).in_(values),
                or_(case.person_id.is_(None), person_is_visible(case.person_id, values)))


def case_is_visible(case_id, values):
    """SQL: the case ``case_id`` (a column) is at ``values``, and its person (if any) too."""
    return _exists(VISIBLE_CASE, VISIBLE_CASE.c.id == case_id,
                   _case_criterion(VISIBLE_CASE.c, values))


def _about_visible(cls, values, *, case="case_id", person=None):
    """The criterion for a record derived from a case and/or a person: both visible or empty."""
    condition = true()
    if case is not None:
        column = getattr(cls, case)
        condition = or_(column.is_(None), case_is_visible(column, values))
    if person is not None:
        column = getattr(cls, person)
        condition = and_(condition, or_(column.is_(None), person_is_visible(column, values)))
    return condition


def follow_up_is_visible(follow_up_id, values):
    """SQL: the follow-up ``follow_up_id`` (a column) has its case and stakeholder visible."""
    return _exists(VISIBLE_FOLLOW_UP, VISIBLE_FOLLOW_UP.c.id == follow_up_id,
                   _about_visible(VISIBLE_FOLLOW_UP.c, values, person="owner_person_id"))


def visibility_options(levels):
    """The loader criteria hiding restricted records and everything derived from them.

    Persons and cases by their sensitivity (a case also by its person's); raisings, follow-ups
    (and their history), case updates, posts and other spellings by the case and person they
    are about; issued packs by the most sensitive record they hold.

    Built once per set of levels and kept: the options are immutable, and analysing their
    criteria is a good part of what every query of a page costs.
    """
    return _options_for(tuple(sorted(set(levels), key=ALL_LEVELS.index)))


@lru_cache(maxsize=16)
def _options_for(levels: tuple[Sensitivity, ...]) -> tuple:
    values = tuple(level.value for level in levels)

    def rule(entity, criterion):
        return with_loader_criteria(entity, criterion, include_aliases=True,
                                    track_closure_variables=True)

    return (
        rule(Person, lambda cls: unindexed(cls.sensitivity).in_(values)),
        rule(Case, lambda cls: _case_criterion(cls, values)),
        rule(Raising, lambda cls: _about_visible(cls, values, person="person_id")),
        rule(FollowUp, lambda cls: _about_visible(cls, values, person="owner_person_id")),
        rule(FollowUpChange, lambda cls: follow_up_is_visible(cls.follow_up_id, values)),
        rule(CaseUpdate, lambda cls: case_is_visible(cls.case_id, values)),
        rule(PersonName, lambda cls: person_is_visible(cls.person_id, values)),
        rule(Affiliation, lambda cls: person_is_visible(cls.person_id, values)),
        rule(Pack, lambda cls: unindexed(cls.sensitivity).in_(values)
             & ~pack_holds_hidden_records(cls.id, values)),
    )


def pack_holds_hidden_records(pack_id, values):
    """SQL: the pack ``pack_id`` (a column) names a person or holds a case hidden at ``values``.

    A pack keeps the level it was issued at (``packs.sensitivity``); this keeps it hidden too
    when a person or case it holds is made more sensitive later.
    """
    named = _exists(NAMED_IN_PACK, NAMED_IN_PACK.c.pack_id == pack_id,
                    ~person_is_visible(NAMED_IN_PACK.c.person_id, values))
    held = _exists(HELD_IN_PACK, HELD_IN_PACK.c.pack_id == pack_id,
                   ~case_is_visible(HELD_IN_PACK.c.case_id, values))
    return or_(named, held)


#: The execution option that lets a statement past the rule; set only by :func:`unrestricted`.
_UNRESTRICTED = "parley_unrestricted"


def unrestricted(stmt):
    """``stmt`` run past the visibility rule: every row, whatever the reader's clearance.

    The one way around the rule, for work whose result no uncleared reader sees (erasure,
    subject access, key rotation, the masking list of names, sealing a pack at its level).
    Every caller is listed in ``tests/security/test_unrestricted_callers.py``: a new one is a
    decision to make there, with its reason.
    """
    return stmt.execution_options(**{_UNRESTRICTED: True})


def is_unrestricted(execution_options) -> bool:
    """True when a statement's execution options come from :func:`unrestricted`."""
    return bool(execution_options.get(_UNRESTRICTED))


def _restrict(state: ORMExecuteState) -> None:
    if not state.is_select or state.is_column_load or state.is_relationship_load:
        return
    if is_unrestricted(state.execution_options):
        return
    levels = current_levels(state.session)
    if set(levels) >= set(ALL_LEVELS):
        return
    state.statement = state.statement.options(*visibility_options(levels))


def install(session_class=Session) -> None:
    """Attach the visibility rule to every session (idempotent)."""
    if not event.contains(session_class, "do_orm_execute", _restrict):
        event.listen(session_class, "do_orm_execute", _restrict)
