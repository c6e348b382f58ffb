"""Invented names: persons (Central-Asian-like and European-like, with their other
spellings), towns and organisations, built from the syllables of :mod:`.words`."""

from __future__ import annotations

import random
import re
import unicodedata
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
    letters = "".join(part[0] for part in re.findall(r"[A-Z][\w'-]*", name)
                      if part.lower() not in {"of", "and", "for", "the", "in", "to", "on"})
    return letters if 2 <= len(letters) <= 8 else None


def organisation_name(rng: random.Random, kind: str) -> tuple[str, str | None]:
    """(name, country) of an invented organisation of ``kind`` (an OrganisationKind value)."""
    counterpart = rng.choice(w.COUNTERPARTS)
    if kind == "eu_institution":
        if rng.random() < 0.3:
            return f"EU Delegation to {counterpart}, {rng.choice(w.IGO_BODIES)}", counterpart
        return f"{rng.choice(w.EU_BODIES)}", None
    if kind == "member_state":
        state = rng.choice(w.MEMBER_STATES)
        if rng.random() < 0.5:
            return f"Embassy of {state} in {counterpart}", state
        return f"{state} Ministry of Foreign Affairs, {rng.choice(w.MS_DIVISIONS)}", state
    if kind == "government":
        roll = rng.random()
        if roll < 0.35:
            return f"{counterpart} Ministry of {rng.choice(w.MINISTRIES)}", counterpart
        if roll < 0.6:
            return f"{rng.choice(w.STATE_BODIES)} of {counterpart}", counterpart
        return f"{town(rng)} {rng.choice(w.REGIONAL_BODIES)}", counterpart
    if kind == "cso":
        if rng.random() < 0.4:
            return f"{rng.choice(w.CSO_TYPES)} '{local_word(rng)}'", counterpart
        return (f"{rng.choice(w.CSO_ADJECTIVES)} {rng.choice(w.CSO_NOUNS)} "
                f"{rng.choice(w.CSO_TYPES)}", counterpart)
    if kind == "media":
        if rng.random() < 0.3:
            return f"Radio {local_word(rng)}", counterpart
        return f"{town(rng)} {rng.choice(w.MEDIA_NOUNS)}", counterpart
    if kind == "intergovernmental":
        return f"Regional {rng.choice(w.IGO_BODIES)} in {counterpart}", counterpart
    return f"{town(rng)} {rng.choice(w.OTHER_BODIES)}", counterpart


def unique(name: str, taken: set[str], rng: random.Random) -> str:
    """``name``, or a variant of it not in ``taken`` (a town or a number added); added to it."""
    candidate, attempt = name, 0
    while candidate.casefold() in taken:
        attempt += 1
        candidate = f"{name} ({town(rng)})" if attempt < 4 else f"{name} ({attempt})"
    taken.add(candidate.casefold())
    return candidate
