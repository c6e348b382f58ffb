"""The structure parser: blocks of a briefing paper into themes, findings, recommendations,
named persons and groups, criminal-code articles and key figures.

It is a small state machine over the blocks. A heading that names recommendations ("Recommendations
to the Kazakhstani authorities:", "We recommend that Kazakhstan:") opens a list of
recommendations to that addressee; any other heading after the title opens a thematic section
whose items are findings: "+" or "(+)" marks a positive step, "-", "–" or "(–)" (or nothing) a
concern. "The EU should …" is a recommendation to the EU wherever it stands. A section with
neither findings nor recommendations (an introduction, a conclusion) is not a theme.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from app.services.briefing_import.lines import Block, normalise, squash
from app.services.briefing_import.names import find_named, is_name_like
from app.services.briefing_import.readers import ImportRefused

POSITIVE, CONCERN = "positive", "concern"


@dataclass
class ParsedFinding:
    """A positive step or a concern under a theme."""

    polarity: str
    text: str
    theme: str | None


@dataclass
class ParsedRecommendation:
    """A recommendation with its addressee and theme."""

    text: str
    addressee: str
    theme: str | None


@dataclass
class ParsedPerson:
    """A named individual, proposed as a case about a person."""

    name: str
    theme: str | None
    #: The sentence that names them (becomes the case summary).
    context: str
    #: Criminal-code articles cited in that sentence, as "Criminal Code art. 274".
    charges: list[str] = field(default_factory=list)


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

    def summary(self) -> dict:
        """The ``--dry-run --json`` object: title, themes, finding counts, recommendations, persons."""
        return {
            "title": self.title,
            "themes": list(self.themes),
            "findings": {
                "positive": sum(1 for f in self.findings if f.polarity == POSITIVE),
                "concern": sum(1 for f in self.findings if f.polarity == CONCERN),
            },
            "recommendations": [
                {"text": r.text, "addressee": r.addressee, "theme": r.theme}
                for r in self.recommendations
            ],
            "persons": [p.name for p in self.persons],
        }

    def as_dict(self) -> dict:
        """Everything, as plain data."""
        return asdict(self)


# ---------------------------------------------------------------------------------- patterns

_REC_HEADING = re.compile(
    r"^(?:[\dIVX]+[.)]\s*)?(?:key\s+|our\s+|main\s+)?recommendations?"
    r"(?:\s+(?:to|for)\s+(?P<to>.+?))?\s*:?\s*$", re.IGNORECASE)
_WE_RECOMMEND = re.compile(
    r"^we\s+(?:therefore\s+|also\s+)?(?:recommend|call on|urge)\s+(?:that\s+)?(?P<to>.+?)"
    r"(?:\s+to)?\s*:\s*$", re.IGNORECASE)
_SHOULD = re.compile(
    r"^(?P<to>(?:the\s+)?(?:EU|European Union|EEAS|European Parliament|EU member states|"
    r"EU Member States|member states|Member States|international community|OSCE|UN)"
    r"(?:\s+and\s+its\s+member\s+states)?)\s+should\b", re.IGNORECASE)
_POLARITY_HEADING = re.compile(
    r"^(?:(?P<pos>positive\s+(?:steps|developments)|progress|improvements)|"
    r"(?P<neg>(?:key\s+|main\s+|major\s+)?concerns?|challenges|negative\s+developments))"
    r"\s*:?\s*$", re.IGNORECASE)
_POSITIVE_MARK = re.compile(r"^\s*(?:\(\s*\+\s*\)|\+)\s*")
_CONCERN_MARK = re.compile(r"^\s*(?:\(\s*[-–—]\s*\)\s*|[-–—]\s+)")
_LEAD_NUMBER = re.compile(r"^(?:\d{1,2}|[IVX]{1,4})[.)]\s+")
_DETERMINERS = re.compile(
    r"^(?:the|this|these|those|that|it|its|we|our|they|their|for more|more|see|further|"
    r"note|source|copyright|©)\b", re.IGNORECASE)
_ARTICLE = re.compile(r"\b(?:Article|Art\.)\s*(\d{1,4}(?:[-.]\d{1,3})?)", re.IGNORECASE)
_OFFENCE_BEFORE = re.compile(r"[“\"«]([^”\"»]{3,80})[”\"»]((?:\s+[^\W\d]+){0,3})\s*\(\s*$")
_CIVICUS = re.compile(
    r"CIVICUS\s+Monitor[^.]*?[“\"']?\b(open|narrowed|obstructed|repressed|closed)\b",
    re.IGNORECASE)
_SCORE = re.compile(r"\bscore\s+of\s+(\d{1,3})\b|\b(\d{1,3})\s*/\s*100\b", re.IGNORECASE)
_COUNTRY = re.compile(r"\bclassif\w*\s+(?:the\s+)?([A-Z][\w-]+?)(?:['’]s)?\s+civic\s+space")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[A-Z“\"А-Я])")

#: Words kept in capitals when an upper-case heading is put into sentence case.
ACRONYMS = {"eu", "un", "ngo", "ngos", "cso", "csos", "osce", "odihr", "upr", "lgbtiq", "lgbtiq+",
            "lgbt", "lgbti", "hrd", "hrds", "rfe/rl", "covid-19", "ii", "iii", "iv"}


def theme_name(heading: str) -> str:
    """A heading as a theme name: numbering and colon dropped, capitals put into sentence case."""
    text = _LEAD_NUMBER.sub("", squash(heading)).strip(" :*#")
    letters = [ch for ch in text if ch.isalpha()]
    if letters and sum(ch.isupper() for ch in letters) / len(letters) > 0.8:
        words = [w.upper() if w.lower() in ACRONYMS else w.lower() for w in text.split(" ")]
        text = " ".join(words)
        text = text[:1].upper() + text[1:]
    return text


def clean_addressee(raw: str) -> str:
    """"the Kazakhstani authorities" -> "Kazakhstani authorities"; "European Union" -> "EU"."""
    text = squash(raw).strip(" :.*")
    text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    if text.lower() == "european union":
        return "EU"
    return text[:1].upper() + text[1:] if text else "Authorities"


def recommendation_addressee(text: str) -> str | None:
    """The addressee when ``text`` opens a list of recommendations, else ``None``."""
    text = squash(text).strip("* ")
    if len(text) > 160:
        return None
    for pattern in (_REC_HEADING, _WE_RECOMMEND):
        match = pattern.match(text)
        if match:
            return clean_addressee(match.group("to") or "authorities")
    return None


def is_heading_like(block: Block) -> bool:
    """A real heading, an upper-case line or a short all-bold line."""
    if block.heading:
        return True
    if block.bullet:
        return False
    text = block.text.strip()
    if len(text) > 150 or text.endswith("."):
        return False
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) >= 4 and all(ch.isupper() for ch in letters):
        return True
    return block.is_all_bold


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences (good enough for briefing prose)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def split_polarity(text: str, default: str) -> tuple[str, str]:
    """(polarity, text without its marker)."""
    positive = _POSITIVE_MARK.match(text)
    if positive:
        return POSITIVE, text[positive.end():].strip()
    concern = _CONCERN_MARK.match(text)
    if concern:
        return CONCERN, text[concern.end():].strip()
    return default, text.strip()


def find_articles(text: str) -> list[ParsedArticle]:
    """Criminal-code articles cited in ``text`` with the offence quoted just before, if any."""
    found = []
    for match in _ARTICLE.finditer(text):
        offence = _OFFENCE_BEFORE.search(text[:match.start()])
        words = squash(f"{offence.group(1)} {offence.group(2)}") if offence else None
        found.append(ParsedArticle(match.group(1), words))
    return found


_CLAUSE_BREAK = re.compile(r",?\s+(?:while|whereas|but|meanwhile)\s+|;\s+")


def clause_of(sentence: str, words: str) -> str:
    """The clause of ``sentence`` that contains ``words`` ("…, while …" splits clauses)."""
    where = sentence.find(words)
    if where < 0:
        return sentence
    start = 0
    for match in _CLAUSE_BREAK.finditer(sentence):
        if match.start() > where:
            return sentence[start:match.start()]
        start = match.end()
    return sentence[start:]


_OFFENCE_STOPWORDS = {"knowingly", "involvement", "activities", "activity", "other", "others",
                      "participation", "organisation", "organization", "creation"}


def describes_offence(sentence: str, article: ParsedArticle) -> bool:
    """True when ``sentence`` names the article's offence in other words.

    Papers cite the article once ("knowingly spreading false information" (Article 274)) and
    then speak of "“false” information charges": every distinctive word of the offence (or its
    first six letters, so "extremism" matches "extremist") must appear in the sentence, and at
    least two when the offence has two or more.
    """
    if not article.offence:
        return False
    words = [w for w in re.findall(r"[^\W\d_]{5,}", article.offence.casefold())
             if w not in _OFFENCE_STOPWORDS]
    if not words:
        return False
    text = sentence.casefold()
    found = sum(1 for w in words if w[:6] in text)
    return found >= min(2, len(words)) and (len(words) == 1 or found >= len(words) - 1)


def find_facts(text: str) -> list[ParsedFact]:
    """Key figures: the CIVICUS Monitor rating with its score."""
    facts = []
    rating = _CIVICUS.search(text)
    if rating:
        window = text[rating.start():rating.end() + 300]
        score = _SCORE.search(window)
        value = rating.group(1).capitalize()
        if score:
            value += f", {score.group(1) or score.group(2)}/100"
        country = _COUNTRY.search(window)
        facts.append(ParsedFact("CIVICUS Monitor rating", value,
                                country.group(1) if country else None))
    return facts


# ---------------------------------------------------------------------------------- parser


class _Parser:
    """The state machine; see the module docstring."""

    def __init__(self, blocks: list[Block], fallback_title: str):
        self.blocks = blocks
        self.briefing = Briefing(title="")
        self.fallback_title = fallback_title
        self.mode = "preamble"
        self.theme: str | None = None
        self.addressee = "Authorities"
        self.list_has_bullets = False
        self.default_polarity = CONCERN
        self.use_bold = any(is_name_like(span) for b in blocks if not is_heading_like(b)
                            for span in b.bold)

    def run(self) -> Briefing:
        for block in self.blocks:
            if not block.text:
                continue
            if not self.briefing.title and is_heading_like(block):
                self.briefing.title = theme_name(block.text) if block.text.isupper() \
                    else block.text.strip(" *:")
                continue
            addressee = None if block.bullet else recommendation_addressee(block.text)
            if addressee is not None:
                self._open_recommendations(addressee)
            elif is_heading_like(block):
                self._open_section(block.text)
            else:
                self._body(block)
        self._finish()
        return self.briefing

    def _open_recommendations(self, addressee: str) -> None:
        self.mode, self.addressee, self.list_has_bullets = "recommendations", addressee, False

    def _open_section(self, heading: str) -> None:
        polarity = _POLARITY_HEADING.match(heading.strip(" *:") + ":")
        if polarity and self.theme is not None:
            self.mode = "findings"
            self.default_polarity = POSITIVE if polarity.group("pos") else CONCERN
            return
        self.theme, self.mode, self.default_polarity = theme_name(heading), "findings", CONCERN

    def _body(self, block: Block) -> None:
        if self.mode == "recommendations":
            self._recommendation_item(block)
        elif self.mode == "findings":
            self._finding_item(block)
        if not block.is_all_bold:
            self._entities(block)

    def _recommendation_item(self, block: Block) -> None:
        text = _LEAD_NUMBER.sub("", block.text).strip()
        should = _SHOULD.match(text)
        if block.bullet:
            self.list_has_bullets = True
        elif block.is_all_bold or (not should and (
                self.list_has_bullets or _DETERMINERS.match(text))):
            self.mode = "closed"
            return
        addressee = clean_addressee(should.group("to")) if should else self.addressee
        self.briefing.recommendations.append(ParsedRecommendation(text, addressee, self.theme))

    def _finding_item(self, block: Block) -> None:
        text = block.text.strip()
        if not block.bullet and text.endswith(":") and len(text) <= 100:
            polarity = _POLARITY_HEADING.match(text)
            if polarity:
                self.default_polarity = POSITIVE if polarity.group("pos") else CONCERN
            return
        polarity, text = split_polarity(_LEAD_NUMBER.sub("", text), self.default_polarity)
        should = _SHOULD.match(text)
        if should:
            self.briefing.recommendations.append(
                ParsedRecommendation(text, clean_addressee(should.group("to")), self.theme))
        elif text:
            self.briefing.findings.append(ParsedFinding(polarity, text, self.theme))

    def _entities(self, block: Block) -> None:
        for article in find_articles(block.text):
            known = {a.number for a in self.briefing.articles}
            if article.number not in known:
                self.briefing.articles.append(article)
        persons, groups = find_named(block, self.use_bold)
        known_persons = {normalise(p.name) for p in self.briefing.persons}
        for name, context in persons:
            if normalise(name) in known_persons:
                continue
            known_persons.add(normalise(name))
            charges = [a.label for a in find_articles(context)]
            self.briefing.persons.append(ParsedPerson(name, self.theme, context, charges))
        known_groups = {normalise(g.title) for g in self.briefing.groups}
        for title, phrase, context in groups:
            if normalise(title) not in known_groups:
                known_groups.add(normalise(title))
                self.briefing.groups.append(ParsedGroup(title, phrase, self.theme, context))

    def _finish(self) -> None:
        briefing = self.briefing
        used = {f.theme for f in briefing.findings} | {r.theme for r in briefing.recommendations}
        seen: set[str] = set()
        for block in self.blocks:
            if is_heading_like(block) and not block.bullet:
                name = theme_name(block.text)
                if name in used and name not in seen:
                    seen.add(name)
                    briefing.themes.append(name)
        if not briefing.title:
            briefing.title = self.fallback_title
        full_text = "\n".join(b.text for b in self.blocks)
        briefing.facts = find_facts(full_text)
        offences = {a.number: a.offence for a in find_articles(full_text) if a.offence}
        for article in briefing.articles:
            article.offence = article.offence or offences.get(article.number)
        for named in [*briefing.persons, *briefing.groups]:
            clause = clause_of(named.context, getattr(named, "name", None) or named.phrase)
            for article in briefing.articles:
                if article.label not in named.charges and describes_offence(clause, article):
                    named.charges.append(article.label)


def parse_blocks(blocks: list[Block], fallback_title: str = "Imported briefing paper") -> Briefing:
    """Parse blocks into a :class:`Briefing`; refuse a paper with no recognisable structure."""
    briefing = _Parser(blocks, fallback_title).run()
    if not briefing.findings and not briefing.recommendations:
        raise ImportRefused(
            "No recognisable structure: Parley found no thematic sections with positive steps, "
            "concerns or recommendations. Check that sections have headings (Markdown #, Word "
            "heading styles or UPPER-CASE lines) and that recommendations follow a line such as "
            "\"Recommendations to the authorities:\".")
    return briefing
