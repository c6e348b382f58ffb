"""The demo picture: preparing the 2026 EU-Kazakhstan Human Rights Dialogue.

Everything here is stated in Parley's own words. The findings, recommendations and cases
paraphrase the joint IPHR/KIBHR civic-space briefing of February 2026; the officials, officers
and meetings are invented for the demo (the named activists, journalists and bloggers are the
real, publicly reported cases from the briefing). Dates of meetings and follow-ups are relative
to ``today`` so the demo always looks current; dates of reported developments are fixed.

:func:`seed_demo` is idempotent: when the demo source is already present it adds nothing, and
every record is looked up by a natural key (name, title, text, email) before it is created.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import NotRequired, TypedDict

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    Affiliation,
    Case,
    CaseStatus,
    CaseUpdate,
    DialogueEvent,
    Direction,
    EventKind,
    Finding,
    FollowUp,
    FollowUpChange,
    FollowUpStatus,
    ImplementationStatus,
    KeyFact,
    Meeting,
    MeetingFormat,
    MeetingStatus,
    Organisation,
    OrganisationKind,
    Person,
    PersonName,
    Polarity,
    Raising,
    Recommendation,
    RecommendationStatusChange,
    Role,
    Sensitivity,
    Source,
    Stance,
    Theme,
    User,
)
from app.security.visibility import unrestricted

# --------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------

class _Official(TypedDict):
    """An invented official: other spellings, and posts as (organisation key, role, first
    and last day offsets; None while it lasts)."""

    name: str
    country: str
    names: NotRequired[tuple[tuple[str, str], ...]]
    posts: tuple[tuple[str, str, int, int | None], ...]


class _CaseSpec(TypedDict):
    """What a named or group case holds; updates are (date or day offset, text, new status,
    internal)."""

    status: CaseStatus
    charges: str | None
    themes: tuple[str, ...]
    summary: str
    notes: NotRequired[str]
    updates: tuple[tuple[date | int, str, CaseStatus | None, bool], ...]


class _NamedCase(_CaseSpec):
    """The case of one named person, with the spellings of the name."""

    name: str
    names: tuple[tuple[str, str], ...]
    sensitivity: Sensitivity
    may_be_named: bool


class _GroupCase(_CaseSpec):
    """The case of a group."""

    title: str


class _MeetingSpec(TypedDict):
    """A demo meeting: its event key, day offset, our users' and their persons' names."""

    event: str
    title: str
    day: int
    place: str
    format: MeetingFormat
    status: MeetingStatus
    ours: tuple[str, ...]
    theirs: tuple[str, ...]
    themes: tuple[str, ...]
    purpose: str
    objective: str
    notes: str | None
    outcome: str | None


class _RaisingSpec(TypedDict):
    """What was raised at a demo meeting (recommendation and case by title)."""

    meeting: str
    rec: NotRequired[str]
    case: NotRequired[str]
    person: str
    point: str
    response: str
    stance: Stance
    reply: str


class _FollowUpSpec(TypedDict):
    """A demo follow-up: the owner is a user key (ours) or a person's name (theirs); days
    are offsets from today."""

    meeting: str
    direction: Direction
    owner: str
    due: int
    description: str
    status: NotRequired[FollowUpStatus]
    closed: NotRequired[int]
    rec: NotRequired[str]
    case: NotRequired[str]
    outcome: NotRequired[str]


COUNT_KEYS = (
    "users", "organisations", "persons", "person_names", "affiliations", "themes", "sources",
    "findings", "key_facts", "recommendations", "recommendation_status_changes", "cases",
    "case_updates", "events", "meetings", "raisings", "follow_ups", "follow_up_changes",
)

PAPER_DATE = date(2026, 2, 20)

SOURCE = {
    "title": "EU-Kazakhstan Human Rights Dialogue 2026: civic space briefing",
    "publisher": "IPHR and KIBHR",
    "published_on": PAPER_DATE,
    "url": None,
}

KAZAKHSTANI_AUTHORITIES = "Kazakhstani authorities"
EU = "EU"
CASE_BASIS = "Legitimate interest: documenting human-rights violations"
OFFICIAL_BASIS = "Legitimate interest: advocacy contact in an official capacity"
FICTIONAL = "Fictional person invented for the Parley demo."

#: (key, name, parent key, position, description)
#: (key, name, parent key, position, description)
THEMES: tuple[tuple[str, str, str | None, int, str], ...] = (
    ("constitution", "Constitutional reform", None, 1,
     "The 2026 constitutional overhaul and referendum, and how it was prepared."),
    ("association", "Freedom of association", None, 2,
     "NGOs, foreign funding, LGBTIQ+ groups and the registration of opposition parties."),
    ("expression", "Freedom of expression", None, 3,
     "Independent media, online pressure, accreditation and speech restrictions."),
    ("assembly", "Freedom of peaceful assembly", None, 4,
     "Permission for protests, detentions of protesters and accountability for January 2022."),
    ("persecution", "Persecution of activists, journalists and bloggers", None, 5,
     "Criminal cases and other reprisals against critics, at home and abroad."),
    ("lgbtiq", "LGBTIQ+ 'propaganda' ban", "expression", 1,
     "The law against so-called LGBTIQ+ 'propaganda' and the use of community assistants."),
)

#: theme key -> ((polarity, text), ...) in the order of the briefing.
P, C = Polarity.POSITIVE, Polarity.CONCERN
FINDINGS = {
    "constitution": (
        (P, ("The authorities have presented a constitutional overhaul as the next stage of "
             "political modernisation.")),
        (C, ("Speed over substance: the drafting commission was only set up in mid-January 2026 "
             "and a complete new text was ready about four weeks later.")),
        (C, ("A mere handful of civil society figures got seats on the drafting commission, "
             "and the compressed schedule left no time for a real public debate on sweeping "
             "amendments.")),
        (C, ("In the 15 March 2026 referendum people can only accept or reject the package as a "
             "whole; individual amendments cannot be voted on separately.")),
        (C, ("Observers doubt the new text will change much in practice while power stays "
             "concentrated in the executive and the political climate remains closed.")),
        (C, ("Rights groups note that the draft drops the earlier clause giving ratified "
             "international treaties priority over domestic legislation.")),
        (C, ("Activists and bloggers who campaigned against the reform report intimidation, and "
             "critics fear pressure will grow as the vote approaches.")),
    ),
    "association": (
        (P, "The 'foreign agents' bill an MP tabled in 2025 has stalled."),
        (P, ("Civil society has a seat in the working group drafting a new general law on NGOs, "
             "which is still in progress.")),
        (C, ("Officials increasingly portray foreign-funded groups as carriers of 'alien' values "
             "and a danger to national security.")),
        (C, ("Tighter oversight rules for foreign-funded organisations took effect in January "
             "2026; groups expect more stigma, pressure and meddling in their work.")),
        (C, ("LGBTIQ+ groups face frequent harassment, and more than once police seem to have "
             "sided with anti-LGBTIQ+ activists who broke up their meetings.")),
        (C, ("Opposition parties are still refused registration and their supporters are "
             "harassed, which leaves them no room to organise.")),
    ),
    "expression": (
        (P, ("In practice the 2024 media law has so far done less damage than critics expected "
             "when it was adopted.")),
        (C, ("Pressure on independent outlets and reporters is rising: police searches and "
             "criminal cases, for example against Orda.kz and KazTAG.")),
        (C, ("Online, outlets have been blocked outright or hit by what look like orchestrated "
             "waves of complaints to platforms, aimed at getting their accounts shut down.")),
        (C, ("In summer 2025, 16 RFE/RL journalists were refused accreditation: accreditation "
             "rules used as a tool against independent reporting.")),
        (C, ("A ban on so-called LGBTIQ+ 'propaganda' was passed despite broad criticism; its "
             "vague wording could reach almost any information on LGBTIQ+ topics and will deepen "
             "stigma and discrimination.")),
        (C, ("A new law widens the crime-prevention role of 'community assistants', including "
             "against loosely defined 'anti-social behaviour', which invites arbitrary targeting "
             "of LGBTIQ+ rights advocates and others.")),
    ),
    "assembly": (
        (P, ("A 2025 Constitutional Court ruling stops the authorities from turning down protest "
             "requests automatically because the designated venue is already booked.")),
        (P, ("More than 30 police and security officers have been held to account for abuses "
             "against protesters and bystanders in January 2022, though no current official "
             "figures are published.")),
        (C, ("Protest requests are still refused on pretexts such as allegedly incomplete or "
             "wrong details; in November 2025 one Pavlodar activist was turned down 11 times "
             "when trying to hold rallies on socio-economic issues.")),
        (C, ("People who gather without approval, even for small pickets or to hand in a "
             "petition, are still detained, fined or briefly jailed, and activists continue to "
             "be held 'preventively' before expected protests.")),
        (C, ("Very few officials have been found guilty of torture and ill-treatment in January "
             "2022, although more than 500 complaints were lodged and over 300 investigations "
             "opened.")),
        (C, ("The accountability gap for January 2022 was also criticised by OSCE/ODIHR in its "
             "May 2025 trial-monitoring report and by the UN Human Rights Committee after its "
             "June 2025 review of Kazakhstan.")),
    ),
    "persecution": (
        (P, ("Some politically motivated prosecutions have stalled or ended in milder sentences "
             "than feared; each is a relief, although the charges were unjustified from the "
             "start.")),
        (C, ("Critics who take up sensitive topics or criticise officials are still persecuted, "
             "and criminal prosecution is more and more a tool of retaliation.")),
        (C, ("Charges typically rest on vague offences: 'false' information, 'inciting' discord, "
             "'extremism'. Reporters Gulnara Bazhkenova, Amir Kassenov and Aset Mataev face "
             "false-information charges over their reporting; satirical blogger Temirlan Yensebek "
             "got five years of restricted freedom and a social media ban for sharing a song; an "
             "opposition activist is under investigation for 'extremism'.")),
        (C, ("The health of imprisoned critics, among them opposition leader Marat Zhylanbaev and "
             "journalist-activists Duman Mukhamedkarim and Aigerim Tleuzhan, is a grave worry; "
             "Zhylanbaev has faced pressure in prison, curbs on contact with lawyers and family, "
             "and repeated long hunger strikes, the latest in January-February 2026.")),
        (C, ("Five activists who campaigned against a planned nuclear power plant were convicted "
             "of preparing riots, a strikingly broad reading of the offence; after ten months in "
             "pre-trial detention they received non-custodial sentences.")),
        (C, ("Critics touching on relations with China and Russia are targeted: 19 Atajurt "
             "activists are on trial for 'inciting' national discord after a peaceful protest "
             "about Chinese policy, journalist Lukpan Akhmedyarov was investigated over reporting "
             "on Kazakh citizens forced to fight for Russia, and a former Orthodox priest who "
             "opposed the war against Ukraine faces a drug-den charge.")),
        (C, ("Summoning activists as 'witnesses' is a recurring way to intimidate them: a human "
             "rights defender was questioned after speaking about Zhylanbaev's health, and an "
             "LGBTIQ+ activist first called as a witness is now a suspect in an assault case "
             "built on a complaint by someone who has harassed her.")),
        (C, ("Defence lawyers in political cases face reprisals: one lost his licence after "
             "publicly criticising procedural violations in Gulnara Bazhkenova's case.")),
        (C, ("Transnational repression: Kazakhstan has not cooperated properly with Ukraine's "
             "inquiry into the murder of journalist Aidos Sadykov, shot in Kyiv in 2024, and his "
             "widow has been watched and intimidated. Montenegro refused to extradite a women's "
             "rights activist and protected her, but her organisation's accounts remain frozen.")),
    ),
}
del P, C

#: (short title, theme keys, priority, text); all from the briefing, to the Kazakhstani authorities.
RECOMMENDATIONS = (
    ("Consult openly on legal reforms", ("constitution",), 2,
     ("Hold open, unhurried public consultations on legislative reforms and give civil society "
      "a genuine chance to shape them.")),
    ("Reaffirm treaty obligations", ("constitution",), 2,
     ("State publicly that Kazakhstan remains bound by its international human rights treaties "
      "and will act on the decisions of the bodies that monitor them.")),
    ("Investigate intimidation of reform critics", ("constitution", "persecution"), 2,
     ("Look promptly into every report of threats or harassment against people who peacefully "
      "speak out on the constitutional reform, and punish those responsible.")),
    ("Pursue genuine political pluralism", ("constitution",), 3,
     ("Carry political reform forward so that it delivers real pluralism, open and accountable "
      "decision-making, and wide participation of parties, civil society and citizens.")),
    ("Hear independent CSOs on the NGO law", ("association",), 2,
     ("Take the positions of independent civil society organisations seriously while the new "
      "general NGO law is being drafted.")),
    ("No intrusive checks on foreign-funded CSOs", ("association",), 2,
     ("Do not subject organisations that receive foreign funding to intrusive inspections "
      "unless there are compelling reasons grounded in law.")),
    ("Investigate harassment of LGBTIQ+ groups", ("association", "lgbtiq"), 2,
     "Investigate harassment of LGBTIQ+ groups and bring the perpetrators to account."),
    ("Register opposition parties", ("association",), 2,
     ("Let opposition parties register and stand in elections, and end the harassment of "
      "their supporters.")),
    ("Stop harassing independent media", ("expression", "persecution"), 1,
     ("End the pressure on independent outlets and journalists: investigate online attacks, "
      "drop groundless criminal cases and let them report without interference or fear of "
      "reprisal.")),
    ("Accredit foreign journalists fairly", ("expression",), 2,
     "Stop refusing accreditation to foreign journalists on arbitrary grounds."),
    ("Repeal the LGBTIQ+ 'propaganda' ban", ("expression", "lgbtiq"), 2,
     ("Withdraw the ban on so-called LGBTIQ+ 'propaganda', which conflicts with international "
      "human rights standards, and make sure 'community assistants' are not used to single out "
      "LGBTIQ+ rights advocates or anyone else arbitrarily or in a discriminatory way.")),
    ("Implement the protest ruling", ("assembly",), 2,
     ("Apply the Constitutional Court ruling against automatic refusals of protest requests in "
      "practice, and stop turning requests down on arbitrary grounds.")),
    ("End penalties for peaceful protest", ("assembly",), 2,
     ("Stop detaining and punishing people for peaceful gatherings, including those held "
      "without prior approval, and abandon 'preventive' arrests of likely protesters.")),
    ("Accountability for January 2022", ("assembly",), 2,
     ("Act on what ODIHR and the UN Human Rights Committee recommended on accountability for "
      "January 2022, and publish full, current figures on the trials, the officials convicted "
      "and their sentences.")),
    ("Release jailed critics", ("persecution",), 1,
     ("Stop prosecuting activists, journalists and bloggers for peaceful, legitimate activity, "
      "drop the charges against them and free those who are imprisoned.")),
    ("Protect detainees' health and contacts", ("persecution",), 1,
     ("Until they are freed, safeguard the health of imprisoned critics, guarantee their "
      "contact with family and lawyers, and investigate and punish any ill-treatment.")),
    ("Stop intimidating witness summonses", ("persecution",), 1,
     "Stop using questioning in criminal investigations as a way to frighten critics."),
    ("Protect defence lawyers", ("persecution",), 1,
     "Make sure lawyers suffer no reprisals for defending activists and journalists."),
    ("Cooperate on the Sadykov killing", ("persecution",), 1,
     ("Work in good faith with the investigation into the killing of Aidos Sadykov, and stop "
      "intimidating his widow and other critics who live abroad.")),
    ("Repeal vague Criminal Code articles", ("persecution", "expression"), 1,
     ("As urged in the 2025 UPR and by the UN Human Rights Committee, abolish or amend the vague "
      "Criminal Code offences routinely used against critics, namely art. 174 ('inciting "
      "discord'), art. 274 ('knowingly spreading false information') and art. 405 and related "
      "articles ('extremist' activity), so that they meet international standards.")),
)

#: Our own asks of the EU: (short title, theme keys, priority, text).
EU_RECOMMENDATIONS = (
    ("Raise individual cases publicly", ("persecution",), 1,
     ("After the dialogue, the EU should name imprisoned and prosecuted critics in its public "
      "statement and call for their release, not only mention them behind closed doors.")),
    ("Tie the partnership to civic-space benchmarks", ("persecution", "association"), 2,
     ("The EU should link the next steps of the enhanced partnership with Kazakhstan to "
      "measurable civic-space benchmarks agreed with civil society, and review them at each "
      "dialogue round.")),
)

#: short title -> (status, days before today, evidence); one history row each.
STATUS_CHANGES = {
    "Hear independent CSOs on the NGO law": (
        ImplementationStatus.IN_PROGRESS, 60,
        ("The working group on the general NGO law has met with CSO representatives and "
         "accepted written comments; whether they will be reflected in the draft is still open.")),
    "Implement the protest ruling": (
        ImplementationStatus.PARTIAL, 45,
        ("Coalition monitoring: refusals citing an 'occupied venue' have become rare since the "
         "Constitutional Court ruling, but requests are still rejected on other pretexts such as "
         "supposedly incomplete applications.")),
}

KEY_FACTS = (
    ("CIVICUS Monitor rating", "Repressed, 30/100", date(2025, 12, 1)),
    ("Complaints of torture after the January 2022 events",
     "Over 500 complaints; over 300 investigations opened", PAPER_DATE),
    ("Officials held accountable for January 2022 abuses",
     "30+ police and security officials", PAPER_DATE),
    ("RFE/RL journalists refused accreditation (summer 2025)", "16", PAPER_DATE),
)

#: key -> (email, name, role, clearance)
USERS = {
    "amina": ("amina.officer@parley.example", "Amina Rahimova", Role.OFFICER, Sensitivity.AT_RISK),
    "jonas": ("jonas.officer@parley.example", "Jonas Keller", Role.OFFICER,
              Sensitivity.CONFIDENTIAL),
    "vera": ("vera.viewer@parley.example", "Vera Novak", Role.VIEWER, Sensitivity.NORMAL),
}

#: key -> (name, acronym, kind, country, notes)
ORGANISATIONS = {
    "eeas": ("European External Action Service", "EEAS", OrganisationKind.EU_INSTITUTION, None,
             "Our contacts sit in the Central Asia division."),
    "eud": ("Delegation of the European Union to Kazakhstan", "EU Delegation",
            OrganisationKind.EU_INSTITUTION, "Kazakhstan", None),
    "de_embassy": ("Embassy of Germany in Astana", None, OrganisationKind.MEMBER_STATE,
                   "Germany", None),
    "de_ffo": ("Federal Foreign Office of Germany", "AA", OrganisationKind.MEMBER_STATE,
               "Germany", None),
    "ep": ("European Parliament", "EP", OrganisationKind.EU_INSTITUTION, None, None),
    "mfa": ("Ministry of Foreign Affairs of Kazakhstan", "MFA", OrganisationKind.GOVERNMENT,
            "Kazakhstan", "Leads the Kazakh delegation at the dialogue."),
    "pgo": ("Prosecutor General's Office of Kazakhstan", "PGO", OrganisationKind.GOVERNMENT,
            "Kazakhstan", None),
    "iphr": ("International Partnership for Human Rights", "IPHR", OrganisationKind.CSO,
             "Belgium", "Coalition partner; co-author of the 2026 briefing."),
    "kibhr": ("Kazakhstan International Bureau for Human Rights and Rule of Law", "KIBHR",
              OrganisationKind.CSO, "Kazakhstan",
              "Coalition partner; co-author of the 2026 briefing."),
}

#: Invented officials. Posts: (organisation key, role, start offset, end offset or None),
#: offsets in days relative to today.
OFFICIALS: tuple[_Official, ...] = (
    {"name": "Sofie Brandt-Larsen", "country": "Denmark",
     "posts": (("eud", "Political Officer", -1900, -420),
               ("eeas", "Desk Officer for Kazakhstan, Central Asia Division", -419, None))},
    {"name": "Pieter Vanderschoot", "country": "Belgium",
     "posts": (("eeas", "Head of Division, Central Asia", -900, None),)},
    {"name": "Ilse Moerkerke", "country": "Belgium",
     "posts": (("eud", "Head of Political Section", -500, None),)},
    {"name": "Katrin Vollmer-Hesse", "country": "Germany",
     "posts": (("de_ffo", "Desk Officer, Central Asia", -1500, -200),
               ("de_embassy", "Human Rights Attaché", -199, None))},
    {"name": "Aurelio Tessarin", "country": "Italy",
     "posts": (("ep", "Member of the European Parliament; Subcommittee on Human Rights", -800,
                None),)},
    {"name": "Maren Oyelaran", "country": "Netherlands",
     "posts": (("ep", "Policy Adviser to Aurelio Tessarin MEP", -760, None),)},
    {"name": "Nurlan Zhaksygeldin", "country": "Kazakhstan",
     "names": (("Нурлан Жаксыгельдин", "Cyrillic"), ("Nurlan Jaksygeldin", "Latin")),
     "posts": (("mfa", "Director, Department of Multilateral Cooperation", -2200, -700),
               ("mfa", "Deputy Minister of Foreign Affairs", -699, None))},
    {"name": "Aliya Temirkhanova", "country": "Kazakhstan",
     "names": (("Алия Темирханова", "Cyrillic"),),
     "posts": (("pgo", "Head of Department, Protection of Citizens' Rights", -1000, None),)},
    {"name": "Timur Absattarov", "country": "Kazakhstan",
     "posts": (("mfa", "Counsellor, Human Rights and Humanitarian Cooperation Unit", -600,
                None),)},
)

NAMED, ATR, CONF = Sensitivity.NORMAL, Sensitivity.AT_RISK, Sensitivity.CONFIDENTIAL
ART_274 = "Criminal Code art. 274 (knowingly spreading false information)"
ART_174 = "Criminal Code art. 174 (inciting social, national or other discord)"
ART_405 = "Criminal Code art. 405 (participation in an 'extremist' organisation)"

#: The individual cases named in the briefing. Updates: (date or day offset, text, new status,
#: internal). An int date is an offset in days from today.
CASES: tuple[_NamedCase, ...] = (
    {"name": "Gulnara Bazhkenova", "names": (("Гульнара Бажкенова", "Cyrillic"),
                                             ("Gulnara Bajkenova", "Latin")),
     "sensitivity": NAMED, "may_be_named": True, "status": CaseStatus.UNDER_INVESTIGATION,
     "charges": ART_274, "themes": ("persecution", "expression"),
     "summary": "Journalist charged with spreading 'false' information over her reporting; an "
                "example of investigative journalism being treated as disinformation. Her lawyer "
                "lost his licence after criticising how the case was handled.",
     "updates": ((PAPER_DATE, "The coalition briefing lists the art. 274 case as still pending.",
                  None, False),
                 (-9, ("Internal: Jonas is collating our trial-monitoring notes for the German "
                       "embassy. Do not pass on the defence team's contact details."),
                  None, True))},
    {"name": "Amir Kassenov", "names": (("Амир Касенов", "Cyrillic"), ("Amir Kasenov", "Latin")),
     "sensitivity": NAMED, "may_be_named": True, "status": CaseStatus.UNDER_INVESTIGATION,
     "charges": ART_274, "themes": ("persecution", "expression"),
     "summary": "Journalist facing a false-information charge because of his reporting.",
     "updates": ((PAPER_DATE, ("Still facing the art. 274 charge, according to the coalition "
                               "briefing."), None, False),)},
    {"name": "Aset Mataev", "names": (("Асет Матаев", "Cyrillic"), ("Asset Matayev", "Latin")),
     "sensitivity": NAMED, "may_be_named": True, "status": CaseStatus.UNDER_INVESTIGATION,
     "charges": ART_274, "themes": ("persecution", "expression"),
     "summary": "Journalist prosecuted for 'false' information over his work.",
     "updates": ((PAPER_DATE, ("Briefing confirms the false-information case against him is "
                               "ongoing."), None, False),)},
    {"name": "Temirlan Yensebek", "names": (("Темирлан Енсебек", "Cyrillic"),
                                            ("Temirlan Ensebek", "Latin")),
     "sensitivity": NAMED, "may_be_named": True, "status": CaseStatus.CONVICTED,
     "charges": ART_174, "themes": ("persecution", "expression"),
     "summary": "Satirical blogger convicted of inciting inter-ethnic discord for sharing a "
                "song that was controversial yet easy to find anywhere online.",
     "updates": ((PAPER_DATE, ("Sentence on record: five years of restricted freedom and a ban on "
                               "social media activity."), CaseStatus.CONVICTED, False),)},
    {"name": "Amangeldy Jahin", "names": (("Амангельды Жахин", "Cyrillic"),
                                          ("Amangeldi Zhakhin", "Latin")),
     "sensitivity": CONF, "may_be_named": False, "status": CaseStatus.UNDER_INVESTIGATION,
     "charges": ART_405, "themes": ("persecution", "association"),
     "summary": "Opposition activist under criminal investigation for 'extremism', part of a "
                "wider pattern of penalising peaceful opposition work.",
     "notes": "Kept confidential pending a source-protection review by the coalition partner.",
     "updates": ((PAPER_DATE, "Extremism investigation still open.", None, False),
                 (-25, ("Internal: source-protection review pending. Do not raise him by name in "
                        "any meeting until the partner clears it."), None, True))},
    {"name": "Marat Zhylanbaev", "names": (("Марат Жыланбаев", "Cyrillic"),
                                           ("Marat Zhilanbayev", "Latin"),
                                           ("Marat Zhylanbayev", "Latin")),
     "sensitivity": NAMED, "may_be_named": True, "status": CaseStatus.DETAINED,
     "charges": "Extremism-related charges; prison sentence considered politically "
                "motivated",
     "themes": ("persecution", "association"),
     "summary": "Opposition party leader serving a prison sentence. Reports of pressure in "
                "custody, restricted contact with his lawyers and family, and health damaged by "
                "repeated, prolonged hunger strikes.",
     "updates": ((date(2026, 1, 12), ("Began another prolonged hunger strike; contact with his "
                                      "lawyers and relatives reported as restricted."),
                  None, False),
                 (PAPER_DATE, ("The hunger strike of January-February 2026 has left him markedly "
                               "weaker, according to the coalition."), None, False),
                 (-16, ("Internal: unverified word from a family contact about a possible "
                        "transfer to another colony. Verify before using it anywhere."), None,
                  True))},
    {"name": "Duman Mukhamedkarim", "names": (("Думан Мухаммедкарим", "Cyrillic"),
                                              ("Duman Mukhammedkarim", "Latin")),
     "sensitivity": NAMED, "may_be_named": True, "status": CaseStatus.DETAINED, "charges": None,
     "themes": ("persecution", "expression"),
     "summary": "Journalist and activist in prison on a sentence widely seen as politically "
                "motivated; his health is a concern.",
     "updates": ((PAPER_DATE, "Coalition voices serious concern about his health in prison.",
                  None, False),)},
    {"name": "Aigerim Tleuzhan", "names": (("Айгерим Тлеужан", "Cyrillic"),
                                           ("Aygerim Tleuzhan", "Latin")),
     "sensitivity": NAMED, "may_be_named": True, "status": CaseStatus.DETAINED, "charges": None,
     "themes": ("persecution", "expression"),
     "summary": "Journalist and activist imprisoned on a sentence considered politically "
                "motivated.",
     "updates": ((PAPER_DATE, ("Still in prison; her well-being is flagged as a concern in the "
                               "briefing."), None, False),)},
    {"name": "Lukpan Akhmedyarov", "names": (("Лукпан Ахмедьяров", "Cyrillic"),
                                             ("Lukpan Akhmediyarov", "Latin")),
     "sensitivity": NAMED, "may_be_named": True, "status": CaseStatus.UNDER_INVESTIGATION,
     "charges": ART_274, "themes": ("persecution", "expression"),
     "summary": "Journalist investigated for 'false' information after reporting on Kazakh "
                "citizens forcibly recruited to fight in Russia's war against Ukraine.",
     "updates": ((PAPER_DATE, ("Investigated under art. 274 over his reporting on forced "
                               "recruitment."), None, False),)},
    {"name": "Yakov Vorontsov", "names": (("Яков Воронцов", "Cyrillic"),
                                          ("Iakov Vorontsov", "Latin")),
     "sensitivity": CONF, "may_be_named": False, "status": CaseStatus.UNDER_INVESTIGATION,
     "charges": "Organising a drug den (charge seen as retaliation)",
     "themes": ("persecution", "expression"),
     "summary": "Defrocked Orthodox priest charged after he spoke out against Russia's war on "
                "Ukraine and tried to found an Orthodox community outside Moscow's authority.",
     "notes": "Contacts go only through the coalition partner.",
     "updates": ((PAPER_DATE, "Charged with running a drug den.", None, False),)},
    {"name": "Bakhytzhan Toregozhina", "names": (("Бахытжан Торегожина", "Cyrillic"),
                                                 ("Bakhytjan Toregojina", "Latin")),
     "sensitivity": ATR, "may_be_named": False, "status": CaseStatus.UNDER_INVESTIGATION,
     "charges": "Questioned as a witness; no charges", "themes": ("persecution",),
     "summary": "Human rights defender summoned and questioned after she spoke publicly about "
                "Marat Zhylanbaev's failing health in custody.",
     "updates": ((PAPER_DATE, ("Questioned as a witness after raising concern about "
                               "Zhylanbaev's health."), None, False),
                 (-30, ("Internal: she asked partners to check with her before any mention; "
                        "keep her out of all external material."), None, True))},
    {"name": "Zhanar Sekerbayeva", "names": (("Жанар Секербаева", "Cyrillic"),
                                             ("Zhanar Sekerbaeva", "Latin")),
     "sensitivity": ATR, "may_be_named": False, "status": CaseStatus.UNDER_INVESTIGATION,
     "charges": "Suspect in an assault case (complaint by an anti-LGBTIQ+ activist)",
     "themes": ("persecution", "association", "lgbtiq"),
     "summary": "LGBTIQ+ rights activist, first questioned as a witness and now treated as a "
                "suspect in an assault case resting on a baseless complaint from an anti-LGBTIQ+ "
                "activist who has long harassed her and fellow activists.",
     "updates": ((PAPER_DATE, "Status changed from witness to suspect in the assault case.",
                  None, False),
                 (-18, ("Internal: partner reports renewed online threats; security plan under "
                        "review. No details in Parley."), None, True))},
    {"name": "Murat Adam", "names": (("Мурат Адам", "Cyrillic"),),
     "sensitivity": NAMED, "may_be_named": False, "status": CaseStatus.UNDER_INVESTIGATION,
     "charges": "No criminal charge; licence to practise law revoked",
     "themes": ("persecution",),
     "summary": "Defence lawyer stripped of his licence after publicly criticising breaches of "
                "procedure in the prosecution of his client Gulnara Bazhkenova; a worrying "
                "precedent for lawyers in political cases.",
     "notes": "Not to be named in external material until the partner confirms he agrees.",
     "updates": ((PAPER_DATE, ("Licence revoked after his public criticism of the proceedings "
                               "against his client."), None, False),)},
    {"name": "Aidos Sadykov", "names": (("Айдос Садыков", "Cyrillic"), ("Aidos Sadikov", "Latin")),
     "sensitivity": NAMED, "may_be_named": True, "status": CaseStatus.UNDER_INVESTIGATION,
     "charges": None, "themes": ("persecution", "expression"),
     "summary": "Journalist killed in Kyiv in 2024. Ukraine is investigating the killing; "
                "Kazakhstan has not cooperated constructively with the investigation.",
     "updates": ((date(2024, 6, 18), ("Shot in Kyiv; he later died of his wounds. Ukrainian "
                                      "investigation opened."), CaseStatus.UNDER_INVESTIGATION,
                  False),
                 (PAPER_DATE, ("Coalition reports no constructive cooperation from Kazakhstan "
                               "with the Ukrainian investigators."), None, False))},
    {"name": "Natalia Sadykova", "names": (("Наталья Садыкова", "Cyrillic"),
                                           ("Natalya Sadykova", "Latin")),
     "sensitivity": ATR, "may_be_named": False, "status": CaseStatus.UNDER_INVESTIGATION,
     "charges": None, "themes": ("persecution", "expression"),
     "summary": "Journalist and widow of Aidos Sadykov, subjected to surveillance and "
                "intimidation abroad: transnational repression.",
     "updates": ((PAPER_DATE, ("Surveillance and intimidation reported since her husband's "
                               "killing."), None, False),
                 (-20, ("Internal: support request passed to a partner organisation. Record no "
                        "location or travel details here."), None, True))},
    {"name": "Dinara Smailova", "names": (("Динара Смаилова", "Cyrillic"),
                                          ("Dinara Smaylova", "Latin")),
     "sensitivity": ATR, "may_be_named": False, "status": CaseStatus.UNDER_INVESTIGATION,
     "charges": "Charges connected with her work for survivors of domestic violence",
     "themes": ("persecution", "association"),
     "summary": "Women's rights activist; Montenegro refused Kazakhstan's extradition request "
                "and granted her protection, but her organisation's accounts stay frozen as "
                "part of the criminal investigations.",
     "updates": ((PAPER_DATE, ("Montenegro turned down the extradition request and granted "
                               "her protection."), None, False),
                 (PAPER_DATE, "Her organisation's bank accounts remain frozen.", None, False))},
)

GROUP_CASES: tuple[_GroupCase, ...] = (
    {"title": "Atajurt movement activists", "status": CaseStatus.ON_TRIAL, "charges": ART_174,
     "themes": ("persecution", "assembly"),
     "summary": "Nineteen activists of the Atajurt movement are being tried for 'inciting' "
                "national discord after a peaceful protest at China's treatment of Kazakhs and "
                "other minorities, which Beijing officially complained about.",
     "updates": ((PAPER_DATE, "Trial of the 19 activists under way.", CaseStatus.ON_TRIAL,
                  False),)},
    {"title": "Opponents of the nuclear power plant", "status": CaseStatus.CONVICTED,
     "charges": "Preparing riots",
     "themes": ("persecution", "assembly"),
     "summary": "Five activists who peacefully opposed building a nuclear power plant were "
                "convicted of preparing riots; after ten months in pre-trial detention they "
                "received non-custodial sentences.",
     "updates": ((PAPER_DATE, ("Convicted; non-custodial sentences after ten months in "
                               "pre-trial detention."), CaseStatus.CONVICTED, False),)},
)
del NAMED, ATR, CONF

#: key -> (title, start offset in days, place, objectives)
EVENTS = {
    "2025": ("EU-Kazakhstan Human Rights Dialogue 2025", -290, "Astana",
             ("Put the release of imprisoned critics and the reform of the vaguely worded "
              "Criminal Code articles on the EU's agenda; test the government's openness on NGO "
              "oversight.")),
    "2026": ("EU-Kazakhstan Human Rights Dialogue 2026", 10, "Astana",
             ("Get the EU to press for the release of jailed critics and to name individual cases "
              "publicly afterwards; secure concrete commitments on the NGO law, the protest "
              "ruling and January 2022 accountability; flag the rushed constitutional reform and "
              "the lost primacy of international treaties.")),
}

ALL_THEMES = ("constitution", "association", "expression", "assembly", "persecution")

#: key -> meeting; "day" is the offset in days from today, at 10:00 UTC.
MEETINGS: dict[str, _MeetingSpec] = {
    "eeas-2025": {
        "event": "2025", "title": "EEAS Kazakhstan desk: briefing ahead of the 2025 dialogue",
        "day": -300, "place": "Brussels", "format": MeetingFormat.VIDEO,
        "status": MeetingStatus.HELD, "ours": ("amina",), "theirs": ("Sofie Brandt-Larsen",),
        "themes": ("expression", "persecution"),
        "purpose": "Tell the EEAS desk which asks matter most to the coalition before the 2025 "
                   "round.",
        "objective": "The desk puts the release of imprisoned critics and the Criminal Code "
                     "articles into the EU's speaking points.",
        "notes": "- Sofie moved from the EU Delegation to the desk a few months ago.\n"
                 "- She prefers short written notes, one page per case.",
        "outcome": "Release ask accepted for the speaking points; Criminal Code reform only in "
                   "general terms."},
    "de-2025": {
        "event": "2025", "title": "German Foreign Office Central Asia desk (2025 cycle)",
        "day": -295, "place": "Berlin", "format": MeetingFormat.VIDEO,
        "status": MeetingStatus.HELD, "ours": ("jonas",), "theirs": ("Katrin Vollmer-Hesse",),
        "themes": ("expression",),
        "purpose": "Win German support on the LGBTIQ+ 'propaganda' law before the 2025 round.",
        "objective": "Germany raises the law bilaterally and in the EU statement.",
        "notes": "- Friendly, well informed. Asked for our legal analysis once available.",
        "outcome": "Germany will raise the law bilaterally and support EU language on it."},
    "gov-2025": {
        "event": "2025",
        "title": "Kazakh government delegation on the margins of the 2025 dialogue",
        "day": -290, "place": "Astana, Ministry of Foreign Affairs",
        "format": MeetingFormat.IN_PERSON, "status": MeetingStatus.HELD,
        "ours": ("amina", "jonas"), "theirs": ("Nurlan Zhaksygeldin", "Aliya Temirkhanova"),
        "themes": ("association", "assembly", "persecution"),
        "purpose": "Put the coalition's asks to the delegation directly.",
        "objective": "A written reply on NGO law consultation and a date for publishing January "
                     "2022 statistics.",
        "notes": "- Deputy minister polite but firm: every individual case 'for the courts'.\n"
                 "- PGO more open on January 2022 figures than expected.",
        "outcome": "No movement on cases; a written update on the NGO law promised."},
    "eeas": {
        "event": "2026", "title": "EEAS Central Asia desk: pre-dialogue briefing", "day": -21,
        "place": "Brussels, EEAS", "format": MeetingFormat.IN_PERSON,
        "status": MeetingStatus.HELD, "ours": ("amina", "jonas"),
        "theirs": ("Sofie Brandt-Larsen", "Pieter Vanderschoot"), "themes": ALL_THEMES,
        "purpose": "Brief the EEAS on the coalition's 2026 paper before the EU's line is set.",
        "objective": "The EU hands over a case list, asks for releases and names cases publicly "
                     "after the round.",
        "notes": "- Pieter chaired; Sofie holds the pen on the speaking points.\n"
                 "- Raised the widow's situation orally only; nothing in writing to the EEAS.",
        "outcome": "EU will hand over a list of cases; public naming still undecided."},
    "de": {
        "event": "2026", "title": "German embassy: human rights attaché", "day": -12,
        "place": "Astana (video call)", "format": MeetingFormat.VIDEO,
        "status": MeetingStatus.HELD, "ours": ("amina", "jonas"),
        "theirs": ("Katrin Vollmer-Hesse",), "themes": ("expression", "persecution"),
        "purpose": "Bring the like-minded embassies in behind the LGBTIQ+ and media asks.",
        "objective": "The embassy joins a démarche on the 'propaganda' law and observes hearings.",
        "notes": "- Katrin is now in Astana; she remembered our 2025 exchange.\n"
                 "- Interested in trial monitoring, cautious about single lawyer cases.",
        "outcome": "Germany backs EU language on the law; hearing attendance being checked."},
    "mep": {
        "event": "2026", "title": "MEP office: Aurelio Tessarin and policy adviser", "day": -5,
        "place": "Brussels, European Parliament", "format": MeetingFormat.IN_PERSON,
        "status": MeetingStatus.HELD, "ours": ("amina",),
        "theirs": ("Aurelio Tessarin", "Maren Oyelaran"),
        "themes": ("persecution", "assembly"),
        "purpose": "Build parliamentary pressure on the EEAS to name cases after the dialogue.",
        "objective": "The MEP raises individual cases with the EEAS and follows the Atajurt trial.",
        "notes": "- Maren is the working contact; the MEP joined for 15 minutes.",
        "outcome": "MEP will push the EEAS on public naming; office wants more on Atajurt."},
    "gov": {
        "event": "2026",
        "title": "Government delegation: MFA deputy minister and Prosecutor General's Office",
        "day": 10, "place": "Astana, Ministry of Foreign Affairs",
        "format": MeetingFormat.IN_PERSON, "status": MeetingStatus.PLANNED,
        "ours": ("amina", "jonas"),
        "theirs": ("Nurlan Zhaksygeldin", "Aliya Temirkhanova", "Timur Absattarov"),
        "themes": ALL_THEMES,
        "purpose": "Put the coalition's priority asks to the delegation on the day of the "
                   "dialogue.",
        "objective": "A commitment to review the cases of imprisoned critics, a date for January "
                     "2022 statistics and a written answer on the NGO law.",
        "notes": "- Last year the deputy minister called NGO oversight a security matter; have "
                 "the proportionality reply ready.\n"
                 "- Do not mention restricted cases by name.",
        "outcome": None},
    "eud": {
        "event": "2026", "title": "EU Delegation debrief after the dialogue", "day": 12,
        "place": "Astana, EU Delegation", "format": MeetingFormat.IN_PERSON,
        "status": MeetingStatus.PLANNED, "ours": ("amina", "vera"),
        "theirs": ("Ilse Moerkerke",), "themes": ("persecution",),
        "purpose": "Hear how the dialogue went and agree the follow-up on cases.",
        "objective": "A shared list of cases the Delegation will follow until the next round.",
        "notes": "- Vera joins to take notes.",
        "outcome": None},
}

#: Raisings on held meetings: a recommendation (short title) or a case (title), with one person.
RAISINGS: tuple[_RaisingSpec, ...] = (
    {"meeting": "eeas-2025", "rec": "Release jailed critics", "person": "Sofie Brandt-Larsen",
     "point": "The EU should ask for the release of critics imprisoned for peaceful activity.",
     "response": "Agreed to put the release ask into the EU's speaking points.",
     "stance": Stance.SUPPORTIVE,
     "reply": "Ask for names, not just a general call, next time."},
    {"meeting": "eeas-2025", "rec": "Repeal vague Criminal Code articles",
     "person": "Sofie Brandt-Larsen",
     "point": "Name arts. 174, 274 and 405 as the provisions most used against critics.",
     "response": "The EU will speak of alignment with international standards without citing "
                 "article numbers.",
     "stance": Stance.NON_COMMITTAL,
     "reply": "The UPR and the Human Rights Committee cite the articles; the EU would only be "
              "echoing UN language."},
    {"meeting": "de-2025", "rec": "Repeal the LGBTIQ+ 'propaganda' ban",
     "person": "Katrin Vollmer-Hesse",
     "point": "The 'propaganda' ban breaches international standards and fuels stigma.",
     "response": "Shares the concern; Germany will raise it bilaterally and back EU language.",
     "stance": Stance.SUPPORTIVE,
     "reply": "Ask for a public statement and attention to the 'community assistants' law."},
    {"meeting": "gov-2025", "rec": "No intrusive checks on foreign-funded CSOs",
     "person": "Nurlan Zhaksygeldin",
     "point": "Oversight of foreign-funded groups must be necessary and proportionate.",
     "response": "Said oversight of foreign-funded groups is a security matter and not a "
                 "subject for the dialogue.",
     "stance": Stance.OPPOSED,
     "reply": "Security claims need a concrete, stated risk; ask which risk justifies the checks "
              "and what safeguards prevent abuse."},
    {"meeting": "gov-2025", "rec": "Release jailed critics", "person": "Nurlan Zhaksygeldin",
     "point": "Critics are in prison for peaceful activity; they should be freed.",
     "response": "Denied there are political prisoners: independent courts convicted people for "
                 "crimes.",
     "stance": Stance.OPPOSED,
     "reply": "Point to the vague articles used and to UN concern about them; ask for a review "
              "case by case."},
    {"meeting": "gov-2025", "rec": "Accountability for January 2022",
     "person": "Aliya Temirkhanova",
     "point": "Publish full figures on officials tried and convicted for January 2022 abuses.",
     "response": "Cited the officers already sanctioned; publishing statistics will be "
                 "'considered'.",
     "stance": Stance.NON_COMMITTAL,
     "reply": "Welcome the 30+ cases but set them against 500+ complaints; ask for a date."},
    {"meeting": "eeas", "rec": "Release jailed critics", "person": "Pieter Vanderschoot",
     "point": "Releases should be the EU's headline ask, with a list of names.",
     "response": "Release will be a headline ask; the EU plans to hand over a case list.",
     "stance": Stance.SUPPORTIVE,
     "reply": "Make sure Zhylanbaev, Mukhamedkarim and Tleuzhan are on the list."},
    {"meeting": "eeas", "rec": "Repeal vague Criminal Code articles",
     "person": "Sofie Brandt-Larsen",
     "point": "Cite the UPR and Human Rights Committee language on arts. 174, 274 and 405.",
     "response": "Still prefers general terms but may quote the UPR wording.",
     "stance": Stance.NON_COMMITTAL,
     "reply": "Send the exact UPR paragraphs so quoting them costs nothing."},
    {"meeting": "eeas", "case": "Marat Zhylanbaev", "person": "Sofie Brandt-Larsen",
     "point": "His health after the latest hunger strike and his restricted contacts.",
     "response": "The Delegation will ask for a prison visit and raise his access to lawyers "
                 "and family.",
     "stance": Stance.SUPPORTIVE,
     "reply": "Check the visit request with the Delegation before the round."},
    {"meeting": "eeas", "case": "Natalia Sadykova", "person": "Sofie Brandt-Larsen",
     "point": "Internal: surveillance of the widow abroad; raise as transnational repression "
              "without naming her.",
     "response": "Will raise transnational repression in general terms and keep her name out of "
                 "any public line.",
     "stance": Stance.SUPPORTIVE,
     "reply": "Check the EU press line before release for anything identifying her."},
    {"meeting": "de", "rec": "Repeal the LGBTIQ+ 'propaganda' ban",
     "person": "Katrin Vollmer-Hesse",
     "point": "Join a like-minded démarche on the law and on 'community assistants'.",
     "response": "Germany will join and supports EU language on the law.",
     "stance": Stance.SUPPORTIVE,
     "reply": "Share our legal analysis to anchor the démarche."},
    {"meeting": "de", "case": "Gulnara Bazhkenova", "person": "Katrin Vollmer-Hesse",
     "point": "Diplomatic presence at her hearings would signal the case is being watched.",
     "response": "Interested in observing; will coordinate with the EU Delegation.",
     "stance": Stance.SUPPORTIVE,
     "reply": "Send the hearing calendar as soon as it is known."},
    {"meeting": "de", "rec": "Protect defence lawyers", "person": "Katrin Vollmer-Hesse",
     "point": "Reprisals against lawyers in political cases set a dangerous precedent.",
     "response": "Will speak of lawyers' independence in general terms; reluctant to take up "
                 "one lawyer's case.",
     "stance": Stance.NON_COMMITTAL,
     "reply": "Frame it as a pattern affecting every defendant's right to a defence."},
    {"meeting": "mep", "rec": "Raise individual cases publicly", "person": "Aurelio Tessarin",
     "point": "Ask the EEAS to name cases in its statement after the dialogue.",
     "response": "Will press the EEAS on public naming and raise it in the subcommittee.",
     "stance": Stance.SUPPORTIVE,
     "reply": "Offer a short list of cases cleared for naming."},
    {"meeting": "mep", "case": "Atajurt movement activists", "person": "Maren Oyelaran",
     "point": "Nineteen activists on trial for a peaceful protest about Chinese policy.",
     "response": "Cautious because of the China angle; wants the details of the charges first.",
     "stance": Stance.NON_COMMITTAL,
     "reply": "Send a summary of the indictment and stress that the protest was peaceful."},
)

#: Follow-ups: "owner" is a user key (ours) or a person's name (theirs); days relative to today.
FOLLOW_UPS: tuple[_FollowUpSpec, ...] = (
    {"meeting": "gov-2025", "direction": Direction.OURS, "owner": "amina", "due": -280,
     "description": "Send the MFA a written list of the imprisoned critics we raised",
     "status": FollowUpStatus.DONE, "closed": -283, "rec": "Release jailed critics",
     "outcome": "List e-mailed to the deputy minister's office; receipt acknowledged."},
    {"meeting": "gov-2025", "direction": Direction.THEIRS, "owner": "Nurlan Zhaksygeldin",
     "due": -250, "status": FollowUpStatus.BROKEN, "closed": -240,
     "description": "Send a written update on how civil society input is used in the new NGO law",
     "rec": "Hear independent CSOs on the NGO law",
     "outcome": "Nothing received by the due date despite two reminders via the EU Delegation."},
    {"meeting": "eeas", "direction": Direction.OURS, "owner": "amina", "due": -14,
     "description": "Send the EEAS desk a one-page update on Marat Zhylanbaev's health and "
                    "contacts", "case": "Marat Zhylanbaev"},
    {"meeting": "eeas", "direction": Direction.THEIRS, "owner": "Sofie Brandt-Larsen", "due": -7,
     "description": "Confirm whether the EU's post-dialogue statement will name individual cases",
     "rec": "Raise individual cases publicly"},
    {"meeting": "de", "direction": Direction.OURS, "owner": "jonas", "due": -3,
     "description": "Share our trial-monitoring notes on the Bazhkenova case with the embassy",
     "case": "Gulnara Bazhkenova"},
    {"meeting": "de", "direction": Direction.THEIRS, "owner": "Katrin Vollmer-Hesse", "due": 4,
     "description": "Find out whether embassy staff can attend the next Bazhkenova hearing",
     "case": "Gulnara Bazhkenova"},
    {"meeting": "mep", "direction": Direction.OURS, "owner": "jonas", "due": 2,
     "description": "Draft a background note on the Atajurt trial for the MEP's office",
     "case": "Atajurt movement activists"},
    {"meeting": "mep", "direction": Direction.THEIRS, "owner": "Aurelio Tessarin", "due": 20,
     "description": "Raise public naming of cases in the subcommittee exchange with the EEAS",
     "rec": "Raise individual cases publicly"},
    {"meeting": "eeas", "direction": Direction.OURS, "owner": "amina", "due": 8,
     "description": "Prepare the talking-point pack for the government delegation meeting"},
    {"meeting": "de", "direction": Direction.OURS, "owner": "amina", "due": -10,
     "description": "Send the attaché our legal analysis of the LGBTIQ+ 'propaganda' law",
     "status": FollowUpStatus.DONE, "closed": -11, "rec": "Repeal the LGBTIQ+ 'propaganda' ban",
     "outcome": "Analysis sent; the attaché shared it with the like-minded group."},
)


# --------------------------------------------------------------------------------------------
# Builders
# --------------------------------------------------------------------------------------------


@dataclass
class _Demo:
    """What the builders share: the session, the day, the counts and what was built so far."""

    session: Session
    today: date
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNT_KEYS, 0))
    source: Source | None = None
    users: dict[str, User] = field(default_factory=dict)
    orgs: dict[str, Organisation] = field(default_factory=dict)
    persons: dict[str, Person] = field(default_factory=dict)
    themes: dict[str, Theme] = field(default_factory=dict)
    recs: dict[str, Recommendation] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)
    events: dict[str, DialogueEvent] = field(default_factory=dict)
    meetings: dict[str, Meeting] = field(default_factory=dict)

    @property
    def paper(self) -> Source:
        """The briefing paper the findings, facts and recommendations cite."""
        if self.source is None:
            raise LookupError("the demo source is built before what cites it")
        return self.source

    def day(self, offset: int) -> date:
        """The date ``offset`` days from today."""
        return self.today + timedelta(days=offset)

    def at(self, offset: int, hour: int = 10) -> datetime:
        """A UTC datetime ``offset`` days from today at ``hour``:00."""
        return datetime.combine(self.day(offset), time(hour, 0), tzinfo=UTC)


def _find(session: Session, model, **key):
    """The first record of ``model`` matching ``key``, whatever its sensitivity."""
    stmt = select(model).filter_by(**key).order_by(model.id).limit(1)
    return session.scalars(unrestricted(stmt)).first()


def _get_or_create(demo: _Demo, model, count: str, key: dict, **values):
    """Return ``(record, created)``, creating the record from ``key`` and ``values`` if missing."""
    found = _find(demo.session, model, **key)
    if found is not None:
        return found, False
    record = model(**key, **values)
    demo.session.add(record)
    demo.counts[count] += 1
    return record, True


def seed_demo(session: Session, today: date | None = None) -> dict[str, int]:
    """Load the demo of preparing the 2026 EU-Kazakhstan Human Rights Dialogue; idempotent."""
    demo = _Demo(session=session, today=today or date.today())
    if _find(session, Source, title=SOURCE["title"]) is not None:
        return demo.counts
    for build in (_build_users, _build_organisations, _build_officials, _build_themes,
                  _build_source, _build_findings, _build_key_facts, _build_recommendations,
                  _build_cases, _build_events, _build_meetings, _build_raisings,
                  _build_follow_ups):
        build(demo)
        session.flush()
    return demo.counts


def _build_users(demo: _Demo) -> None:
    """The demo officers (nobody knows their random passwords; an admin can reset them)."""
    from app.security.passwords import hash_password

    for key, (email, name, role, clearance) in USERS.items():
        demo.users[key], _ = _get_or_create(
            demo, User, "users", {"email": email}, name=name, role=role, clearance=clearance,
            password_hash=hash_password(secrets.token_urlsafe(24)), is_active_account=True)


def _build_organisations(demo: _Demo) -> None:
    """EU institutions, the German embassy, Kazakh government bodies and the coalition CSOs."""
    for key, (name, acronym, kind, country, notes) in ORGANISATIONS.items():
        demo.orgs[key], _ = _get_or_create(
            demo, Organisation, "organisations", {"name": name}, acronym=acronym, kind=kind,
            country=country, notes=notes)


def _person(demo: _Demo, name: str, other_names=(), **values) -> Person:
    """Get or create a person and their other spellings."""
    person, _ = _get_or_create(demo, Person, "persons", {"full_name": name}, **values)
    demo.session.flush()
    for other, script in other_names:
        _get_or_create(demo, PersonName, "person_names", {"person_id": person.id, "name": other},
                       script=script)
    demo.persons[name] = person
    return person


def _build_officials(demo: _Demo) -> None:
    """Invented officials, diplomats and MEPs, with their posts over time."""
    for official in OFFICIALS:
        person = _person(demo, official["name"], official.get("names", ()),
                         country=official["country"], sensitivity=Sensitivity.NORMAL,
                         lawful_basis=OFFICIAL_BASIS, notes=FICTIONAL)
        for org_key, role, start, end in official["posts"]:
            _get_or_create(
                demo, Affiliation, "affiliations",
                {"person_id": person.id, "organisation_id": demo.orgs[org_key].id, "role": role},
                start_on=demo.day(start), end_on=None if end is None else demo.day(end))


def _build_themes(demo: _Demo) -> None:
    """The five themes of the briefing, and one nested theme."""
    for key, name, parent_key, position, description in THEMES:
        parent = demo.themes[parent_key] if parent_key else None
        if parent is not None:
            demo.session.flush()
        demo.themes[key], _ = _get_or_create(
            demo, Theme, "themes",
            {"name": name, "parent_id": parent.id if parent is not None else None},
            position=position, description=description)


def _build_source(demo: _Demo) -> None:
    """The joint IPHR/KIBHR briefing paper."""
    demo.source, _ = _get_or_create(
        demo, Source, "sources", {"title": SOURCE["title"]},
        publisher=SOURCE["publisher"], published_on=SOURCE["published_on"], url=SOURCE["url"])


def _build_findings(demo: _Demo) -> None:
    """Positive steps and concerns, one per item of the briefing, under their themes."""
    for theme_key, items in FINDINGS.items():
        for position, (polarity, text) in enumerate(items, start=1):
            _get_or_create(
                demo, Finding, "findings", {"source_id": demo.paper.id, "text": text},
                theme_id=demo.themes[theme_key].id, polarity=polarity, position=position,
                noted_on=PAPER_DATE)


def _build_key_facts(demo: _Demo) -> None:
    """Facts and figures for the packs, among them the CIVICUS Monitor rating."""
    for label, value, as_of in KEY_FACTS:
        _get_or_create(demo, KeyFact, "key_facts", {"label": label, "country": "Kazakhstan"},
                       value=value, as_of=as_of, source_id=demo.paper.id)


def _build_recommendations(demo: _Demo) -> None:
    """The 20 asks of the Kazakhstani authorities and our 2 asks of the EU, with status history."""
    rows = [(KAZAKHSTANI_AUTHORITIES, *row) for row in RECOMMENDATIONS]
    rows += [(EU, *row) for row in EU_RECOMMENDATIONS]
    for addressee, short_title, theme_keys, priority, text in rows:
        rec, created = _get_or_create(
            demo, Recommendation, "recommendations", {"text": text, "addressee": addressee},
            short_title=short_title, priority=priority, source_id=demo.paper.id,
            status=ImplementationStatus.NOT_STARTED)
        if created:
            rec.themes = [demo.themes[key] for key in theme_keys]
        demo.recs[short_title] = rec
    demo.session.flush()
    for short_title, (status, days_ago, evidence) in STATUS_CHANGES.items():
        _status_change(demo, demo.recs[short_title], status, demo.day(-days_ago), evidence)


def _status_change(demo: _Demo, rec: Recommendation, status: ImplementationStatus,
                   changed_on: date, evidence: str) -> None:
    """Record one dated change of a recommendation's status (and apply it if new)."""
    _, created = _get_or_create(
        demo, RecommendationStatusChange, "recommendation_status_changes",
        {"recommendation_id": rec.id, "to_status": status, "changed_on": changed_on},
        from_status=rec.status, evidence=evidence, recorded_by_id=demo.users["amina"].id)
    if created:
        rec.status = status


