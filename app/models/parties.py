"""Whom a recommendation is addressed to, read from its free-text addressee.

A recommendation's ``addressee`` is what the paper says ("Kazakhstani authorities", "the EU and
its member states", "UN Human Rights Council"); :func:`party_of` reads it as one of a few
:class:`Party` values, stored beside it in ``recommendations.addressed_to``. The rules are
keywords, tried in this order (case and accents ignored; the first that matches wins):

1. "member state(s)": the member states, unless the EU is named on its own besides them
   ("the EU and its member states" is the EU; "EU member states" is the member states) or
   they are a UN or OSCE body's ("UN member states": international);
2. an EU member state by name or adjective ("Germany", "German embassy"): a member state;
3. the EU, its institutions and people ("EEAS", "European Parliament", "MEPs", "EU
   delegation", "High Representative"): the EU;
4. a UN, OSCE or Council of Europe body ("UN Human Rights Council", "Special Rapporteur",
   "ODIHR", "Venice Commission", "international community"): international;
5. the state's institutions ("authorities", "Government of Kazakhstan", "Parliament",
   "courts", "Prosecutor General's Office", "Ombudsman"): the authorities;
6. civil society, media, business, donors, lawyers ("Kazakh civil society"): other;
7. the state by name ("Kazakhstan", "Uzbek ...", "Republic of ...", "the State"), or a state
   named alone in one word as a UPR recommendation names the state under review
   ("Valdoria"): the authorities;
8. anything else: other.

This module imports nothing from the rest of Parley: the model, the migration that filled the
column, and :mod:`app.services.substance.addressees` (which says what each party's recommendations are
for at a meeting) all read addressees by this one rule.
"""

from __future__ import annotations

import re
import unicodedata

from app.models.enums import LabelledEnum


class Party(LabelledEnum):
    """Whom a recommendation asks, or who sits across the table at a meeting."""

    AUTHORITIES = "authorities", "the authorities"
    EU = "eu", "the EU"
    MEMBER_STATE = "member_state", "EU member states"
    INTERNATIONAL = "international", "an international body"
    OTHER = "other", "someone else"

    @property
    def across_label(self) -> str:
        """As the people across the table: "a government delegation", "the EU", ..."""
        return {"authorities": "a government delegation", "eu": "the EU",
                "member_state": "a member state", "international": "an international body",
                "other": "civil society, media or others"}[self.value]


def _words(*patterns: str) -> re.Pattern[str]:
    """One case-insensitive pattern matching any of ``patterns`` as whole words."""
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b")


_MEMBER_STATES = _words(r"member[\s-]+states?")
#: "EU member states", "member states of the European Union": the member states, not the EU.
_EU_MEMBER_STATES = re.compile(
    r"\b(?:eu|european\s+union)\s+member[\s-]+states?\b"
    r"|\bmember[\s-]+states?\s+of\s+the\s+(?:eu|european\s+union)\b")
_EU_COUNTRIES = _words(
    r"austria[n]?", r"belgi(?:um|an)", r"bulgaria[n]?", r"croatia[n]?", r"cyprus", r"cypriot",
    r"czechia", r"czech(?:\s+republic)?", r"denmark", r"danish", r"estonia[n]?", r"finland",
    r"finnish", r"france", r"french", r"germany", r"german", r"greece", r"greek",
    r"hungary", r"hungarian", r"ireland", r"irish", r"italy", r"italian", r"latvia[n]?",
    r"lithuania[n]?", r"luxembourg(?:ish)?", r"malta", r"maltese", r"netherlands", r"dutch",
    r"poland", r"polish", r"portugal", r"portuguese", r"romania[n]?", r"slovakia",
    r"slovak", r"slovenia[n]?", r"slovene", r"spain", r"spanish", r"sweden", r"swedish",
    r"european\s+(?:governments|capitals)")
_EU = _words(
    r"eu", r"european\s+union", r"eeas", r"european\s+external\s+action\s+service",
    r"european\s+(?:parliament|commission|council)", r"council\s+of\s+the\s+(?:eu|european\s+union)",
    r"high\s+representative", r"eusr", r"meps?", r"members\s+of\s+the\s+european\s+parliament",
    r"dg\s+\w+", r"brussels", r"team\s+europe")
