"""What a recommendation is for at a meeting, from whom it addresses and who sits across the table.

A recommendation's addressee is read as a :class:`Party` (:func:`party_of`, stored in
``recommendations.addressed_to``); a meeting's counterpart is a :class:`Party` too, read from
the organisations of the people across the table (:func:`meeting_counterpart`). :data:`USES`
crosses the two: an **ask** is put to the people in the room; a point to **raise** is one for
them to raise with the addressee (an ask of the authorities, when meeting the EU); **none**
is not for them at all (an ask of the EU, when meeting the government). The talking-point
pack and the tracker's "never raised with" list both choose by this one table.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable
from datetime import date

from sqlalchemy import ColumnElement, distinct, func, or_, select
from sqlalchemy.orm import Session

from app.models import (
    Affiliation,
    DialogueEvent,
    EventKind,
    Meeting,
    Organisation,
    OrganisationKind,
    meeting_persons,
)
from app.models.parties import Party, party_of

__all__ = ["USES", "Party", "Use", "counterpart_of", "event_counterpart", "meeting_counterpart",
           "parties_for", "party_of", "read_counterpart", "rule_summary", "use_for"]


class Use(enum.StrEnum):
    """What a recommendation is for, with the people across the table."""

    ASK = "ask"
    RAISE = "raise"
    NONE = "none"

    @property
    def label(self) -> str:
        """Human label: "ask", "point to raise", "not for them"."""
        return {"ask": "ask", "raise": "point to raise", "none": "not for them"}[self.value]


_A, _R, _N = Use.ASK, Use.RAISE, Use.NONE
_COUNTERPARTS = (Party.AUTHORITIES, Party.EU, Party.MEMBER_STATE, Party.INTERNATIONAL,
                 Party.OTHER)

#: The rule, one row per addressee, one column per counterpart (who sits across the table):
#:
#: ===============  ===========  ====  ============  =============  =====
#: addressee        authorities  EU    member state  international  other
#: ===============  ===========  ====  ============  =============  =====
#: authorities      ask          raise raise         raise          raise
#: EU               none         ask   none          none           raise
#: member states    none         raise ask           none           raise
#: international    none         raise raise         ask            raise
#: other            none         raise raise         none           raise
#: ===============  ===========  ====  ============  =============  =====
#:
#: Asks to the authorities are asks for a government delegation and points for the EU, a
#: member state or an international body to raise with them. Asks to the EU are asks only
#: when meeting the EU. Asks to member states are asks for a member state and points for the
#: EU to raise with its members. Asks to an international body (the UN Human Rights Council)
#: are asks for that body and points for the EU and member states to raise there. Asks to
#: anyone else are asks for nobody, and points for the EU and member states to raise. With
#: civil society, media or others across the table, everything is a point for them to raise
#: (they are not asked; they carry it).
USES: dict[Party, dict[Party, Use]] = {
    addressee: dict(zip(_COUNTERPARTS, row, strict=True)) for addressee, row in (
        (Party.AUTHORITIES, (_A, _R, _R, _R, _R)),
        (Party.EU, (_N, _A, _N, _N, _R)),
        (Party.MEMBER_STATE, (_N, _R, _A, _N, _R)),
        (Party.INTERNATIONAL, (_N, _R, _R, _A, _R)),
        (Party.OTHER, (_N, _R, _R, _N, _R)),
    )
}

#: A meeting's counterpart, from the kind of organisation of the people across the table.
KIND_PARTY = {
    OrganisationKind.GOVERNMENT: Party.AUTHORITIES,
    OrganisationKind.EU_INSTITUTION: Party.EU,
    OrganisationKind.MEMBER_STATE: Party.MEMBER_STATE,
    OrganisationKind.INTERGOVERNMENTAL: Party.INTERNATIONAL,
    OrganisationKind.CSO: Party.OTHER,
    OrganisationKind.MEDIA: Party.OTHER,
    OrganisationKind.OTHER: Party.OTHER,
}
#: Who wins a tie between as many people of two kinds: the government first.
TIE_ORDER = _COUNTERPARTS


def use_for(party: Party, counterpart: Party) -> Use:
    """What a recommendation addressed to ``party`` is for with ``counterpart`` across the
    table: an ask, a point for them to raise, or none (:data:`USES`)."""
    return USES[Party(party)][Party(counterpart)]


def parties_for(counterpart: Party, uses: Iterable[Use] = (Use.ASK, Use.RAISE)
                ) -> tuple[Party, ...]:
    """The addressees whose recommendations are of one of ``uses`` with ``counterpart``
    (by default: every addressee whose recommendations are for them at all)."""
    wanted = set(uses)
    return tuple(party for party in USES if USES[party][Party(counterpart)] in wanted)


#: The parties as :func:`rule_summary` lists them.
_IN_A_LIST = {Party.AUTHORITIES: "the authorities", Party.EU: "the EU",
              Party.MEMBER_STATE: "member states", Party.INTERNATIONAL: "international bodies",
              Party.OTHER: "anyone else"}


def rule_summary(counterpart: Party) -> str:
    """In words, which recommendations are for ``counterpart``: "Asks for a government
    delegation: those addressed to the authorities." and the points they may raise."""
    def addressed(parties: tuple[Party, ...]) -> str:
        labels = [_IN_A_LIST[party] for party in parties]
        listed = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
        return f"those addressed to {listed}"

    asks, raises = parties_for(counterpart, (Use.ASK,)), parties_for(counterpart, (Use.RAISE,))
    across = Party(counterpart).across_label
    parts = []
    if asks:
        parts.append(f"Asks for {across}: {addressed(asks)}.")
    if raises:
        parts.append(f"Points for {across} to raise: {addressed(raises)}.")
    return " ".join(parts)


