"""Matching a parsed paper against the records Parley already holds.

Themes match by name (and an item the paper left outside any theme gets suggestions from the
theme names Parley holds and the paper's own, :mod:`.suggest`), findings and recommendations by text, persons by full name or any other
spelling (case, accents, quotes and dashes ignored), group cases by title, key facts by label
and value: an exact match is reused, never duplicated. Near spellings (rapidfuzz) are offered
as a "possible match" the officer may choose instead of creating a new record.

Persons and cases are matched through the visibility rule: one above the officer's clearance
counts as not held, so the preview reads exactly as if it did not exist (no existence oracle).
A new person who may be the twin of a restricted one goes to the review queue when saved
(:mod:`app.services.data_protection.review_queue`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Case, Finding, KeyFact, Person, PersonName, Recommendation, Source, Theme
from app.services.imports.briefing.lines import normalise
from app.services.imports.briefing.model import (
    POSITIVE,
    Briefing,
    ParsedFact,
    ParsedFinding,
    ParsedGroup,
    ParsedPerson,
    ParsedRecommendation,
)
from app.services.imports.briefing.suggest import suggest_themes

#: Scores (0-100) from which a near spelling is offered as a possible match.
PERSON_CUTOFF = 85
GROUP_CUTOFF = 75

#: What a plan item was read from (the source and the themes keep none).
Parsed = ParsedFinding | ParsedRecommendation | ParsedFact | ParsedPerson | ParsedGroup
P = TypeVar("P", bound=Parsed)


@dataclass
class PossibleMatch:
    """An existing record that may be the same as a new item."""

    record_id: int
    label: str
    score: int


@dataclass
class PlanItem:
    """One thing the import would create, or an existing record it matched."""

    key: str
    kind: str
    label: str
    detail: str = ""
    existing_id: int | None = None
    existing_label: str | None = None
    possible: list[PossibleMatch] = field(default_factory=list)
    #: For persons: whether a case about them exists already.
    has_case: bool = False
    payload: Parsed | None = None
    #: For a finding or recommendation outside any theme: theme names that may fit it.
    suggestions: list[str] = field(default_factory=list)

    @property
    def unthemed(self) -> bool:
        """True for a finding or recommendation the paper put under no theme."""
        return (isinstance(self.payload, (ParsedFinding, ParsedRecommendation))
                and self.payload.theme is None)

    def parsed(self, kind: type[P]) -> P:
        """What the item was read from, which must be a ``kind``."""
        if not isinstance(self.payload, kind):
            raise TypeError(f"plan item {self.key} holds no {kind.__name__}")
        return self.payload

    @property
    def is_match(self) -> bool:
        """True when an existing record will be used instead of creating one."""
        return self.existing_id is not None


@dataclass
class ImportPlan:
    """What saving the paper would create and what it matched."""

    briefing: Briefing
    items: list[PlanItem]
    #: Themes Parley holds, by normalised name: (id, name); for themes the officer types.
    known_themes: dict[str, tuple[int, str]] = field(default_factory=dict)

    def of_kind(self, kind: str) -> list[PlanItem]:
        """The items of one kind, in paper order."""
        return [item for item in self.items if item.kind == kind]

    def item(self, key: str) -> PlanItem | None:
        """The item with ``key``."""
        return next((item for item in self.items if item.key == key), None)

    @property
    def keys(self) -> list[str]:
        """Every item's key."""
        return [item.key for item in self.items]

    def link_choices(self) -> list[str]:
        """Allowed "key:record id" values for choosing a possible match instead of a new record."""
        return [f"{item.key}:{match.record_id}" for item in self.items for match in item.possible]

    def counts(self) -> dict[str, dict[str, int]]:
        """{kind: {"new": n, "matched": m}}."""
        result: dict[str, dict[str, int]] = {}
        for item in self.items:
            entry = result.setdefault(item.kind, {"new": 0, "matched": 0})
            entry["matched" if item.is_match else "new"] += 1
        return result


def _by_key(rows) -> dict[str, tuple[int, str]]:
    found: dict[str, tuple[int, str]] = {}
    for record_id, text in rows:
        found.setdefault(normalise(text), (record_id, text))
    return found