_INTERNATIONAL = _words(
    r"un", r"united\s+nations", r"human\s+rights\s+(?:council|committee)", r"ohchr",
    r"high\s+commissioner", r"special\s+rapporteurs?", r"special\s+procedures",
    r"treaty\s+bod(?:y|ies)", r"committee\s+against\s+torture", r"wgad",
    r"working\s+group\s+on\s+arbitrary\s+detention",
    r"universal\s+periodic\s+review", r"upr", r"osce", r"odihr", r"council\s+of\s+europe",
    r"venice\s+commission", r"european\s+court\s+of\s+human\s+rights", r"ecthr", r"ilo",
    r"unesco", r"unicef", r"unhcr", r"unodc", r"undp", r"world\s+bank", r"imf", r"ebrd",
    r"international\s+(?:community|organi[sz]ations?|bodies|monitors?|partners)")
_OTHER = _words(
    r"civil\s+society", r"ngos?", r"csos?", r"non-?governmental", r"media", r"journalists?",
    r"press", r"business(?:es)?", r"compan(?:y|ies)", r"private\s+sector", r"donors?",
    r"lawyers?", r"bar\s+associations?", r"defenders?", r"activists?", r"coalition",
    r"universit(?:y|ies)", r"academi(?:a|cs)", r"partners?", r"everyone", r"all")
#: The state's institutions: they win over civil society named beside them.
_INSTITUTIONS = _words(
    r"authorit(?:y|ies)", r"government", r"governmental", r"state\s+bodies",
    r"ministr(?:y|ies)", r"ministers?", r"parliament", r"mazhilis", r"majilis", r"senate",
    r"president", r"presidential\s+administration", r"prosecutors?", r"prosecutor\W*s\s+office",
    r"procurac(?:y|ies)", r"courts?", r"judiciary", r"judges", r"police", r"law\s+enforcement",
    r"security\s+services?", r"national\s+security\s+committee", r"knb", r"akimat", r"akims?",
    r"ombudsm[ae]n", r"commissioner\s+for\s+human\s+rights", r"penitentiary",
    r"prison\s+service", r"central\s+election\s+commission",
    r"national\s+preventive\s+mechanism")
#: The state by name: civil society named with it ("Kazakh journalists") is not the state.
_STATE_NAMES = _words(
    r"the\s+state", r"kazakhstan[i]?", r"kazakh", r"kyrgyzstan", r"kyrgyz", r"uzbekistan",
    r"uzbek", r"tajikistan", r"tajik", r"turkmenistan", r"turkmen", r"republic\s+of\s+\w+")
#: One word of letters (apostrophes and hyphens allowed), possibly after "the".
_ONE_WORD = re.compile(r"^(?:the\s+)?((?:[^\W\d_]|['’-])+)$", re.IGNORECASE)


def _folded(text: str) -> str:
    """Lower case, without accents, with one space between words."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.lower().split())


def party_of(addressee: str | None) -> Party:
    """The party a free-text addressee names: "Kazakhstani authorities" -> the authorities,
    "EEAS" -> the EU, "Germany" -> a member state, "UN Human Rights Council" -> international;
    anything unknown -> other (see the module's docstring for the rules and their order)."""
    text = _folded(addressee or "")
    if not text:
        return Party.OTHER
    if _MEMBER_STATES.search(text):
        if _EU.search(_EU_MEMBER_STATES.sub(" ", text)):
            return Party.EU
        if not _EU_MEMBER_STATES.search(text) and _INTERNATIONAL.search(text):
            return Party.INTERNATIONAL  # "UN member states"
        return Party.MEMBER_STATE
    for pattern, party in ((_EU_COUNTRIES, Party.MEMBER_STATE), (_EU, Party.EU),
                           (_INTERNATIONAL, Party.INTERNATIONAL),
                           (_INSTITUTIONS, Party.AUTHORITIES), (_OTHER, Party.OTHER),
                           (_STATE_NAMES, Party.AUTHORITIES)):
        if pattern.search(text):
            return party
    return Party.AUTHORITIES if _is_one_name(addressee or "") else Party.OTHER


def _is_one_name(text: str) -> bool:
    """True for one capitalised word ("Valdoria", "Türkiye"), not an acronym ("ABC")."""
    match = _ONE_WORD.match(text.strip())
    word = match.group(1) if match else ""
    return len(word) > 1 and word[0].isupper() and not word.isupper()