def _build_cases(demo: _Demo) -> None:
    """The named individuals of the briefing and two group cases, with dated updates."""
    for spec in CASES:
        person = _person(demo, spec["name"], spec["names"], country="Kazakhstan",
                         sensitivity=spec["sensitivity"], lawful_basis=CASE_BASIS)
        _case(demo, spec["name"], spec, person=person, sensitivity=spec["sensitivity"],
              may_be_named=spec["may_be_named"])
    for group in GROUP_CASES:
        _case(demo, group["title"], group, person=None, sensitivity=Sensitivity.NORMAL,
              may_be_named=True)


def _case(demo: _Demo, title: str, spec: _CaseSpec, **values) -> None:
    """Get or create one case with its themes and updates."""
    person = values.pop("person")
    case, created = _get_or_create(
        demo, Case, "cases", {"title": title},
        person_id=person.id if person is not None else None, is_group=person is None,
        charges=spec["charges"], status=spec["status"], summary=spec["summary"],
        notes=spec.get("notes"), **values)
    if created:
        case.themes = [demo.themes[key] for key in spec["themes"]]
    demo.session.flush()
    demo.cases[title] = case
    for when, text, new_status, internal in spec["updates"]:
        happened_on = demo.day(when) if isinstance(when, int) else when
        _get_or_create(demo, CaseUpdate, "case_updates", {"case_id": case.id, "text": text},
                       happened_on=happened_on, new_status=new_status, is_internal=internal,
                       recorded_by_id=demo.users["amina"].id)


