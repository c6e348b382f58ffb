"""Synthetic users, organisations, persons (with other spellings) and their posts over time."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from sqlalchemy import select, update

from app.models import Affiliation, Organisation, OrganisationKind, Person, PersonName, Role, User
from app.models.users import new_token
from app.security.field_crypto import email_lookup
from app.services.synthetic import names, texts
from app.services.synthetic import words as w
from app.services.synthetic.guard import SYNTHETIC_DOMAIN
from app.services.synthetic.world import LEVELS, RANK, World, Writer

#: Share of each kind among the organisations.
ORG_KINDS = {"eu_institution": 0.04, "member_state": 0.25, "government": 0.27, "cso": 0.24,
             "media": 0.12, "intergovernmental": 0.04, "other": 0.04}
#: Where persons work, by the origin of their name.
CENTRAL_ASIAN_SPHERES = {"government": 0.35, "cso": 0.33, "media": 0.2,
                         "intergovernmental": 0.06, "other": 0.06}
EUROPEAN_SPHERES = {"eu_institution": 0.35, "member_state": 0.45, "intergovernmental": 0.1,
                    "cso": 0.05, "media": 0.03, "other": 0.02}
#: Shares of persons that are confidential and at risk (10 % restricted in all).
CONFIDENTIAL, AT_RISK = 0.06, 0.04
PHONE_CODES = {"Kazakhstan": "+7", "Kyrgyzstan": "+996", "Uzbekistan": "+998",
               "Tajikistan": "+992", "Turkmenistan": "+993"}


def _pick(rng, shares: dict[str, float]) -> str:
    return rng.choices(list(shares), weights=list(shares.values()))[0]


def write_users(world: World, password_hash: str) -> None:
    """The synthetic officers: a few admins and viewers, officers of every clearance.

    Their e-mails end in ``@`` :data:`SYNTHETIC_DOMAIN`; a second run reuses an account that
    exists already (its password is set to the new one)."""
    rng = world.rng("users")
    n = world.scale.users
    admins, viewers = max(1, round(n * 0.06)), max(1, round(n * 0.1))
    roles = [Role.ADMIN] * admins + [Role.VIEWER] * viewers + [Role.OFFICER] * (n - admins - viewers)
    table = User.__table__
    existing = dict(world.connection.execute(
        select(table.c.email, table.c.id).where(table.c.email.like(f"%@{SYNTHETIC_DOMAIN}")))
        .tuples().all())
    out = world.writer(table, ("id", "email", "name", "password_hash", "role", "clearance",
                               "is_active_account", "session_token", "created_at"), n)
    next_id, taken, officers = world.first_id(table), set(), 0
    for role in roles:
        given, family, _ = (names.central_asian_name(rng) if rng.random() < 0.5
                            else names.european_name(rng))
        if role is Role.ADMIN:
            clearance = LEVELS[-1]
        elif role is Role.VIEWER:
            clearance = LEVELS[1] if rng.random() < 0.2 else LEVELS[0]
        else:
            clearance = LEVELS[officers % 3] if officers < 3 else rng.choices(
                LEVELS, weights=(0.4, 0.35, 0.25))[0]
            officers += 1
        local = f"{names.ascii_slug(given)}.{names.ascii_slug(family)}"
        email = f"{local}@{SYNTHETIC_DOMAIN}"
        number = 1
        while email in taken:
            number += 1
            email = f"{local}{number}@{SYNTHETIC_DOMAIN}"
        taken.add(email)
        created = world.start + timedelta(minutes=rng.randint(0, 120))
        if email in existing:
            user_id = existing[email]
            world.connection.execute(update(table).where(table.c.id == user_id).values(
                password_hash=password_hash, is_active_account=True))
        else:
            user_id, next_id = next_id, next_id + 1
            out.add((user_id, email, f"{given} {family}", password_hash, role, clearance, True,
                     new_token(), created))
        if role is not Role.VIEWER:
            world.writers.append(Writer(user_id, RANK[clearance]))
    out.close()
    world.count("users", n)
    world.cleared = {rank: [u for u in world.writers if u.rank >= rank] for rank in range(3)}


def write_organisations(world: World) -> None:
    """Organisations of every kind, with unique invented names."""
    rng = world.rng("organisations")
    n = world.scale.organisations
    table = Organisation.__table__
    out = world.writer(table, ("id", "name", "acronym", "kind", "country", "notes", "created_at",
                               "updated_at", "version", "archived_at", "created_by_id",
                               "updated_by_id"), n)
    first, kinds = world.first_id(table), list(ORG_KINDS)
    # Every kind at least once, then by their shares.
    chosen = kinds[:n] + [_pick(rng, ORG_KINDS) for _ in range(n - len(kinds))]
    places = names.towns(world.rng("towns"))
    themes = list(world.theme_names.values())
    pools = {kind: names.organisation_names(rng, kind, chosen.count(kind), places)
             for kind in kinds}
    for number, created in enumerate(world.creation_times(rng, n)):
        org_id, kind = first + number, chosen[number]
        name, country = pools[kind].pop()
        short = names.acronym(name) if kind in ("cso", "intergovernmental", "eu_institution") \
            else None
        topic = rng.choice(themes)
        notes = f"Main contact point on {texts.lower_first(topic)}." if rng.random() < 0.2 \
            else None
        stamp = world.tracked(rng, created, world.writer_for(rng))
        archived = world.between(rng, stamp[1], world.now) if rng.random() < 0.01 else None
        out.add((org_id, name, short, OrganisationKind(kind), country, notes, stamp[0], stamp[1],
                 stamp[2], archived, stamp[3], stamp[4]))
        world.org_ids.append(org_id)
        world.org_created.append(created)
        world.org_kind[org_id] = kind
        world.org_short[org_id] = short or name
        world.orgs_by_kind.setdefault(kind, []).append(org_id)
    world.count("organisations", out.close())


def _sensitivities(rng, n: int, candidates: list[int]) -> dict[int, int]:
    """Person index -> rank for the restricted ones, chosen among ``candidates`` first."""
    wanted_risk, wanted_conf = round(n * AT_RISK), round(n * CONFIDENTIAL)
    pool, chosen = candidates[:], set(candidates)
    rng.shuffle(pool)
    others = [i for i in range(n) if i not in chosen]
    rng.shuffle(others)
    pool += others
    ranks = dict.fromkeys(pool[:wanted_risk], 2)
    ranks.update(dict.fromkeys(pool[wanted_risk:wanted_risk + wanted_conf], 1))
    return ranks


def write_persons(world: World) -> None:
    """Persons with their other spellings and posts; 10 % confidential or at risk."""
    rng = world.rng("persons")
    n, posts = world.scale.persons, world.scale.affiliations
    times = world.creation_times(rng, n)
    people = []
    for _ in range(n):
        central = rng.random() < 0.55
        sphere = _pick(rng, CENTRAL_ASIAN_SPHERES if central else EUROPEAN_SPHERES)
        people.append((names.person_name(rng, central), sphere))
    candidates = [i for i, (nm, sphere) in enumerate(people)
                  if nm.origin == "central_asian" and sphere in ("cso", "media")]
    ranks = _sensitivities(rng, n, candidates)
    # Posts: one for everybody while there are enough, the rest spread at random.
    per_person = Counter(range(min(n, posts)))
    per_person.update(rng.choices(range(n), k=max(0, posts - n)))

    person_table, names_table = Person.__table__, PersonName.__table__
    post_table = Affiliation.__table__
    first = world.first_id(person_table)
    out = world.writer(person_table, (
        "id", "full_name", "email", "email_lookup", "phone", "country", "sensitivity",
        "lawful_basis", "consent_note", "notes", "erased_at", "created_at", "updated_at",
        "version", "archived_at", "created_by_id", "updated_by_id"), n)
    spelled = world.writer(names_table, ("id", "person_id", "name", "script"),
                           label="person_names", parents=(out,))
    posted = world.writer(post_table, (
        "id", "person_id", "organisation_id", "role", "start_on", "end_on", "created_at",
        "updated_at", "version", "archived_at", "created_by_id", "updated_by_id"), posts,
        label="affiliations", parents=(out,))
    name_id, post_id = world.first_id(names_table), world.first_id(post_table)
    for index, ((name, sphere), created) in enumerate(zip(people, times, strict=False)):
        person_id, rank = first + index, ranks.get(index, 0)
        creator = world.writer_for(rng, rank)
        org_ids = _posts(world, rng, sphere, per_person[index])
        out.add(_person_row(world, rng, person_id, name, sphere, rank, created, creator,
                            org_ids[-1] if org_ids else None))
        day = (created - timedelta(days=rng.randint(200, 3000))).date()
        for number, org_id in enumerate(org_ids):
            last = number == len(org_ids) - 1
            start_on = min(day, world.today - timedelta(days=1))
            end_on = None if last and rng.random() < 0.9 else max(start_on, min(
                start_on + timedelta(days=rng.randint(180, 1500)), world.today - timedelta(days=1)))
            day = (end_on or start_on) + timedelta(days=rng.randint(1, 60))
            role = rng.choice(w.ROLES[world.org_kind[org_id]])
            stamp = world.tracked(rng, created, creator, rank, updated_share=0.1)
            posted.add((post_id, person_id, org_id, role, start_on, end_on, *stamp[:3], None,
                        *stamp[3:]))
            post_id += 1
            world.staff.setdefault(org_id, []).append(person_id)
        for spelling, script in name.other_spellings:
            spelled.add((name_id, person_id, spelling, script))
            name_id += 1
        world.person_ids.append(person_id)
        world.person_created.append(created)
        world.person_name[person_id] = name.full_name
        if rank:
            world.person_rank[person_id] = rank
    world.civil_society = ([first + i for i in candidates if i in ranks]
                           + [first + i for i in candidates if i not in ranks])
    world.count("persons", out.close())
    world.count("person_names", spelled.close())
    world.count("affiliations", posted.close())


def _posts(world: World, rng, sphere: str, n: int) -> list[int]:
    """``n`` organisations a person worked at, mostly of their sphere's kind."""
    same = world.orgs_by_kind.get(sphere) or world.org_ids
    return [rng.choice(same if rng.random() < 0.85 else world.org_ids) for _ in range(n)]


