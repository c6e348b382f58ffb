"""Invented names: persons (Central-Asian-like and European-like, with their other
spellings), towns and organisations, built from the syllables of :mod:`.words`."""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from app.services.synthetic import words as w


@dataclass(frozen=True)
class PersonName:
    """A generated person's name, with where it comes from and its other spellings."""

    full_name: str
    given: str
    family: str
    #: "central_asian" or "european".
    origin: str
    female: bool
    #: (spelling, script) pairs, as the app keeps them in person_names.
    other_spellings: tuple[tuple[str, str], ...]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def central_asian_name(rng: random.Random) -> tuple[str, str, bool]:
    """(given name, family name, female) from Central-Asian-like syllables."""
    female = rng.random() < 0.5
    given = rng.choice(w.CA_ONSETS) + rng.choice(
        w.CA_FEMALE_ENDINGS if female else w.CA_MALE_ENDINGS)
    male_end, female_end = rng.choice(w.CA_SURNAME_ENDINGS)
    stem = rng.choice(w.CA_STEMS_A) + rng.choice(w.CA_STEMS_B)
    return _cap(given.lower()), stem + (female_end if female else male_end), female


def european_name(rng: random.Random) -> tuple[str, str, bool]:
    """(given name, family name, female) from European-like syllables."""
    female = rng.random() < 0.5
    given = rng.choice(w.EU_ONSETS) + rng.choice(
        w.EU_FEMALE_ENDINGS if female else w.EU_MALE_ENDINGS)
    family = rng.choice(w.EU_STEMS) + rng.choice(w.EU_SURNAME_ENDINGS)
    return _cap(given.lower()), family, female


def to_cyrillic(text: str) -> str:
    """A Latin name written in Cyrillic letters (a simple, consistent transliteration)."""
    out, i, lower = [], 0, text.lower()
    while i < len(text):
        for latin, cyrillic in w.CYRILLIC:
            if lower.startswith(latin, i):
                out.append(cyrillic.upper() if text[i].isupper() else cyrillic)
                i += len(latin)
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def latin_variant(text: str) -> str | None:
    """Another Latin spelling of ``text`` ("Zh" as "J", "kh" as "h"…), or None if none applies."""
    for old, new in w.LATIN_VARIANTS:
        pattern = re.compile(re.escape(old), re.IGNORECASE)
        if pattern.search(text):
            def keep_case(match, new=new):
                return new.capitalize() if match.group(0)[0].isupper() else new
            return pattern.sub(keep_case, text, count=1)
    return None


def person_name(rng: random.Random, central_asian: bool) -> PersonName:
    """A person's name and the other spellings an officer would have recorded."""
    if central_asian:
        given, family, female = central_asian_name(rng)
        full = f"{given} {family}"
        spellings = [(to_cyrillic(full), "Cyrillic")]
        variant = latin_variant(full)
        if variant and variant != full and rng.random() < 0.45:
            spellings.append((variant, "Latin"))
        if rng.random() < 0.15:
            spellings.append((f"{family} {given}", "Latin"))
        return PersonName(full, given, family, "central_asian", female, tuple(spellings))
    given, family, female = european_name(rng)
    full = f"{given} {family}"
    spellings = []
    if female and rng.random() < 0.12:
        maiden = rng.choice(w.EU_STEMS) + rng.choice(w.EU_SURNAME_ENDINGS)
        spellings.append((f"{given} {maiden}", "Latin"))
        full = f"{given} {maiden}-{family}" if rng.random() < 0.5 else full
    elif rng.random() < 0.08:
        spellings.append((f"{given[0]}. {family}", "Latin"))
    return PersonName(full, given, family, "european", female, tuple(spellings))


def town(rng: random.Random) -> str:
    """An invented Central-Asian-like town."""
    return rng.choice(w.TOWN_STARTS) + rng.choice(w.TOWN_ENDS)


def local_word(rng: random.Random) -> str:
    """An invented word in a local-sounding language, e.g. for an NGO's name."""
    return rng.choice(w.LOCAL_WORD_STARTS) + rng.choice(w.LOCAL_WORD_ENDS)


