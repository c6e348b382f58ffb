"""A planted world for leak tests: an at-risk person, a confidential one, their cases, and a
marker in every text field of every record derived from them.

:func:`plant_leak_world` writes, through the ORM, everything a normal-clearance reader must
never see, plus normal records for contrast, and issues talking-point packs as an admin:

- **Dinara Smailova** (at risk), with the other spellings "Smailova Dinara" and
  "Динара Смаилова", a post, contacts and notes; **Timur Zhaksylykov** (confidential), likewise.
- An at-risk case about Dinara, and an at-risk **group** case (no person) with its own title;
  a normal case about a normal person.
- Case updates (public and internal), raisings (about the cases, with Dinara), follow-ups
  (about the cases, owned by the officer and the viewer, theirs by Dinara and Timur), changes
  to them, and Dinara and Timur attending two normal meetings that the readers attend too.
- Normal records whose free text *mentions* a restricted person by one of their spellings
  (finding, recommendation, meeting notes, outcome, case update, ...): they stay visible, but
  the name must come out as "[restricted]".
- Packs issued by the admin: the internal pack of the meeting with the at-risk cases in all
  four formats, its external pack, the event's internal and external briefs, and the internal
  pack of a meeting with nothing restricted.

Two kinds of strings are planted, each unique so that a failure says which field leaked:

- **secret markers** (``LEAKMARK-<field>-<nn>``) in restricted fields: a normal-clearance reader
  must never find one, on any page, download or mail;
- **canaries** (``SEENMARK-<field>-<nn>``) next to each mention in a visible record: they
  *should* be seen somewhere, which proves the sweep really fetched the pages that show those
  fields (masking replaces the name, not the whole text).

Other tests may reuse the world: ``world = plant_leak_world(db.session, officer_id=...,
viewer_id=..., admin_id=...)`` inside an app context, then look up ids in ``world.ids``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from app.models import (
    Affiliation,
    Case,
    CaseStatus,
    CaseUpdate,
    DialogueEvent,
    Direction,
    Finding,
    FollowUp,
    FollowUpChange,
    FollowUpStatus,
    ImplementationStatus,
    Meeting,
    MeetingStatus,
    Organisation,
    OrganisationKind,
    Person,
    PersonName,
    Polarity,
    Raising,
    Recommendation,
    RecommendationStatusChange,
    Sensitivity,
    Source,
    Stance,
    Theme,
    User,
)

#: Every spelling of the at-risk person; none may reach a normal-clearance reader.
AT_RISK_SPELLINGS = ("Dinara Smailova", "Smailova Dinara", "Динара Смаилова")
#: Every spelling of the confidential person.
CONFIDENTIAL_SPELLINGS = ("Timur Zhaksylykov", "Тимур Жаксылыков")
#: The at-risk group case's name (it names no person, but is as restricted as one).
GROUP_TITLE = "Zhanaozen Strike Committee"
#: Phrases a normal-clearance reader must never find (compared case- and accent-insensitively).
RESTRICTED_PHRASES = (*AT_RISK_SPELLINGS, *CONFIDENTIAL_SPELLINGS, GROUP_TITLE)


@dataclass
class PlantedWorld:
    """What :func:`plant_leak_world` planted: markers, canaries and the ids of each kind."""

    #: Secret marker -> the field it was planted in.
    markers: dict[str, str] = field(default_factory=dict)
    #: Canary -> the visible field it sits in (next to a mention of a restricted spelling).
    canaries: dict[str, str] = field(default_factory=dict)
    #: Kind ("person", "case", "pack", ...) -> {"restricted": [ids], "visible": [ids]}.
    ids: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    #: Named records, for tests that need one in particular (e.g. "at_risk_person").
    named: dict[str, int] = field(default_factory=dict)
    #: (kind, id) -> a short description, for failure messages.
    labels: dict[tuple[str, int], str] = field(default_factory=dict)
    #: The day the follow-up dates are relative to (reminders run for it).
    today: date = field(default_factory=date.today)

    def secret(self, where: str) -> str:
        """A new secret marker for the field ``where``."""
        marker = f"LEAKMARK-{where}-{len(self.markers) + len(self.canaries) + 1:02d}"
        self.markers[marker] = where
        return marker

    def mention(self, where: str, spelling: str, text: str = "Concerning") -> str:
        """Visible free text naming a restricted person by ``spelling``, with a canary."""
        canary = f"SEENMARK-{where}-{len(self.markers) + len(self.canaries) + 1:02d}"
        self.canaries[canary] = where
        return f"{text} {spelling} ({canary})."

    def add(self, kind: str, record_id: int, label: str, *, restricted: bool,
            name: str | None = None) -> None:
        """Remember ``record_id`` as a restricted or visible record of ``kind``."""
        bucket = self.ids.setdefault(kind, {"restricted": [], "visible": []})
        bucket["restricted" if restricted else "visible"].append(record_id)
        self.labels[(kind, record_id)] = label
        if name:
            self.named[name] = record_id


def _restricted_person(w: PlantedWorld, prefix: str, spellings, sensitivity) -> Person:
    """A restricted person with a secret marker in every field and every other spelling."""
    full_name, *others = spellings
    return Person(
        full_name=full_name, sensitivity=sensitivity,
        email=f"{w.secret(prefix + '-email').lower()}@example.org",
        phone=w.secret(prefix + "-phone"), country=w.secret(prefix + "-country"),
        lawful_basis=w.secret(prefix + "-lawful-basis"),
        consent_note=w.secret(prefix + "-consent-note"), notes=w.secret(prefix + "-notes"),
        other_names=[PersonName(name=name, script=w.secret(prefix + "-othername-script"))
                     for name in others],
    )


def _restricted_case(w: PlantedWorld, prefix: str, title: str, **fields) -> Case:
    return Case(title=f"{title} {w.secret(prefix + '-title')}",
                charges=w.secret(prefix + "-charges"), summary=w.secret(prefix + "-summary"),
                notes=w.secret(prefix + "-notes"), sensitivity=Sensitivity.AT_RISK,
                status=CaseStatus.DETAINED, **fields)


def plant_leak_world(session: Session, *, officer_id: int, viewer_id: int, admin_id: int,
                     today: date | None = None, issue_packs: bool = True) -> PlantedWorld:
    """Plant the restricted world and its normal surroundings, issue the packs; commits."""
    w = PlantedWorld(today=today or date.today())
    day = w.today

    def at(days: int, hour: int = 10) -> datetime:
        return datetime.combine(day + timedelta(days=days), time(hour), tzinfo=UTC)

    officer, viewer = session.get(User, officer_id), session.get(User, viewer_id)

    # Stakeholders ---------------------------------------------------------------------------
    ministry = Organisation(name="Ministry of Justice of Kazakhstan", kind=OrganisationKind.GOVERNMENT,
                            notes=w.mention("organisation-notes", AT_RISK_SPELLINGS[0]))
    bureau = Organisation(name="Steppe Legal Defence Bureau", kind=OrganisationKind.CSO)
    dinara = _restricted_person(w, "atrisk-person", AT_RISK_SPELLINGS, Sensitivity.AT_RISK)
    timur = _restricted_person(w, "conf-person", CONFIDENTIAL_SPELLINGS, Sensitivity.CONFIDENTIAL)
    official = Person(full_name="Marat Temirov", email="m.temirov@example.org",
                      notes=w.mention("normal-person-notes", AT_RISK_SPELLINGS[1]))
    asel = Person(full_name="Asel Nurlanova", notes="Journalist, public case.")
    labour_ministry = Organisation(name="Ministry of Labour", kind=OrganisationKind.GOVERNMENT)
    labour_official = Person(full_name="Aigul Bekova", email="a.bekova@example.org")
    posts = [
        Affiliation(person=dinara, organisation=bureau, role=w.secret("atrisk-post-role"),
                    start_on=date(2020, 1, 1)),
        Affiliation(person=timur, organisation=bureau, role=w.secret("conf-post-role"),
                    start_on=date(2021, 1, 1)),
        Affiliation(person=official, organisation=ministry, role="Deputy Minister",
                    start_on=date(2019, 1, 1)),
        Affiliation(person=labour_official, organisation=labour_ministry, role="Director",
                    start_on=date(2022, 1, 1)),
    ]

    # Themes, sources, recommendations ---------------------------------------------------------
    expression = Theme(name="Freedom of expression", position=1,
                       description=w.mention("theme-description", AT_RISK_SPELLINGS[0]))
    labour = Theme(name="Labour rights", position=2, description="Unions and wages.")
    strikes = Theme(name="Right to strike", position=3, description="Strike committees.")
    source = Source(title="Civic space briefing 2026", publisher="Steppe Legal Defence Bureau")
    findings = [
        Finding(theme=expression, source=source, polarity=Polarity.CONCERN, noted_on=day,
                text=w.mention("finding-text", AT_RISK_SPELLINGS[0], "Detention of")),
        Finding(theme=expression, source=source, polarity=Polarity.CONCERN, noted_on=day,
                text=w.mention("finding-text-cyrillic", AT_RISK_SPELLINGS[2], "Задержание:")),
        Finding(theme=labour, source=source, polarity=Polarity.POSITIVE, noted_on=day,
                text="Minimum wage raised."),
    ]
    rec = Recommendation(text=w.mention("recommendation-text", "Dínara Smáilova", "Release"),
                         short_title="Release detained activists", addressee="Kazakhstani authorities",
                         priority=1, source=source, themes=[expression],
                         status=ImplementationStatus.IN_PROGRESS)
    labour_rec = Recommendation(text="Ratify ILO Convention 87.", short_title="Ratify ILO 87",
                                addressee="Kazakhstani authorities", priority=2, themes=[labour])

    # Cases -------------------------------------------------------------------------------------
    at_risk_case = _restricted_case(w, "atrisk-case", "Case of Dinara Smailova", person=dinara,
                                    themes=[expression])
    group_case = _restricted_case(w, "group-case", GROUP_TITLE, is_group=True, may_be_named=True,
                                  themes=[expression, strikes])
    normal_case = Case(title="Asel Nurlanova", person=asel, may_be_named=True, themes=[expression],
                       status=CaseStatus.ON_TRIAL,
                       charges=w.mention("normal-case-charges", AT_RISK_SPELLINGS[0], "Co-accused with"),
                       summary=w.mention("normal-case-summary", AT_RISK_SPELLINGS[1]),
                       notes=w.mention("normal-case-notes", CONFIDENTIAL_SPELLINGS[0]))

    # Event and meetings -----------------------------------------------------------------------
    event = DialogueEvent(title="EU-Kazakhstan Human Rights Dialogue", starts_on=day + timedelta(days=3),
                          place="Astana", counterpart_country="Kazakhstan",
                          objectives=w.mention("event-objectives", AT_RISK_SPELLINGS[0], "Raise"))
    earlier = Meeting(title="Earlier meeting at the ministry", starts_at=at(-30), event=event,
                      status=MeetingStatus.HELD, place="Astana",
                      notes=w.mention("earlier-meeting-notes", "SMAILOVA Dinara", "Discussed"),
                      outcome=w.mention("earlier-meeting-outcome", AT_RISK_SPELLINGS[2], "Promised:"))
    meeting = Meeting(title="Meeting at the ministry", starts_at=at(3), event=event, place="Astana",
                      purpose=w.mention("meeting-purpose", AT_RISK_SPELLINGS[0], "Raise"),
                      objective=w.mention("meeting-objective", CONFIDENTIAL_SPELLINGS[1], "Access to"),
                      notes=w.mention("meeting-notes", AT_RISK_SPELLINGS[0], "Ask about"))
    for m in (earlier, meeting):
        m.their_attendees = [official, dinara, timur]
        m.our_attendees = [officer, viewer]
        m.themes = [expression]
    plain = Meeting(title="Labour meeting", starts_at=at(10), place="Almaty",
                    purpose="Discuss ILO 87.", themes=[labour])
    plain.their_attendees = [labour_official]
    plain.our_attendees = [officer, viewer]
    # Only the at-risk group case makes this meeting's pack restricted: no restricted person
    # attends or is named, so nothing but the case itself can tell that the pack is restricted.
    strike_meeting = Meeting(title="Meeting at the labour inspectorate", starts_at=at(12),
                             place="Aktau", themes=[strikes])
    strike_meeting.their_attendees = [labour_official]

    session.add_all([ministry, bureau, labour_ministry, dinara, timur, official, asel,
                     labour_official, *posts, expression, labour,
                     strikes, source, *findings, rec, labour_rec, at_risk_case, group_case,
                     normal_case, event, earlier, meeting, plain, strike_meeting])
    session.flush()

    # Case updates ----------------------------------------------------------------------------
    updates = [
        CaseUpdate(case=at_risk_case, happened_on=day - timedelta(days=5),
                   text=w.secret("atrisk-case-update")),
        CaseUpdate(case=at_risk_case, happened_on=day - timedelta(days=4), is_internal=True,
                   text=w.secret("atrisk-case-internal-update")),
        CaseUpdate(case=group_case, happened_on=day - timedelta(days=5),
                   text=w.secret("group-case-update")),
        CaseUpdate(case=group_case, happened_on=day - timedelta(days=4), is_internal=True,
                   text=w.secret("group-case-internal-update")),
        CaseUpdate(case=normal_case, happened_on=day - timedelta(days=3),
                   text=w.mention("normal-case-update", AT_RISK_SPELLINGS[0], "Hearing with")),
        CaseUpdate(case=normal_case, happened_on=day - timedelta(days=2), is_internal=True,
                   text=w.mention("normal-case-internal-update", AT_RISK_SPELLINGS[2])),
    ]

    # Raisings at the earlier meeting ---------------------------------------------------------
    def secret_raising(prefix: str, **about) -> Raising:
        return Raising(meeting=earlier, stance=Stance.OPPOSED,
                       talking_point=w.secret(prefix + "-talking-point"),
                       response=w.secret(prefix + "-response"),
                       our_reply=w.secret(prefix + "-our-reply"), **about)

    raisings = [
        secret_raising("raising-atrisk-case", case=at_risk_case, person=official),
        secret_raising("raising-group-case", case=group_case),
        secret_raising("raising-with-atrisk-person", recommendation=rec, person=dinara),
        secret_raising("raising-with-conf-person", theme=expression, person=timur),
        Raising(meeting=earlier, recommendation=rec, person=official, stance=Stance.NON_COMMITTAL,
                talking_point=w.mention("normal-raising-talking-point", AT_RISK_SPELLINGS[0]),
                response=w.mention("normal-raising-response", AT_RISK_SPELLINGS[1]),
                our_reply=w.mention("normal-raising-our-reply", AT_RISK_SPELLINGS[2])),
    ]

    # Follow-ups -------------------------------------------------------------------------------
    def secret_follow_up(prefix: str, due_in: int, **fields) -> FollowUp:
        return FollowUp(meeting=earlier, description=w.secret(prefix + "-description"),
                        due_on=day + timedelta(days=due_in), **fields)

    ours = Direction.OURS
    follow_ups = [
        secret_follow_up("followup-atrisk-case-officer", 2, direction=ours, owner_user=officer,
                         case=at_risk_case),
        secret_follow_up("followup-atrisk-case-viewer", 1, direction=ours, owner_user=viewer,
                         case=at_risk_case),
        secret_follow_up("followup-group-case-officer", -1, direction=ours, owner_user=officer,
                         case=group_case),
        secret_follow_up("followup-group-case-viewer", 4, direction=ours, owner_user=viewer,
                         case=group_case),
        secret_follow_up("followup-theirs-atrisk-person", 5, direction=Direction.THEIRS,
                         owner_person=dinara, recommendation=rec),
        secret_follow_up("followup-theirs-conf-person", 6, direction=Direction.THEIRS,
                         owner_person=timur),
        secret_follow_up("followup-done-atrisk-case", -3, direction=ours, owner_user=officer,
                         case=at_risk_case, status=FollowUpStatus.DONE,
                         closed_at=at(-2), outcome=w.secret("followup-done-atrisk-case-outcome")),
    ]
    restricted_follow_ups = len(follow_ups)
    follow_ups += [
        FollowUp(meeting=earlier, direction=ours, owner_user=officer, due_on=day + timedelta(days=2),
                 description=w.mention("normal-followup-officer", AT_RISK_SPELLINGS[0], "Write about"),
                 recommendation=rec),
        FollowUp(meeting=earlier, direction=ours, owner_user=viewer, due_on=day + timedelta(days=2),
                 description=w.mention("normal-followup-viewer", AT_RISK_SPELLINGS[2], "Письмо:")),
        FollowUp(meeting=earlier, direction=Direction.THEIRS, owner_person=official,
                 due_on=day + timedelta(days=8), recommendation=rec,
                 description=w.mention("normal-followup-theirs", AT_RISK_SPELLINGS[1], "Review")),
        FollowUp(meeting=earlier, direction=ours, owner_user=officer, status=FollowUpStatus.DONE,
                 due_on=day - timedelta(days=6), closed_at=at(-5), case=normal_case,
                 description="Send the trial monitoring note.",
                 outcome=w.mention("normal-followup-outcome", AT_RISK_SPELLINGS[0], "Sent; names")),
    ]
    session.add_all([*updates, *raisings, *follow_ups])
    session.flush()
    changes = [
        FollowUpChange(follow_up=f, action="created", to_status="open",
                       note=w.secret(f"followup-change-{n}-note"), changed_by_id=officer_id)
        for n, f in enumerate(follow_ups[:restricted_follow_ups], start=1)
    ] + [FollowUpChange(follow_up=follow_ups[restricted_follow_ups], action="rescheduled",
                        note=w.mention("normal-followup-change-note", AT_RISK_SPELLINGS[0]),
                        changed_by_id=officer_id)]
    status_change = RecommendationStatusChange(
        recommendation=rec, from_status=ImplementationStatus.NOT_STARTED,
        to_status=ImplementationStatus.IN_PROGRESS, changed_on=day - timedelta(days=20),
        evidence=w.mention("recommendation-evidence", AT_RISK_SPELLINGS[0], "Court hearing of"))
    session.add_all([*changes, status_change])
    session.commit()

    # What the sweep fills URLs with ----------------------------------------------------------
    w.add("person", dinara.id, "Dinara, at risk", restricted=True, name="at_risk_person")
    w.add("person", timur.id, "Timur, confidential", restricted=True, name="confidential_person")
    w.add("person", official.id, "Temirov, normal, attends with Dinara", restricted=False,
          name="official")
    w.add("person", asel.id, "Nurlanova, normal case subject", restricted=False)
    w.add("person", labour_official.id, "Bekova, normal", restricted=False)
    w.add("case", at_risk_case.id, "at-risk case of Dinara", restricted=True, name="at_risk_case")
    w.add("case", group_case.id, "at-risk group case", restricted=True, name="group_case")
    w.add("case", normal_case.id, "normal case", restricted=False, name="normal_case")
    w.add("affiliation", posts[0].id, "Dinara's post", restricted=True)
    w.add("affiliation", posts[1].id, "Timur's post", restricted=True)
    w.add("affiliation", posts[2].id, "Temirov's post", restricted=False)
    follow_up_labels = ["ours, at-risk case, officer's", "ours, at-risk case, viewer's",
                        "ours, group case, officer's", "ours, group case, viewer's",
                        "theirs, Dinara's", "theirs, Timur's", "ours, at-risk case, done",
                        "normal, officer's, mentions Dinara", "normal, viewer's, mentions Dinara",
                        "normal, theirs, mentions Dinara", "normal, done, outcome mentions Dinara"]
    for n, (f, label) in enumerate(zip(follow_ups, follow_up_labels, strict=True)):
        w.add("follow_up", f.id, f"follow-up {label}", restricted=n < restricted_follow_ups)
    w.add("meeting", meeting.id, "planned meeting Dinara attends", restricted=False,
          name="meeting")
    w.add("meeting", earlier.id, "held meeting Dinara attended", restricted=False,
          name="earlier_meeting")
    w.add("meeting", plain.id, "labour meeting, nothing restricted", restricted=False,
          name="plain_meeting")
    w.add("meeting", strike_meeting.id, "meeting on the group case's theme", restricted=False,
          name="strike_meeting")
    w.add("event", event.id, "the dialogue event", restricted=False, name="event")
    w.add("organisation", ministry.id, "ministry, notes mention Dinara", restricted=False)
    w.add("organisation", bureau.id, "bureau where Dinara and Timur have posts", restricted=False)
    w.add("organisation", labour_ministry.id, "labour ministry", restricted=False)
    w.add("recommendation", rec.id, "recommendation mentioning Dinara", restricted=False)
    w.add("recommendation", labour_rec.id, "labour recommendation", restricted=False)
    w.add("source", source.id, "briefing", restricted=False)
    for finding, label in zip(findings, ["mentions Dinara", "mentions Dinara in Cyrillic",
                                         "labour"], strict=True):
        w.add("finding", finding.id, f"finding {label}", restricted=False)
    w.add("theme", expression.id, "theme of the at-risk cases", restricted=False)
    w.add("theme", labour.id, "labour theme", restricted=False)
    w.add("theme", strikes.id, "theme of the group case only", restricted=False)
    if issue_packs:
        from tests.security.leak_packs import issue_leak_packs

        issue_leak_packs(session, w, admin_id)
    return w