def _build_events(demo: _Demo) -> None:
    """Last year's dialogue round and the coming one."""
    for key, (title, start, place, objectives) in EVENTS.items():
        demo.events[key], _ = _get_or_create(
            demo, DialogueEvent, "events", {"title": title}, kind=EventKind.DIALOGUE,
            starts_on=demo.day(start), ends_on=demo.day(start), place=place,
            counterpart_country="Kazakhstan", objectives=objectives,
            created_by_id=demo.users["amina"].id)


def _build_meetings(demo: _Demo) -> None:
    """The meetings of both rounds, with attendees and themes."""
    for key, spec in MEETINGS.items():
        lead = demo.users[spec["ours"][0]]
        meeting, created = _get_or_create(
            demo, Meeting, "meetings", {"title": spec["title"]},
            event_id=demo.events[spec["event"]].id, starts_at=demo.at(spec["day"]),
            ends_at=demo.at(spec["day"], hour=11), place=spec["place"], format=spec["format"],
            purpose=spec["purpose"], objective=spec["objective"], notes=spec["notes"],
            outcome=spec["outcome"], status=spec["status"], created_by_id=lead.id)
        if created:
            meeting.our_attendees = [demo.users[k] for k in spec["ours"]]
            meeting.their_attendees = [demo.persons[name] for name in spec["theirs"]]
            meeting.themes = [demo.themes[k] for k in spec["themes"]]
        demo.meetings[key] = meeting