def _on_day(day: date) -> list[ColumnElement[bool]]:
    """WHERE clauses: a live post in a live organisation, held on ``day``."""
    return [Affiliation.archived_at.is_(None), Organisation.archived_at.is_(None),
            or_(Affiliation.start_on.is_(None), Affiliation.start_on <= day),
            or_(Affiliation.end_on.is_(None), Affiliation.end_on >= day)]


def _majority(counts: Iterable[tuple[OrganisationKind, int]]) -> Party | None:
    """The party with most people (the government first on a tie), None when nobody counted."""
    by_party: Counter[Party] = Counter()
    for kind, n in counts:
        by_party[KIND_PARTY[OrganisationKind(kind)]] += n
    if not by_party:
        return None
    return max(TIE_ORDER, key=lambda party: (by_party[party], -TIE_ORDER.index(party)))


def _counted(session: Session, persons, day: date) -> Party | None:
    """One query: how many of ``persons`` (ids, or a subquery of them) held a post on ``day``
    in an organisation of each kind (a person with posts of two kinds counts for both); the
    visibility rule hides the posts of persons the reader may not see."""
    rows = session.execute(
        select(Organisation.kind, func.count(distinct(Affiliation.person_id)))
        .select_from(Affiliation)
        .join(Organisation, Organisation.id == Affiliation.organisation_id)
        .where(Affiliation.person_id.in_(persons), *_on_day(day))
        .group_by(Organisation.kind))
    return _majority(rows.tuples())


def counterpart_of(session: Session, person_ids: list[int], on: date) -> Party | None:
    """Who these people are, as a counterpart, on the day ``on``: the kind of organisation
    most of them held a post in (government first on a tie); None when none of them held one."""
    if not person_ids:
        return None
    return _counted(session, list(person_ids), on)


def event_counterpart(event: DialogueEvent | None) -> Party:
    """Who a meeting of ``event`` is with when its attendees say nothing: a dialogue or
    subcommittee is with the counterpart country's government (a member state's, if the
    country is one), a UPR session with an international body, anything else with others."""
    if event is None:
        return Party.OTHER
    kind = event.kind or EventKind.DIALOGUE  # the column's default, before a flush
    if kind in (EventKind.DIALOGUE, EventKind.SUBCOMMITTEE):
        if party_of(event.counterpart_country) is Party.MEMBER_STATE:
            return Party.MEMBER_STATE
        return Party.AUTHORITIES
    if kind is EventKind.UPR_SESSION:
        return Party.INTERNATIONAL
    return Party.OTHER


def meeting_counterpart(session: Session, meeting: Meeting) -> Party:
    """Who sits across the table at ``meeting``: the kind of organisation most of its
    attendees held a post in on the meeting's day (government first on a tie), in one query;
    when none of them held one, the meeting's event decides (:func:`event_counterpart`)."""
    return read_counterpart(session, meeting)[0]


def read_counterpart(session: Session, meeting: Meeting) -> tuple[Party, str]:
    """:func:`meeting_counterpart`, with how it was read, in words for the page."""
    counted = None
    if meeting.id is not None:
        attendees = (select(meeting_persons.c.person_id)
                     .where(meeting_persons.c.meeting_id == meeting.id))
        counted = _counted(session, attendees, meeting.starts_at.date())
    if counted is not None:
        return counted, "by the posts of the people across the table on the day"
    if meeting.event is None:
        return Party.OTHER, "nobody across the table has a post on record, and no dialogue event"
    return (event_counterpart(meeting.event),
            "by the dialogue event: nobody across the table has a post on record")
