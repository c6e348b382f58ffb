"""The structure parser: blocks of a paper into themes, findings, recommendations, named persons
and groups, criminal-code articles and key figures.

It is a small state machine over the blocks. A heading or lead-in that opens recommendations
("Recommendations to the authorities:", "We recommend that Kazakhstan:", "We urge the EU to:")
starts a list of recommendations to that addressee (:mod:`.shapes`); any other heading after the
title opens a thematic section whose items are findings: "+" or "(+)" marks a positive step,
"-", "–" or "(–)" (or nothing) a concern. A sentence asking someone to act ("The EU should …",
"We urge the EU delegation to …") is a recommendation to them wherever it stands.

Prose outside thematic sections (before the first heading, under "Introduction" or after a list)
is read too: its asking sentences are recommendations; its other sentences become findings
without a theme, kept only when the paper has no thematic section at all (a statement, an open
letter) so an introduction never doubles a themed paper. Press-release lines, salutations and
everything from a signatory block or "Notes to editors" on are not content (:mod:`.headings`).
A paper is refused only when it holds no sentence at all.
"""

from __future__ import annotations

import re

from app.services.imports.briefing.entities import (
    clause_of,
    describes_offence,
    find_articles,
    find_facts,
)
from app.services.imports.briefing.headings import (
    LEAD_NUMBER,
    POLARITY_HEADING,
    is_closing,
    is_general,
    is_heading_like,
    is_press_line,
    is_salutation,
    theme_name,
)
from app.services.imports.briefing.inference import (
    case_status,
    is_date_line,
    paper_date,
    paper_publisher,
    priorities,
    short_title,
)
from app.services.imports.briefing.lines import Block, ImportRefused, normalise, squash
from app.services.imports.briefing.model import (
    CONCERN,
    POSITIVE,
    Briefing,
    ParsedFinding,
    ParsedGroup,
    ParsedPerson,
    ParsedRecommendation,
)
from app.services.imports.briefing.names import find_named, is_name_like
from app.services.imports.briefing.prose import about_us, says_something, sentences, split_polarity
from app.services.imports.briefing.shapes import (
    asked_in,
    is_bare_recommendations,
    lead_in_addressee,
    list_addressee,
    split_source_state,
)

_DETERMINERS = re.compile(
    r"^(?:the|this|these|those|that|it|its|we|our|they|their|for more|more|see|further|"
    r"note|source|copyright|©)\b", re.IGNORECASE)
#: A heading right after the title with this many words is a subtitle, not a theme.
SUBTITLE_WORDS = 7
#: Blocks at the top of a paper searched for its date and publisher.
FRONT_BLOCKS = 10


