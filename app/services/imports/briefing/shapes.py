"""The shapes a recommendation takes in a paper, each giving its addressee.

- a heading or lead-in opening a list: "Recommendations to the authorities:", "Conclusions and
  recommendations", "We recommend that Kazakhstan:", "We urge the EU to:";
- a sentence naming whom it asks: "We urge / call on the EU delegation to …", "The EU should …",
  "Kazakhstan should …";
- a UPR recommendation ending with its recommending state in parentheses: "… (Norway);".
"""

from __future__ import annotations

import re

from app.services.imports.briefing.lines import squash
from app.services.imports.briefing.states import is_state

_REC_HEADING = re.compile(
    r"^(?:[\dIVX]+[.)]\s*)?(?:key\s+|our\s+|main\s+|conclusions\s+and\s+)?recommendations?"
    r"(?:\s+(?:to|for)\s+(?P<to>.+?))?\s*:?\s*$", re.IGNORECASE)
_ASK = r"(?:recommend|call\s+on|call\s+upon|urge|ask|encourage|invite|request)"
_WE = (r"(?:we(?:,\s*the\s+undersigned(?:\s+organi[sz]ations)?,)?|"
       r"the\s+undersigned(?:\s+organi[sz]ations)?|signatories)\s+"
       r"(?:(?:also|further|therefore|strongly|again|respectfully|thus|in\s+particular)[, ]+)*")
_WE_LEAD = re.compile(rf"^{_WE}{_ASK}\s+(?:that\s+)?(?P<to>(?:(?!\sto\s).)+?)(?:\s+to)?\s*:\s*$",
                      re.IGNORECASE)
_WE_ASK = re.compile(rf"^(?P<phrase>{_WE}(?:urge|call\s+on|call\s+upon|ask|encourage|invite|"
                     rf"request)\s+(?P<to>[^,;:]+?)\s+to)\s+(?P<what>\w.*)$", re.IGNORECASE)
#: Whoever a paper asks: institutions by their head noun, or a state by its name.
_INSTITUTION = (
    r"(?:authorities|government|parliament|president|EU|European\s+Union|EEAS|"
    r"European\s+(?:Parliament|Commission|Council|External\s+Action\s+Service)|Council|"
    r"Commission|High\s+Representative|member\s+states|delegations?|OSCE|ODIHR|UN|"
    r"United\s+Nations|international\s+community|prosecutors?|prosecutor(?:['’]s)?\s+office|"
    r"courts?|judiciary|police|ministry|state|states|partners)")
_SHOULD = re.compile(
    rf"^(?P<phrase>(?P<to>(?:[Tt]he\s+)?(?:[A-Z][\w-]*\s+){{0,3}}(?i:{_INSTITUTION})"
    rf"(?:\s+and\s+(?:its|their|the)\s+(?:[\w-]+\s+){{0,2}}(?i:{_INSTITUTION}))?|"
    rf"(?P<state>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{0,3}}))\s+should)\s+(?!have\b)")
_LEAD_ADDRESSEE = re.compile(
    r"\b(?:examined\s+by|addressed\s+to|made\s+to|received\s+by|accepted\s+by|supported\s+by)"
    r"\s+(?P<to>(?:the\s+)?[A-Z][\w-]+(?:\s+[A-Z][\w-]+){0,3})")
_TRAILING_PUNCT = re.compile(r"[\s;,.]+$")


def clean_addressee(raw: str) -> str:
    """"the Kazakhstani authorities" -> "Kazakhstani authorities"; "European Union" -> "EU"."""
    text = squash(raw).strip(" :.*,")
    text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    if text.lower() == "european union":
        return "EU"
    return text[:1].upper() + text[1:] if text else "Authorities"


def list_addressee(text: str) -> str | None:
    """The addressee when ``text`` opens a list of recommendations, else ``None``."""
    text = squash(text).strip("* ")
    if len(text) > 160:
        return None
    heading = _REC_HEADING.match(text)
    if heading:
        return clean_addressee(heading.group("to") or "authorities")
    lead = _WE_LEAD.match(text)
    if lead and len(lead.group("to").split()) <= 10:
        return clean_addressee(lead.group("to"))
    asked = asked_in(text) if text.endswith(":") else None
    return asked[0] if asked else None


def is_bare_recommendations(text: str) -> bool:
    """True for a heading "Recommendations" that names no addressee."""
    heading = _REC_HEADING.match(squash(text).strip("* "))
    return heading is not None and not heading.group("to")


def lead_in_addressee(text: str) -> str | None:
    """Whom a lead-in inside a list names ("… examined by Kazakhstan …:"), else ``None``."""
    match = _LEAD_ADDRESSEE.search(text)
    return clean_addressee(match.group("to")) if match else None


def asked_in(sentence: str) -> tuple[str, str] | None:
    """(addressee, the words naming them) when ``sentence`` asks someone to act, else ``None``.

    "We urge the EU delegation to raise …" and "The EU should raise …" are recommendations to
    the EU delegation and the EU; "Kazakhstan should …" to Kazakhstan (a state's name). "The charges
    should …", "Civil society should …" are not.
    """
    text = squash(sentence)
    ask = _WE_ASK.match(text)
    if ask and len(ask.group("to").split()) <= 10:
        return clean_addressee(ask.group("to")), ask.group("phrase")
    should = _SHOULD.match(text)
    if not should:
        return None
    state = should.group("state")
    if state is not None:
        if not is_state(state):
            return None
        return clean_addressee(state), should.group("phrase")
    return clean_addressee(should.group("to")), should.group("phrase")


def action_of(sentence: str) -> str:
    """What the sentence asks for, without who is asked: "We urge the EU to raise X" -> "Raise X"."""
    text = squash(sentence)
    ask = _WE_ASK.match(text)
    if ask:
        what = ask.group("what")
    else:
        should = _SHOULD.match(text)
        what = text[should.end():] if should else text
    return what[:1].upper() + what[1:]


def _trailing_parenthesis(text: str) -> tuple[int, str] | None:
    """(start, inside) of a parenthesis closing the text, nested ones allowed."""
    end = len(text) - 1
    if end < 0 or text[end] != ")":
        return None
    depth = 0
    for where in range(end, -1, -1):
        depth += {")": 1, "(": -1}.get(text[where], 0)
        if depth == 0:
            return where, text[where + 1:end]
    return None


def split_source_state(text: str) -> tuple[str, str | None]:
    """(text without the recommending state, the state or states) for "… (Norway);".

    Only names of states count: "(Article 274)" or "(IPHR)" stay in the text.
    """
    stripped = _TRAILING_PUNCT.sub("", text)
    found = _trailing_parenthesis(stripped)
    if found is None:
        return text, None
    start, inside = found
    names = [squash(n) for n in re.split(r",\s*|\s+and\s+|;\s*", inside) if squash(n)]
    if not names or not all(is_state(name) for name in names):
        return text, None
    body = _TRAILING_PUNCT.sub("", stripped[:start])
    return body + ("." if not body.endswith((".", "!", "?")) else ""), ", ".join(names)