def _build_raisings(demo: _Demo) -> None:
    """What was raised at the held meetings, with whom, and how they answered."""
    for spec in RAISINGS:
        meeting = demo.meetings[spec["meeting"]]
        rec = demo.recs[spec["rec"]] if "rec" in spec else None
        case = demo.cases[spec["case"]] if "case" in spec else None
        _get_or_create(
            demo, Raising, "raisings",
            {"meeting_id": meeting.id, "recommendation_id": rec.id if rec else None,
             "case_id": case.id if case else None,
             "person_id": demo.persons[spec["person"]].id},
            talking_point=spec["point"], response=spec["response"], stance=spec["stance"],
            our_reply=spec["reply"], created_by_id=meeting.created_by_id)


def _build_follow_ups(demo: _Demo) -> None:
    """Commitments from the meetings, ours and theirs, with their change history."""
    for spec in FOLLOW_UPS:
        meeting = demo.meetings[spec["meeting"]]
        ours = spec["direction"] is Direction.OURS
        owner_user = demo.users[spec["owner"]] if ours else None
        status = spec.get("status", FollowUpStatus.OPEN)
        closed_at = demo.at(spec["closed"], hour=16) if "closed" in spec else None
        rec = demo.recs[spec["rec"]] if "rec" in spec else None
        case = demo.cases[spec["case"]] if "case" in spec else None
        follow_up, _ = _get_or_create(
            demo, FollowUp, "follow_ups",
            {"meeting_id": meeting.id, "description": spec["description"]},
            direction=spec["direction"], owner_user_id=owner_user.id if owner_user else None,
            owner_person_id=None if ours else demo.persons[spec["owner"]].id,
            due_on=demo.day(spec["due"]), status=status, outcome=spec.get("outcome"),
            closed_at=closed_at, recommendation_id=rec.id if rec else None,
            case_id=case.id if case else None, created_by_id=meeting.created_by_id)
        demo.session.flush()
        _follow_up_history(demo, follow_up, meeting, owner_user, closed_at)


def _follow_up_history(demo: _Demo, follow_up: FollowUp, meeting: Meeting,
                       owner_user: User | None, closed_at: datetime | None) -> None:
    """The "created" row, and the closing row for done or broken follow-ups."""
    _get_or_create(
        demo, FollowUpChange, "follow_up_changes", {"follow_up_id": follow_up.id,
                                                    "action": "created"},
        to_status=FollowUpStatus.OPEN.value, to_due_on=follow_up.due_on,
        changed_at=meeting.starts_at, changed_by_id=owner_user.id if owner_user else None)
    if follow_up.status is FollowUpStatus.OPEN:
        return
    _get_or_create(
        demo, FollowUpChange, "follow_up_changes",
        {"follow_up_id": follow_up.id, "action": follow_up.status.value},
        from_status=FollowUpStatus.OPEN.value, to_status=follow_up.status.value,
        note=follow_up.outcome, changed_at=closed_at,
        changed_by_id=(owner_user or demo.users["amina"]).id)