class _Parser:
    """The state machine; see the module docstring."""

    def __init__(self, blocks: list[Block], fallback_title: str):
        self.blocks = blocks
        self.briefing = Briefing(title="")
        self.fallback_title = fallback_title
        #: preamble, findings, recommendations, closed (after a list), general, ended.
        self.mode = "preamble"
        self.theme: str | None = None
        self.heading = ""
        #: The Markdown or Word level of the theme's heading (0 when it has none).
        self.theme_level = 0
        self.addressee = "Authorities"
        self.lead = ""
        self.section = 0
        self.list_has_bullets = False
        self.default_polarity = CONCERN
        self.seen_body = False
        self.front: list[str] = []
        self.known_articles: set[str] = set()
        self.known_persons: set[str] = set()
        self.known_groups: set[str] = set()
        self.use_bold = any(is_name_like(span) for b in blocks if not is_heading_like(b)
                            for span in b.bold)

    def run(self) -> Briefing:
        for block in self.blocks:
            text = block.text
            if not text or self.mode == "ended" or is_press_line(text) or is_salutation(text):
                continue
            if is_closing(text) and not block.bullet:
                self.mode = "ended"
                continue
            if not block.bullet and len(text) <= 120 and is_date_line(text):
                self.front.append(text)
                continue
            if not self.briefing.title and not self.seen_body and is_heading_like(block):
                self.briefing.title = theme_name(text) if text.isupper() else text.strip(" *:")
                self.front.append(text)
                continue
            addressee = None if block.bullet else list_addressee(text)
            if addressee is not None:
                self._open_recommendations(addressee, block)
            elif is_heading_like(block):
                self._open_section(block)
            else:
                self._body(block)
        self._finish()
        return self.briefing

    # ------------------------------------------------------------------ sections and lists

    def _open_recommendations(self, addressee: str, block: Block) -> None:
        if block.heading and self.theme_level and block.heading <= self.theme_level and \
                is_bare_recommendations(block.text):
            # "## Recommendations" at the level of the themes: a section of its own.
            self.theme, self.theme_level = None, 0
        self.mode, self.addressee, self.list_has_bullets = "recommendations", addressee, False
        self.section += 1
        self.seen_body = True
        lead = squash(block.text).strip(" *")
        kind = "heading" if is_heading_like(block) and not lead.lower().startswith("we") \
            else "lead-in"
        self.lead = f"list under the {kind} “{lead}”"

    def _open_section(self, block: Block) -> None:
        heading = block.text
        polarity = POLARITY_HEADING.match(heading.strip(" *:") + ":")
        if polarity and self.theme is not None:
            self.mode = "findings"
            self.default_polarity = POSITIVE if polarity.group("pos") else CONCERN
            return
        if not self.seen_body and self.mode == "preamble" and \
                len(heading.split()) >= SUBTITLE_WORDS:
            self.front.append(heading)
            return
        self.seen_body = True
        if is_general(heading):
            self.theme, self.mode = None, "general"
            return
        self.theme, self.mode, self.default_polarity = theme_name(heading), "findings", CONCERN
        self.heading = squash(heading).strip(" *:")
        self.theme_level = block.heading
        self.section += 1

    # ------------------------------------------------------------------ body

    def _body(self, block: Block) -> None:
        if self.mode == "preamble" and len(self.front) < FRONT_BLOCKS:
            self.front.append(block.text)
            if paper_publisher([block.text]) and len(sentences(block.text)) == 1:
                return
        self.seen_body = True
        if self.mode == "recommendations":
            self._recommendation_item(block)
        elif self.mode == "findings":
            self._finding_item(block)
        else:
            self._loose_item(block)
        if not block.is_all_bold:
            self._entities(block)

    def _add_recommendation(self, text: str, addressee: str, how: str,
                            theme: str | None) -> None:
        text, state = split_source_state(text)
        if state:
            how = f"{how}; recommending state “({state})”"
        self.briefing.recommendations.append(ParsedRecommendation(
            text, addressee, theme, how=how, short_title=short_title(text), source_state=state,
            section=self.section))

    def _asks(self, text: str, theme: str | None) -> str:
        """Take the asking sentences of a paragraph as recommendations; return the rest."""
        rest = []
        for sentence in sentences(text):
            asked = asked_in(sentence)
            if about_us(sentence):
                continue
            if asked:
                self._add_recommendation(sentence, asked[0], f"addressee phrase “{asked[1]}”",
                                         theme)
            else:
                rest.append(sentence)
        return " ".join(rest)

    def _recommendation_item(self, block: Block) -> None:
        text = LEAD_NUMBER.sub("", block.text).strip()
        if not block.bullet and text.endswith(":") and len(text) <= 300:
            self.addressee = lead_in_addressee(text) or self.addressee
            return
        asked = asked_in(text)
        if block.bullet:
            self.list_has_bullets = True
        elif block.is_all_bold or (not asked and (
                self.list_has_bullets or _DETERMINERS.match(text))):
            self.mode = "closed"
            self._loose_item(block)
            return
        if asked:
            self._add_recommendation(text, asked[0], f"addressee phrase “{asked[1]}”", self.theme)
        else:
            self._add_recommendation(text, self.addressee, self.lead, self.theme)

    def _finding_item(self, block: Block) -> None:
        text = block.text.strip()
        if not block.bullet and text.endswith(":") and len(text) <= 100:
            heading = POLARITY_HEADING.match(text)
            if heading:
                self.default_polarity = POSITIVE if heading.group("pos") else CONCERN
            return
        polarity, text = split_polarity(LEAD_NUMBER.sub("", text), self.default_polarity)
        asked = asked_in(text)
        if asked:
            self._add_recommendation(text, asked[0], f"addressee phrase “{asked[1]}”", self.theme)
            return
        if not block.bullet:
            text = self._asks(text, self.theme)
        if text:
            self.briefing.findings.append(ParsedFinding(
                polarity, text, self.theme, how=f"under the heading “{self.heading}”"))

    def _loose_item(self, block: Block) -> None:
        text = LEAD_NUMBER.sub("", block.text).strip()
        if text.endswith(":") and len(text) <= 200:
            return
        polarity, text = split_polarity(text, CONCERN)
        text = self._asks(text, self.theme if self.mode == "closed" else None)
        if text and says_something(text):
            kind = "list item" if block.bullet else "paragraph"
            self.briefing.findings.append(ParsedFinding(
                polarity, text, None, how=f"{kind} outside any thematic section", loose=True))

    def _entities(self, block: Block) -> None:
        for article in find_articles(block.text):
            if article.number not in self.known_articles:
                self.known_articles.add(article.number)
                self.briefing.articles.append(article)
        persons, groups = find_named(block, self.use_bold)
        for name, context in persons:
            if normalise(name) in self.known_persons:
                continue
            self.known_persons.add(normalise(name))
            charges = [a.label for a in find_articles(context)]
            status, phrase = case_status(context, name)
            self.briefing.persons.append(ParsedPerson(name, self.theme, context, charges,
                                                      status, phrase))
        for title, phrase, context in groups:
            if normalise(title) not in self.known_groups:
                self.known_groups.add(normalise(title))
                status, cue = case_status(context, phrase)
                self.briefing.groups.append(ParsedGroup(title, phrase, self.theme, context,
                                                        status=status, status_phrase=cue))

    # ------------------------------------------------------------------ the end

    def _finish(self) -> None:
        briefing = self.briefing
        themed = [f for f in briefing.findings if not f.loose]
        used = {f.theme for f in themed} | {r.theme for r in briefing.recommendations}
        seen: set[str] = set()
        for block in self.blocks:
            if is_heading_like(block) and not block.bullet:
                name = theme_name(block.text)
                if name in used and name not in seen:
                    seen.add(name)
                    briefing.themes.append(name)
        if briefing.themes:
            briefing.findings = themed
        if not briefing.title:
            briefing.title = self.fallback_title
        briefing.published_on = paper_date(self.front)
        briefing.publisher = paper_publisher(self.front)
        for rec, priority in zip(briefing.recommendations,
                                 priorities([(r.section, r.addressee)
                                             for r in briefing.recommendations]), strict=False):
            rec.priority = priority
        full_text = "\n".join(b.text for b in self.blocks)
        briefing.facts = find_facts(full_text)
        offences = {a.number: a.offence for a in find_articles(full_text) if a.offence}
        for article in briefing.articles:
            article.offence = article.offence or offences.get(article.number)
        for named in briefing.named():
            clause = clause_of(named.context,
                               named.name if isinstance(named, ParsedPerson) else named.phrase)
            for article in briefing.articles:
                if article.label not in named.charges and describes_offence(clause, article):
                    named.charges.append(article.label)


def parse_blocks(blocks: list[Block], fallback_title: str = "Imported briefing paper") -> Briefing:
    """Parse blocks into a :class:`Briefing`; refuse only a text with no sentence in it."""
    briefing = _Parser(blocks, fallback_title).run()
    if not briefing.findings and not briefing.recommendations:
        raise ImportRefused(
            "No recognisable structure: Parley found no sentence to import in this text (no "
            "finding, recommendation or named person). Check that you chose the paper itself, "
            "not a cover page or a list of signatories.")
    return briefing
