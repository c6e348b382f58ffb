"""Masking texts and pack structures for a reader, and keeping hidden names through a save."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import overload

from sqlalchemy.orm import Session

from app.models import Sensitivity
from app.security.masking.matcher import (
    Matcher,
    Mention,
    is_hidden,
    matcher,
    mentions,
    replace_mentions,
)
from app.security.masking.names import fold
from app.security.visibility import ALL_LEVELS, current_levels

#: What a masked name is replaced with.
MASK = "[restricted]"


def mask_with(text: str, found: Matcher, levels, exempt: Iterable[int] = (),
              spoken: frozenset[str] = frozenset(), replacement: str = MASK) -> str:
    """``text`` with every name hidden from ``levels`` replaced by :data:`MASK` (or
    ``replacement``).

    ``spoken`` holds folded spellings the reader wrote themselves in this request (see
    :func:`echo`); they are left as written.
    """
    def hide(mention: Mention) -> str:
        if mention.spelling not in spoken and is_hidden(mention, levels, exempt):
            return replacement
        return text[mention.start:mention.end]

    return replace_mentions(text, found, hide)


@overload
def mask(session: Session, text: str, levels=None, exempt: Iterable[int] = ()) -> str: ...
@overload
def mask(session: Session, text: None, levels=None, exempt: Iterable[int] = ()) -> None: ...
def mask(session: Session, text: str | None, levels=None, exempt: Iterable[int] = ()) -> str | None:
    """Mask, in ``text``, every spelling of every person above ``levels``.

    ``levels`` defaults to the current reader's (:func:`visibility.current_levels`);
    ``exempt`` lists person ids whose names may stay (an external pack's cases cleared for
    naming).
    """
    if not text:
        return text
    levels = tuple(levels) if levels is not None else current_levels(session)
    if set(levels) >= set(ALL_LEVELS):
        return text
    return mask_with(text, matcher(session), levels, exempt)


def masker(session: Session, levels=None, exempt: Iterable[int] = (), replacement: str = MASK):
    """A function masking texts for ``levels`` (the reader's by default), for many texts at
    once: the matcher is looked up once, and the function is the identity when the reader is
    cleared for everything."""
    levels = tuple(levels) if levels is not None else current_levels(session)
    if set(levels) >= set(ALL_LEVELS):
        return lambda text: text
    found, exempt = matcher(session), tuple(exempt)
    return lambda text: (mask_with(text, found, levels, exempt, replacement=replacement)
                         if text else text)


def hides_words(session: Session, words: Iterable[str], levels=None) -> bool:
    """True when a word of ``words`` (without spaces) is part of a name masked for ``levels``
    (the reader's by default): only then can the word be found in a text inside a name the
    reader sees masked. A mention covers whole words, so a word inside one is inside its
    spelling."""
    levels = tuple(levels) if levels is not None else current_levels(session)
    if set(levels) >= set(ALL_LEVELS):
        return False
    found = matcher(session)
    key = frozenset(Sensitivity(level).value for level in levels)
    hidden = found.hidden_spellings.get(key)
    if hidden is None:  # once per matcher and clearance: thousands of spellings
        hidden = found.hidden_spellings[key] = "\n".join(
            spelling for spelling, owners in found.owners.items()
            if is_hidden(Mention(0, 0, owners), levels))
    return any(fold(word) in hidden for word in words if word)


def hidden_mentions(found: Matcher, texts: Iterable[str], levels, exempt=()) -> set[int]:
    """Ids of the persons whose names ``mask`` would hide in ``texts``."""
    result: set[int] = set()
    for text in texts:
        for mention in mentions(text, found):
            if is_hidden(mention, levels, exempt):
                result.update(pid for pid, _ in mention.owners)
    return result


def named_mentions(found: Matcher, texts: Iterable[str]) -> dict[int, Sensitivity]:
    """Every restricted person named in ``texts`` -> their sensitivity (for packs' levels)."""
    result: dict[int, Sensitivity] = {}
    for text in texts:
        for mention in mentions(text, found):
            for pid, level in mention.owners:
                if level != Sensitivity.NORMAL.value:
                    result[pid] = Sensitivity(level)
    return result


def mask_structure(found: Matcher, value, levels, exempt: Iterable[int] = ()):
    """A copy of a JSON-like ``value`` (dicts, lists, strings) with every string masked."""
    exempt = tuple(exempt)

    def walk(item):
        if isinstance(item, str):
            return mask_with(item, found, levels, exempt)
        if isinstance(item, dict):
            return {key: walk(val) for key, val in item.items()}
        if isinstance(item, list | tuple):
            return [walk(val) for val in item]
        return item

    return walk(value)


def seal_structure(found: Matcher, value, levels, exempt: Iterable[int] = ()):
    """:func:`mask_structure` of ``value``, with what a pack records of it, in one pass over
    its strings: ``(masked value, ids of the persons masked, {restricted person left in
    clear: their sensitivity})`` (the :func:`hidden_mentions` of ``value`` and the
    :func:`named_mentions` of the masked value)."""
    exempt = tuple(exempt)
    masked_ids: set[int] = set()
    in_clear: dict[int, Sensitivity] = {}
    normal = Sensitivity.NORMAL.value

    def seal_text(text: str) -> str:
        pieces, position = [], 0
        for mention in mentions(text, found):
            if is_hidden(mention, levels, exempt):
                masked_ids.update(pid for pid, _ in mention.owners)
                shown = MASK
            else:
                in_clear.update((pid, Sensitivity(level)) for pid, level in mention.owners
                                if level != normal)
                shown = text[mention.start:mention.end]
            pieces += [text[position:mention.start], shown]
            position = mention.end
        if not pieces:
            return text
        pieces.append(text[position:])
        return "".join(pieces)

    def walk(item):
        if isinstance(item, str):
            return seal_text(item)
        if isinstance(item, dict):
            return {key: walk(val) for key, val in item.items()}
        if isinstance(item, list | tuple):
            return [walk(val) for val in item]
        return item

    return walk(value), masked_ids, in_clear


def strings_in(value) -> list[str]:
    """Every string inside a JSON-like ``value``."""
    result: list[str] = []

    def walk(item):
        if isinstance(item, str):
            result.append(item)
        elif isinstance(item, dict):
            for val in item.values():
                walk(val)
        elif isinstance(item, list | tuple):
            for val in item:
                walk(val)

    walk(value)
    return result


_MASK_PATTERN = re.compile(re.escape(MASK))


def restore_masked(new: str, old: str, found: Matcher, levels) -> str:
    """Put back the names a reader saw masked in ``old`` and sent back unchanged in ``new``.

    An officer editing a note that names someone above their clearance sees "[restricted]";
    saving it must not erase the name. The k-th mask in ``new`` takes back the k-th hidden
    name of ``old`` (extra masks typed by hand stay as typed).
    """
    hidden = [old[m.start:m.end] for m in mentions(old, found) if is_hidden(m, levels)]
    if not hidden or MASK not in new:
        return new
    names = iter(hidden)
    return _MASK_PATTERN.sub(lambda match: next(names, MASK), new)
