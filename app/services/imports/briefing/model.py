"""What the parser finds in a paper: plain data, no database."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

POSITIVE, CONCERN = "positive", "concern"


@dataclass
class ParsedFinding:
    """A positive step or a concern, under a theme or (``theme`` None) outside any."""

    polarity: str
    text: str
    theme: str | None
    #: How the parser recognised it, for the preview ("under the heading “…”").
    how: str = ""
    #: True when it comes from prose outside a thematic section (kept only when the paper
    #: has no thematic sections at all).
    loose: bool = False


@dataclass
class ParsedRecommendation:
    """A recommendation with its addressee and theme."""

    text: str
    addressee: str
    theme: str | None
    #: How the parser recognised it ("list after the lead-in “We recommend that X:”").
    how: str = ""
    #: A short handle for tables: the first clause of the text (editable in the preview).
    short_title: str = ""
    #: The recommending state of a UPR recommendation ("Norway"), else ``None``.
    source_state: str | None = None
    #: 1 (highest) to 3, from the paper's order: the first of a section is 1, the second 2.
    priority: int = 3
    #: Which list or section it came from (for the priority).
    section: int = 0


@dataclass
class ParsedPerson:
    """A named individual, proposed as a case about a person."""

    name: str
    theme: str | None
    #: The sentence that names them (becomes the case summary).
    context: str
    #: Criminal-code articles cited in that sentence, as "Criminal Code art. 274".
    charges: list[str] = field(default_factory=list)
    #: The case status the words around the name suggest (a ``CaseStatus`` value).
    status: str = "under_investigation"
    #: The words that suggested it ("was sentenced"), or "" when nothing did.
    status_phrase: str = ""


@dataclass
class ParsedGroup:
    """A named group (a movement, a group of defendants), proposed as a group case."""

    title: str
    #: The words the paper used (the bold span), e.g. "the Atajurt movement".
    phrase: str
    theme: str | None
    context: str
    #: Criminal-code articles the sentence points to, as for persons.
    charges: list[str] = field(default_factory=list)
    status: str = "under_investigation"
    status_phrase: str = ""


@dataclass
class ParsedArticle:
    """A criminal-code article cited in the paper."""

    number: str
    offence: str | None

    @property
    def label(self) -> str:
        """"Criminal Code art. 274 (knowingly spreading false information)"."""
        text = f"Criminal Code art. {self.number}"
        return f"{text} ({self.offence})" if self.offence else text


@dataclass
class ParsedFact:
    """A key fact or figure, e.g. the CIVICUS Monitor rating."""

    label: str
    value: str
    country: str | None = None


@dataclass
class Briefing:
    """Everything the parser found in one paper."""

    title: str
    themes: list[str] = field(default_factory=list)
    findings: list[ParsedFinding] = field(default_factory=list)
    recommendations: list[ParsedRecommendation] = field(default_factory=list)
    persons: list[ParsedPerson] = field(default_factory=list)
    groups: list[ParsedGroup] = field(default_factory=list)
    articles: list[ParsedArticle] = field(default_factory=list)
    facts: list[ParsedFact] = field(default_factory=list)
    #: Who published the paper and when, when the paper says so.
    publisher: str | None = None
    published_on: date | None = None

    def named(self) -> list[ParsedPerson | ParsedGroup]:
        """The named persons, then the named groups: everything proposed as a case."""
        return [*self.persons, *self.groups]

    def summary(self) -> dict:
        """The ``--dry-run --json`` object: title, themes, counts, recommendations, persons."""
        return {
            "title": self.title,
            "publisher": self.publisher,
            "published_on": self.published_on.isoformat() if self.published_on else None,
            "themes": list(self.themes),
            "findings": {
                "positive": sum(1 for f in self.findings if f.polarity == POSITIVE),
                "concern": sum(1 for f in self.findings if f.polarity == CONCERN),
                "unthemed": sum(1 for f in self.findings if f.theme is None),
            },
            "recommendations": [
                {"text": r.text, "short_title": r.short_title, "addressee": r.addressee,
                 "source_state": r.source_state, "theme": r.theme, "priority": r.priority,
                 "recognised": r.how}
                for r in self.recommendations
            ],
            "persons": [p.name for p in self.persons],
            "cases": [
                {"title": c.name if isinstance(c, ParsedPerson) else c.title,
                 "group": isinstance(c, ParsedGroup), "status": c.status,
                 "status_phrase": c.status_phrase or None}
                for c in self.named()
            ],
        }

    def as_dict(self) -> dict:
        """Everything, as plain data."""
        return asdict(self)
