"""Saving an import plan: the chosen items, in the caller's transaction (flush, never commit)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    Case,
    CaseStatus,
    DialogueEvent,
    Finding,
    ImplementationStatus,
    KeyFact,
    Person,
    Polarity,
    Recommendation,
    Sensitivity,
    Source,
    Theme,
)
from app.security.audit import record
from app.services.data_protection.review_queue import flag_restricted_twins
from app.services.imports.briefing.edits import Edits
from app.services.imports.briefing.lines import normalise
from app.services.imports.briefing.matcher import ImportPlan, PlanItem
from app.services.imports.briefing.model import (
    POSITIVE,
    ParsedFact,
    ParsedFinding,
    ParsedGroup,
    ParsedPerson,
    ParsedRecommendation,
)

#: Lawful basis recorded on persons created from a paper.
LAWFUL_BASIS = "Legitimate interest: named in a published briefing paper"


@dataclass
class ImportResult:
    """What a save created and reused."""

    source_id: int | None = None
    created: dict[str, int] = field(default_factory=dict)
    reused: dict[str, int] = field(default_factory=dict)
    case_ids: list[int] = field(default_factory=list)
    person_ids: list[int] = field(default_factory=list)

    def count(self, kind: str, created: bool) -> None:
        """Count one created or reused record."""
        target = self.created if created else self.reused
        target[kind] = target.get(kind, 0) + 1


class _Saver:
    def __init__(self, session: Session, plan: ImportPlan, chosen: set[str],
                 links: dict[str, int], progress: Callable[[PlanItem], None] | None,
                 edits: Edits):
        self.session, self.plan, self.chosen, self.links = session, plan, chosen, links
        self.edits = edits
        self.progress = progress or (lambda item: None)
        self.result = ImportResult()
        self.themes: dict[str, Theme] = {}
        #: Themes the officer typed for unthemed items, by normalised name.
        self.typed: dict[str, Theme] = {}
        self.source: Source | None = None
        self.new_persons: list[Person] = []

    def get(self, model, record_id):
        return self.session.get(model, record_id)

    def run(self) -> ImportResult:
        for item in self.plan.items:
            if item.key in self.chosen or item.is_match:
                getattr(self, f"_{item.kind}")(item)
            self.progress(item)
        self.session.flush()
        flag_restricted_twins(self.session, self.new_persons)
        return self.result

    def _source(self, item: PlanItem) -> None:
        if item.is_match:
            self.source = self.get(Source, item.existing_id)
        else:
            briefing = self.plan.briefing
            self.source = Source(title=item.label[:500], published_on=briefing.published_on,
                                 publisher=(briefing.publisher or "")[:300] or None)
            self.session.add(self.source)
            self.session.flush()
        self.result.source_id = self.source.id
        self.result.count("sources", not item.is_match)

    def _theme(self, item: PlanItem) -> None:
        if item.is_match:
            theme = self.get(Theme, item.existing_id)
        else:
            siblings = len(self.themes)
            theme = Theme(name=item.label[:200], position=siblings + 1)
            self.session.add(theme)
        self.themes[item.label] = theme
        self.result.count("themes", not item.is_match)

    def _theme_of(self, item: PlanItem) -> Theme | None:
        """The item's theme: the paper's, or the one the officer typed (found or created)."""
        parsed = item.payload
        if not isinstance(parsed, (ParsedFinding, ParsedRecommendation)):
            return None
        if parsed.theme is not None:
            return self.themes.get(parsed.theme)
        name = self.edits.theme_for(item.key)
        if not name:
            return None
        key = normalise(name)
        if key not in self.typed:
            paper = next((t for label, t in self.themes.items() if normalise(label) == key), None)
            known = self.plan.known_themes.get(key)
            if paper is not None:
                self.typed[key] = paper
            elif known is not None:
                self.typed[key] = self.get(Theme, known[0])
            else:
                self.typed[key] = Theme(name=name[:200], position=len(self.themes) + 1)
                self.session.add(self.typed[key])
                self.result.count("themes", True)
        return self.typed[key]

    def _finding(self, item: PlanItem) -> None:
        if item.is_match:
            self.result.count("findings", False)
            return
        parsed = item.parsed(ParsedFinding)
        position = sum(1 for i in self.plan.of_kind("finding")
                       if i.parsed(ParsedFinding).theme == parsed.theme and i.key <= item.key)
        self.session.add(Finding(
            theme=self._theme_of(item), source=self.source, text=parsed.text,
            polarity=Polarity.POSITIVE if parsed.polarity == POSITIVE else Polarity.CONCERN,
            position=position))
        self.result.count("findings", True)

    def _recommendation(self, item: PlanItem) -> None:
        if item.is_match:
            self.result.count("recommendations", False)
            return
        parsed = item.parsed(ParsedRecommendation)
        theme = self._theme_of(item)
        title = self.edits.titles.get(item.key, parsed.short_title) or ""
        self.session.add(Recommendation(
            text=parsed.text, addressee=parsed.addressee[:200], source=self.source,
            short_title=title[:200] or None,
            source_state=(parsed.source_state or "")[:200] or None,
            priority=self.edits.priorities.get(item.key, parsed.priority),
            themes=[theme] if theme is not None else [], status=ImplementationStatus.NOT_STARTED))
        self.result.count("recommendations", True)

    def _fact(self, item: PlanItem) -> None:
        if item.is_match:
            self.result.count("key_facts", False)
            return
        parsed = item.parsed(ParsedFact)
        self.session.add(KeyFact(label=parsed.label, value=parsed.value, country=parsed.country,
                                 source=self.source))
        self.result.count("key_facts", True)

    def _person(self, item: PlanItem) -> None:
        parsed = item.parsed(ParsedPerson)
        person_id = item.existing_id or self.links.get(item.key)
        if person_id is not None:
            person = self.get(Person, person_id)
            has_case = item.has_case or person.id in self._persons_with_case()
            self.result.count("persons", False)
        else:
            person = Person(full_name=parsed.name[:300], sensitivity=Sensitivity.NORMAL,
                            lawful_basis=LAWFUL_BASIS)
            self.session.add(person)
            self.session.flush()
            self.new_persons.append(person)
            has_case = False
            self.result.count("persons", True)
            self.result.person_ids.append(person.id)
        case_key = item.key.replace("person-", "case-")
        if has_case or case_key not in self.chosen:
            return
        theme = self.themes.get(parsed.theme) if parsed.theme is not None else None
        case = Case(title=person.full_name, person=person, is_group=False,
                    charges="; ".join(parsed.charges) or None, summary=parsed.context,
                    status=self._status(item), sensitivity=person.sensitivity,
                    themes=[theme] if theme is not None else [])
        self.session.add(case)
        self.session.flush()
        self.result.count("cases", True)
        self.result.case_ids.append(case.id)

    def _status(self, item: PlanItem) -> CaseStatus:
        """The case status the officer chose, else the one the words around the name suggest."""
        suggested = (item.parsed(ParsedPerson).status if item.kind == "person"
                     else item.parsed(ParsedGroup).status)
        return CaseStatus(self.edits.statuses.get(item.key, suggested))

    def _persons_with_case(self) -> set[int]:
        """Persons with a case the reader may see (a hidden case counts as none)."""
        return {person_id for person_id in self.session.scalars(
            select(Case.person_id).where(Case.person_id.is_not(None))) if person_id is not None}

    def _group(self, item: PlanItem) -> None:
        case_id = item.existing_id or self.links.get(item.key)
        if case_id is not None:
            self.result.count("cases", False)
            return
        parsed = item.parsed(ParsedGroup)
        theme = self.themes.get(parsed.theme) if parsed.theme is not None else None
        case = Case(title=parsed.title[:300], is_group=True, summary=parsed.context,
                    charges="; ".join(parsed.charges) or None,
                    status=self._status(item), sensitivity=Sensitivity.NORMAL,
                    themes=[theme] if theme is not None else [])
        self.session.add(case)
        self.session.flush()
        self.result.count("cases", True)
        self.result.case_ids.append(case.id)


def save_import(session: Session, plan: ImportPlan, chosen: Iterable[str] | None = None,
                links: dict[str, int] | None = None, event: DialogueEvent | None = None,
                progress: Callable[[PlanItem], None] | None = None,
                edits: Edits | None = None) -> ImportResult:
    """Create the chosen items of ``plan`` (all when ``chosen`` is None) and audit the import.

    ``links`` maps an item key to a possible match the officer chose instead of a new record;
    only matches the plan offered are accepted. Unchosen themes leave their findings and
    recommendations without a theme. ``edits`` carries the officer's short titles, priorities,
    case statuses and themes for unthemed items (a typed theme name is matched to a theme of
    the paper or of Parley, else created). Flushes; the caller commits once.
    """
    chosen_keys = set(plan.keys if chosen is None else chosen)
    if chosen is None:
        chosen_keys |= {k.replace("person-", "case-") for k in plan.keys if k.startswith("person-")}
    chosen_keys.add("source-0")
    allowed = set(plan.link_choices())
    accepted = {key: int(rid) for key, rid in (links or {}).items() if f"{key}:{rid}" in allowed}
    result = _Saver(session, plan, chosen_keys, accepted, progress, edits or Edits()).run()
    record(session, "import", entity_type="Source", entity_id=result.source_id, changes={
        "kind": "briefing paper", "title": plan.briefing.title[:200],
        "created": result.created, "reused": result.reused,
        "event_id": event.id if event is not None else None})
    return result