class _Index:
    """What Parley holds, keyed by normalised text, loaded once per plan.

    Persons and cases come through the visibility rule (what the reader may see); the other
    kinds are never restricted.
    """

    def __init__(self, session: Session):
        run = lambda stmt: session.execute(stmt).all()
        self.sources = _by_key(run(select(Source.id, Source.title)))
        self.themes = _by_key(run(select(Theme.id, Theme.name).where(Theme.archived_at.is_(None))))
        self.findings = _by_key(run(select(Finding.id, Finding.text)))
        self.recommendations = _by_key(run(select(Recommendation.id, Recommendation.text)))
        self.facts = {normalise(f"{label} | {value}"): (i, f"{label}: {value}") for i, label, value
                      in run(select(KeyFact.id, KeyFact.label, KeyFact.value))}
        persons: list[tuple[int, str]] = [(pid, name) for pid, name in run(
            select(Person.id, Person.full_name).where(Person.archived_at.is_(None)))]
        spellings = run(select(PersonName.person_id, PersonName.name))
        self.person_names = dict(persons)
        self.persons = _by_key(persons + [(pid, n) for pid, n in spellings
                                          if pid in self.person_names])
        cases = run(select(Case.id, Case.title, Case.person_id, Case.is_group)
                    .where(Case.archived_at.is_(None)))
        self.persons_with_case = {person_id for _, _, person_id, _ in cases if person_id}
        self.groups = _by_key((i, title) for i, title, _, is_group in cases if is_group)


def _possible(key: str, choices: dict[str, tuple[int, str]], cutoff: int, scorer,
              labels: dict[int, str] | None = None) -> list[PossibleMatch]:
    found, seen = [], set()
    for norm, score, _ in process.extract(key, list(choices), scorer=scorer, limit=5,
                                          score_cutoff=cutoff):
        record_id, text = choices[norm]
        if record_id not in seen:
            seen.add(record_id)
            found.append(PossibleMatch(record_id, labels.get(record_id, text) if labels else text,
                                       round(score)))
    return found[:3]


def _shorten(text: str, length: int = 200) -> str:
    """The sentence naming someone, cut to ``length`` characters for the preview."""
    return text if len(text) <= length else text[:length].rsplit(" ", 1)[0] + " …"


def plan_import(session: Session, briefing: Briefing) -> ImportPlan:
    """Match every parsed item against existing records and list what would be created."""
    index = _Index(session)
    items: list[PlanItem] = []

    def add(kind, label, found, detail="", payload=None, number=None):
        key = f"{kind}-{number if number is not None else len(items)}"
        item = PlanItem(key, kind, label, detail, payload=payload)
        if found is not None:
            item.existing_id, item.existing_label = found
        items.append(item)
        return item

    add("source", briefing.title, index.sources.get(normalise(briefing.title)), number=0)
    for n, name in enumerate(briefing.themes):
        add("theme", name, index.themes.get(normalise(name)), number=n)
    for n, finding in enumerate(briefing.findings):
        sign = "Positive step" if finding.polarity == POSITIVE else "Concern"
        add("finding", finding.text, index.findings.get(normalise(finding.text)), sign,
            finding, n)
    for n, rec in enumerate(briefing.recommendations):
        add("recommendation", rec.text, index.recommendations.get(normalise(rec.text)),
            f"Addressed to: {rec.addressee}", rec, n)
    for n, fact in enumerate(briefing.facts):
        add("fact", f"{fact.label}: {fact.value}",
            index.facts.get(normalise(f"{fact.label} | {fact.value}")), fact.country or "",
            fact, n)
    for n, person in enumerate(briefing.persons):
        item = add("person", person.name, index.persons.get(normalise(person.name)),
                   _shorten(person.context), person, n)
        if item.is_match:
            item.existing_label = index.person_names.get(item.existing_id, item.existing_label)
            item.has_case = item.existing_id in index.persons_with_case
        else:
            item.possible = _possible(normalise(person.name), index.persons, PERSON_CUTOFF,
                                      fuzz.token_sort_ratio, index.person_names)
    for n, group in enumerate(briefing.groups):
        item = add("group", group.title, index.groups.get(normalise(group.title)),
                   _shorten(group.context), group, n)
        if not item.is_match:
            item.possible = _possible(normalise(group.title), index.groups, GROUP_CUTOFF,
                                      fuzz.token_set_ratio)
    names = list(dict.fromkeys([*briefing.themes, *(name for _, name in index.themes.values())]))
    for item in items:
        if item.kind in ("finding", "recommendation") and item.unthemed and not item.is_match:
            item.suggestions = suggest_themes(item.label, names)
    return ImportPlan(briefing, items, index.themes)
