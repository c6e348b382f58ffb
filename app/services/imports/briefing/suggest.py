"""Theme suggestions for an item the paper left outside any theme.

A theme is suggested when the words of its name occur in the item (two points a word, compared
on their first six letters so "expression" meets "expressing"), or when its name belongs to a
family below and the item uses that family's words (a point a word): "Freedom of peaceful
assembly" for an item about a rally. The best three with at least two points are offered.
"""

from __future__ import annotations

import re

from app.services.folding import normalise

#: Families of theme names (a word of the name) and words that point to them in an item.
KEYWORDS = {
    "expression": ("journalist", "media", "blogger", "newspaper", "press", "speech",
                   "censorship", "website", "reporter", "editor", "false information",
                   "defamation", "online", "news"),
    "assembly": ("protest", "rally", "rallies", "march", "demonstration", "picket", "assembly"),
    "association": ("association", "ngo", "organisation", "organization", "registration",
                    "register", "funding", "party", "parties", "civil society", "shelter"),
    "torture": ("torture", "ill-treatment", "detention", "custody", "prison", "detainee"),
    "detention": ("detention", "custody", "prison", "detainee", "cell"),
    "trial": ("trial", "court", "lawyer", "judge", "hearing", "defence"),
    "death penalty": ("death penalty", "execution", "moratorium"),
    "elect": ("election", "electoral", "candidate", "vote", "ballot", "observer"),
    "defender": ("defender", "activist", "campaigner"),
    "persecution": ("prosecut", "charged", "sentenced", "convicted", "arrested", "critic"),
    "religio": ("religio", "church", "mosque", "believer", "faith"),
    "women": ("women", "gender", "domestic violence", "shelter"),
    "lgbt": ("lgbt", "sexual orientation", "gender identity"),
    "transnational": ("abroad", "extradit", "exile"),
}
_STOP = {"freedom", "right", "rights", "human", "with", "from", "their", "other", "against",
         "about", "under", "into", "between"}
#: Suggestions shown per item.
MOST = 3


def _stems(text: str) -> set[str]:
    return {w[:6] for w in re.findall(r"[^\W\d_]{4,}", text) if w not in _STOP}


def suggest_themes(text: str, themes: list[str]) -> list[str]:
    """Up to three of ``themes`` that fit ``text``, best first."""
    folded = normalise(text)
    words = _stems(folded)
    scored = []
    for name in themes:
        key = normalise(name)
        score = 2 * len(_stems(key) & words)
        for family, cues in KEYWORDS.items():
            if family in key:
                score += sum(1 for cue in cues if cue in folded)
        if score >= 2:
            scored.append((-score, name))
    return [name for _, name in sorted(scored)[:MOST]]