def ascii_slug(text: str) -> str:
    """Lower-case ASCII letters and digits of ``text``, for e-mail addresses and domains."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "", plain.lower())


def acronym(name: str) -> str | None:
    """Initials of the capitalised words of ``name`` (None when shorter than two letters)."""
    if "'" in name:
        return None
    letters = "".join(part[0] for part in re.findall(r"[A-Z][\w'-]*", name)
                      if part.lower() not in {"of", "and", "for", "the", "in", "to", "on"})
    return letters if 2 <= len(letters) <= 8 else None


def towns(rng: random.Random) -> dict[str, str]:
    """Every invented town, with the counterpart country it is in."""
    return {start + end: rng.choice(w.COUNTERPARTS)
            for start in w.TOWN_STARTS for end in w.TOWN_ENDS}


def _candidates(kind: str,
                places: dict[str, str]) -> list[Sequence[tuple[str, str | None]]]:
    """Every name an organisation of ``kind`` may get, as tiers: the first are used first
    (national bodies before regional ones, embassies before consulates)."""
    ca, ms = w.COUNTERPARTS, w.MEMBER_STATES
    if kind == "eu_institution":
        return [[(f"EU Delegation to {c}, {s}", c) for c in ca for s in w.EU_SECTIONS]
                + [(f"{b}, {t}", None) for b in w.EU_BODIES for t in
                   ("human rights team", "Central Asia team", *(f"{c} desk" for c in ca))]]
    if kind == "member_state":
        national = [(template.format(state=s, country=c, division=d, town=""), s)
                    for template in w.MS_BODIES if "{town}" not in template
                    for s in ms for c in (ca if "{country}" in template else ca[:1])
                    for d in (w.MS_DIVISIONS if "{division}" in template else w.MS_DIVISIONS[:1])]
        return [sorted(set(national)), [(f"Consulate of {s} in {t}", s) for s in ms
                                        for t in places]]
    if kind == "government":
        return [[(f"{c} Ministry of {m}", c) for c in ca for m in w.MINISTRIES]
                + [(f"{b} of {c}", c) for c in ca for b in w.STATE_BODIES],
                [(f"{t} {b}", c) for t, c in places.items() for b in w.REGIONAL_BODIES]]
    if kind == "cso":
        local = [a + b for a in w.LOCAL_WORD_STARTS for b in w.LOCAL_WORD_ENDS]
        return [[(f"{kind_} '{word}'", ca[n % len(ca)]) for n, word in enumerate(local)
                 for kind_ in w.CSO_TYPES]
                + [(f"{a} {n} {kind_}", ca[len(a + n) % len(ca)]) for a in w.CSO_ADJECTIVES
                   for n in w.CSO_NOUNS for kind_ in w.CSO_TYPES]]
    if kind == "media":
        local = [a + b for a in w.LOCAL_WORD_STARTS for b in w.LOCAL_WORD_ENDS]
        return [[(f"{t} {m}", c) for t, c in places.items() for m in w.MEDIA_NOUNS]
                + [(f"Radio {word}", ca[n % len(ca)]) for n, word in enumerate(local)]]
    if kind == "intergovernmental":
        return [[(f"{p} {b} in {c}", c) for p in w.IGO_PREFIXES for b in w.IGO_BODIES
                 for c in ca],
                [(f"{b}, {t} field office", c) for t, c in places.items() for b in w.IGO_BODIES]]
    return [[(f"{t} {b}", c) for t, c in places.items() for b in w.OTHER_BODIES]]


def organisation_names(rng: random.Random, kind: str, count: int,
                       places: dict[str, str]) -> list[tuple[str, str | None]]:
    """``count`` different (name, country) of invented organisations of ``kind`` (an
    OrganisationKind value), in random order; numbered once every name is taken."""
    chosen: list[tuple[str, str | None]] = []
    for tier in _candidates(kind, places):
        tier = sorted(tier)
        rng.shuffle(tier)
        chosen.extend(tier[:count - len(chosen)])
    base = list(chosen) or [(kind, None)]
    while len(chosen) < count:
        name, country = base[len(chosen) % len(base)]
        chosen.append((f"{name} ({len(chosen) // len(base) + 1})", country))
    rng.shuffle(chosen)
    return chosen
