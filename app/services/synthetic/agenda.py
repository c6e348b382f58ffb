"""Synthetic themes (a tree three levels deep), sources with findings and key facts,
recommendations with their status histories, cases with their updates, and dialogue events."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from app.models import (
    Case,
    CaseStatus,
    CaseUpdate,
    DialogueEvent,
    EventKind,
    Finding,
    ImplementationStatus,
    KeyFact,
    Polarity,
    Recommendation,
    RecommendationStatusChange,
    Source,
    Theme,
    case_themes,
    recommendation_themes,
)
from app.models.parties import party_of
from app.services.synthetic import names, texts
from app.services.synthetic import words as w
from app.services.synthetic.world import LEVELS, PLANNED_DAYS, World

TRACKED = ("created_at", "updated_at", "version", "archived_at", "created_by_id",
           "updated_by_id")
#: How a case usually develops, step by step.
CASE_PATHS = (
    ("under_investigation", "on_trial", "convicted", "detained"),
    ("under_investigation", "detained", "on_trial", "convicted", "released"),
    ("under_investigation", "on_trial", "released"),
    ("under_investigation", "closed"),
    ("detained", "on_trial", "convicted"),
)
STATUS_PATHS = (("in_progress", "partial", "implemented"), ("in_progress", "rejected"),
                ("rejected", "in_progress"), ("partial",), ("in_progress",))


def _at(day, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=UTC)


def write_themes(world: World) -> None:
    """Areas, their sub-topics and some sub-sub-topics: ``scale.themes`` in all."""
    rng = world.rng("themes")
    n = world.scale.themes
    top = min(len(w.THEME_AREAS), max(2, round(n * 0.07)))
    second = max(top + 1, round((n - top) * 0.55))
    areas = list(w.THEME_AREAS)
    rng.shuffle(areas)
    areas = areas[:top]
    table = Theme.__table__
    out = world.writer(table, ("id", "name", "parent_id", "description", "position", *TRACKED), n)
    next_id = world.first_id(table)

    def add(name: str, parent: int | None, position: int) -> int:
        nonlocal next_id
        theme_id, next_id = next_id, next_id + 1
        created = world.start + timedelta(hours=rng.randint(1, 48))
        stamp = world.tracked(rng, created, world.writer_for(rng), updated_share=0.1)
        description = (f"Everything on {texts.lower_first(name)}." if rng.random() < 0.4
                       else None)
        out.add((theme_id, name, parent, description, position, *stamp[:3], None, *stamp[3:]))
        world.theme_names[theme_id] = name
        if parent is not None:
            world.topic_ids.append(theme_id)
        return theme_id

    area_ids = [add(area, None, number) for number, (area, _) in enumerate(areas, start=1)]
    # Sub-topics: round-robin over the areas while they have some left.
    queues, index = [list(topics) for _, topics in areas], 0
    subtopics: list[tuple[int, str]] = []
    while len(subtopics) < second and any(queues):
        slot, index = index % top, index + 1
        if queues[slot]:
            name = queues[slot].pop(0)
            position = len(areas[slot][1]) - len(queues[slot])
            subtopics.append((add(name, area_ids[slot], position), name))
    # The rest one level lower: an aspect of a sub-topic ("Court practice on …").
    aspects = len(w.THEME_ASPECTS)
    for index in range(n - top - len(subtopics)):
        parent_id, parent_name = subtopics[index % len(subtopics)]
        turn = index // len(subtopics)
        name = w.THEME_ASPECTS[turn % aspects].format(topic=texts.lower_first(parent_name))
        add(name if turn < aspects else f"{name} ({turn // aspects + 1})", parent_id, turn + 1)
    world.count("themes", out.close())


def write_sources(world: World) -> None:
    """Briefing papers and reports, their findings (positive steps and concerns), key facts."""
    rng = world.rng("sources")
    table = Source.__table__
    out = world.writer(table, ("id", "title", "publisher", "published_on", "url", *TRACKED),
                       world.scale.sources)
    first = world.first_id(table)
    for number, created in enumerate(world.creation_times(rng, world.scale.sources, 0.1)):
        source_id = first + number
        country = rng.choice(w.COUNTERPARTS)
        publisher = f"{rng.choice(w.CSO_ADJECTIVES)} {rng.choice(w.CSO_NOUNS)} " \
            f"{rng.choice(w.CSO_TYPES)}"
        title = f"{rng.choice(w.PUBLISHER_KINDS)}: {country}, {created.year}"
        published = created.date() - timedelta(days=rng.randint(0, 20))
        url = (f"https://{names.ascii_slug(publisher)[:20]}.example/reports/{source_id}"
               if rng.random() < 0.6 else None)
        stamp = world.tracked(rng, created, world.writer_for(rng))
        out.add((source_id, title, publisher, published, url, *stamp[:3], None, *stamp[3:]))
        world.source_dates[source_id] = published
    world.count("sources", out.close())

    table = Finding.__table__
    out = world.writer(table, ("id", "theme_id", "source_id", "polarity", "text", "noted_on",
                               "position", *TRACKED), world.scale.findings, label="findings")
    first, sources = world.first_id(table), sorted(world.source_dates)
    themes = list(world.theme_names)
    for number in range(world.scale.findings):
        source_id = sources[number % len(sources)]
        theme_id = rng.choice(themes)
        positive = rng.random() < 0.3
        noted = world.source_dates[source_id]
        stamp = world.tracked(rng, max(world.start, _at(noted)), world.writer_for(rng))
        out.add((first + number, theme_id, source_id,
                 Polarity.POSITIVE if positive else Polarity.CONCERN,
                 texts.finding(rng, positive, world.theme_names[theme_id]), noted,
                 number // len(sources) + 1, *stamp[:3], None, *stamp[3:]))
    world.count("findings", out.close())

    table = KeyFact.__table__
    out = world.writer(table, ("id", "label", "value", "country", "as_of", "source_id",
                               *TRACKED), label="key_facts")
    first = world.first_id(table)
    for number, country in enumerate(w.COUNTERPARTS):
        for offset, (label, value) in enumerate((
                ("Civic space rating", (f"{rng.choice(('closed', 'repressed', 'obstructed'))}, "
                                       f"{rng.randint(8, 40)}/100")),
                ("Political prisoners documented", str(rng.randint(10, 400))),
                ("Press freedom rank", f"{rng.randint(100, 178)} of 180"))):
            stamp = world.tracked(rng, world.now - timedelta(days=rng.randint(5, 300)),
                                  world.writer_for(rng))
            out.add((first + number * 3 + offset, label, value, country,
                     stamp[0].date(), rng.choice(sources), *stamp[:3], None, *stamp[3:]))
    world.count("key_facts", out.close())


def write_recommendations(world: World) -> None:
    """Recommendations on sub-topics, from sources, each with a dated status history."""
    rng = world.rng("recommendations")
    table, links = Recommendation.__table__, recommendation_themes
    changes_table = RecommendationStatusChange.__table__
    out = world.writer(table, ("id", "text", "short_title", "addressee", "addressed_to",
                               "source_id", "priority", "status", *TRACKED),
                       world.scale.recommendations)
    linked = world.writer(links, ("recommendation_id", "theme_id"),
                          label="recommendation_themes", parents=(out,))
    history = world.writer(changes_table, (
        "id", "recommendation_id", "from_status", "to_status", "changed_on", "evidence",
        "recorded_at", "recorded_by_id"), label="recommendation_status_changes", parents=(out,))
    first, change_id = world.first_id(table), world.first_id(changes_table)
    sources = list(world.source_dates)
    for number in range(world.scale.recommendations):
        rec_id = first + number
        themes = rng.sample(world.topic_ids, k=min(len(world.topic_ids), rng.choice((1, 1, 2))))
        title, text = texts.recommendation(rng, world.theme_names[themes[0]])
        source_id = rng.choice(sources)
        created = max(world.start, _at(world.source_dates[source_id], 11))
        creator = world.writer_for(rng)
        status, moment, version, editor = "not_started", created, 1, creator
        path = rng.choice(STATUS_PATHS)[:rng.choice((0, 0, 1, 1, 2, 3))]
        changes = []
        for step in path:
            moment = world.between(rng, moment, min(moment + timedelta(days=400), world.now))
            editor = world.writer_for(rng)
            changes.append((change_id, rec_id, ImplementationStatus(status),
                         ImplementationStatus(step), moment.date(),
                         (f"{rng.choice(('Decree', 'Court ruling', 'Law', 'Partner report'))} "
                         f"of {moment.date():%d %B %Y}."), moment, editor.id))
            change_id, status, version = change_id + 1, step, version + 1
        addressee = texts.addressee(rng.choice(w.COUNTERPARTS), rng)
        # Bypasses the model: the addressee is read here as the model reads it.
        out.add((rec_id, text, title, addressee, party_of(addressee), source_id,
                 rng.choice((1, 2, 2, 3, 3, 3, 4, 5)), ImplementationStatus(status), created,
                 moment, version, None, creator.id, editor.id))
        history.extend(changes)
        linked.extend((rec_id, theme_id) for theme_id in themes)
        world.rec_ids.append(rec_id)
        world.rec_titles[rec_id] = title
        world.rec_timeline.append((created, rec_id))
    world.rec_timeline.sort()
    world.count("recommendations", out.close())
    world.count("recommendation_themes", linked.close())
    world.count("recommendation_status_changes", history.close())


def write_cases(world: World) -> None:
    """Cases of activists, journalists and lawyers (restricted persons first) and of groups,
    each with dated updates that move its status."""
    rng = world.rng("cases")
    n = world.scale.cases
    table, updates_table = Case.__table__, CaseUpdate.__table__
    out = world.writer(table, ("id", "title", "person_id", "is_group", "charges", "status",
                               "summary", "sensitivity", "may_be_named", "notes", *TRACKED), n)
    linked = world.writer(case_themes, ("case_id", "theme_id"), label="case_themes",
                          parents=(out,))
    updates = world.writer(updates_table, (
        "id", "case_id", "happened_on", "text", "new_status", "is_internal", "recorded_at",
        "recorded_by_id", "archived_at"), label="case_updates", parents=(out,))
    first, update_id = world.first_id(table), world.first_id(updates_table)
    individuals = world.civil_society[:round(n * 0.75)]
    for number in range(n):
        case_id = first + number
        person_id = individuals[number] if number < len(individuals) else None
        town = names.town(rng)
        themes = rng.sample(list(world.theme_names), k=rng.choice((1, 2)))
        topic = world.theme_names[themes[0]]
        if person_id is not None:
            title, person_rank = world.person_name[person_id], world.person_rank.get(person_id, 0)
            rank = max(person_rank, 1 if rng.random() < 0.1 else 0)
            who = rng.choice(("Journalist", "Activist", "Blogger", "Lawyer", "Trade unionist"))
            created = world.person_created[person_id - world.person_ids[0]]
        else:
            title = rng.choice((f"{rng.randint(3, 30)} activists from {town}",
                                f"The '{names.local_word(rng)}' movement",
                                f"{town} protesters"))
            rank, person_rank, who = (1 if rng.random() < 0.15 else 0), 0, "A group"
            created = world.start
        created = world.between(rng, created, world.now - timedelta(days=30))
        creator = world.writer_for(rng, max(rank, person_rank))
        path = rng.choice(CASE_PATHS)
        steps = path[:rng.randint(1, len(path))]
        moment, editor, developments = created, creator, []
        for step_number, step in enumerate(steps):
            internal = rng.random() < 0.1
            moment = world.between(rng, moment, min(moment + timedelta(days=300), world.now))
            editor = world.writer_for(rng, max(rank, person_rank))
            developments.append((update_id, case_id, moment.date(),
                                 texts.case_update(rng, step, town, internal),
                                 CaseStatus(step) if step_number else None, internal, moment,
                                 editor.id, None))
            update_id += 1
        level = LEVELS[rank]
        notes = rng.choice(texts.CASE_NOTES) if rng.random() < 0.4 else None
        out.add((case_id, title, person_id, person_id is None, texts.charges(rng),
                 CaseStatus(steps[-1]), texts.case_summary(rng, who, town, topic), level,
                 rank == 0 and person_rank == 0 and rng.random() < 0.7, notes, created, moment,
                 len(steps), None, creator.id, editor.id))
        updates.extend(developments)
        linked.extend((case_id, theme_id) for theme_id in themes)
        world.case_info[case_id] = (title, max(rank, person_rank))
        world.case_timeline.append((created, case_id))
    world.case_timeline.sort()
    world.count("cases", out.close())
    world.count("case_themes", linked.close())
    world.count("case_updates", updates.close())


def write_events(world: World) -> None:
    """Dialogue rounds, subcommittees, UPR sessions and conferences over the history, a few
    still to come."""
    rng = world.rng("events")
    n = world.scale.events
    table = DialogueEvent.__table__
    out = world.writer(table, ("id", "title", "kind", "starts_on", "ends_on", "place",
                               "counterpart_country", "objectives", *TRACKED), n)
    first = world.first_id(table)
    span = (world.now - world.start).days + PLANNED_DAYS
    days = sorted(world.start.date() + timedelta(days=rng.randint(30, span)) for _ in range(n))
    topics = list(world.theme_names.values())
    for number, starts_on in enumerate(days):
        event_id, country = first + number, rng.choice(w.COUNTERPARTS)
        kind = rng.choices(list(EventKind), weights=(0.35, 0.25, 0.1, 0.2, 0.1))[0]
        title = {
            EventKind.DIALOGUE: f"EU-{country} Human Rights Dialogue {starts_on.year}",
            EventKind.SUBCOMMITTEE: f"EU-{country} Subcommittee on Justice and Home Affairs "
                                    f"{starts_on.year}",
            EventKind.UPR_SESSION: f"UPR review of {country}, {starts_on:%B %Y}",
            EventKind.CONFERENCE: f"Conference on {texts.lower_first(rng.choice(topics))}, "
                                  f"{starts_on.year}",
            EventKind.OTHER: f"Civil society forum {starts_on:%B %Y}",
        }[kind]
        place = rng.choice(("Brussels", "Geneva", names.town(rng), "Online"))
        created = max(world.start, min(world.now, _at(starts_on) - timedelta(
            days=rng.randint(30, 120))))
        stamp = world.tracked(rng, created, world.writer_for(rng))
        out.add((event_id, title, kind, starts_on, starts_on + timedelta(days=rng.randint(0, 2)),
                 place, country, texts.event_objectives(rng, rng.sample(topics, k=min(3, len(topics)))),
                 *stamp[:3], None, *stamp[3:]))
        world.events.append((event_id, starts_on, title))
    world.count("events", out.close())