def _person_row(world: World, rng, person_id: int, name, sphere: str, rank: int, created,
                creator: Writer, org_id: int | None) -> tuple:
    """One row of persons: contacts (encrypted by the column type), basis, notes, stamps."""
    central = name.origin == "central_asian"
    country = rng.choice(w.COUNTERPARTS) if central else (
        rng.choice(w.MEMBER_STATES) if rng.random() < 0.8 else None)
    email = None
    if rng.random() < 0.75:
        domain = names.ascii_slug(world.org_short[org_id])[:24] if org_id else "mail"
        email = (f"{names.ascii_slug(name.given)}.{names.ascii_slug(name.family)}"
                 f"@{domain or 'mail'}.example")
    # Invented numbers with the area code 000, which no numbering plan gives out.
    phone = (f"{PHONE_CODES.get(country or '', '+32')} 000 {rng.randint(100, 999)} "
             f"{rng.randint(10, 99)} {rng.randint(10, 99)}") if rng.random() < 0.5 else None
    official = sphere in ("eu_institution", "member_state", "government", "intergovernmental")
    basis = texts.LAWFUL_BASES[0] if official else rng.choice(texts.LAWFUL_BASES[1:])
    consent = (texts.consent_note(rng, created.date()) if basis == texts.LAWFUL_BASES[2]
               else None)
    notes = rng.choice(texts.PERSON_NOTES) if rng.random() < 0.3 else None
    stamp = world.tracked(rng, created, creator, rank)
    archived = world.between(rng, stamp[1], world.now) if rng.random() < 0.01 else None
    return (person_id, name.full_name, email, email_lookup(email), phone, country, LEVELS[rank],
            basis, consent, notes, None, stamp[0], stamp[1], stamp[2], archived, stamp[3],
            stamp[4])
