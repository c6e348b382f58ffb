"""Folding names for matching, and every spelling of a person that masking looks for."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

#: Spellings shorter than this (folded) are not matched: too many false hits.
MIN_SPELLING = 4


_CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "қ": "k", "л": "l", "м": "m", "н": "n", "ң": "n",
    "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u", "ү": "u",
    "ф": "f", "х": "kh", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "",
    "ы": "y", "і": "i", "ь": "", "э": "e", "ю": "yu", "я": "ya", "ә": "a",
}
_QUOTES = {"\u2018": "'", "\u2019": "'", "\u02bc": "'", "`": "'", "\u00b4": "'",
           "\u201c": '"', "\u201d": '"', "\u00a0": " ", "\u2007": " ", "\u202f": " ",
           "\t": " ", "\n": " ", "\r": " ", "-": " ", "\u2010": " ", "\u2011": " "}


def _build_fold_table() -> dict[int, str]:
    """A one-to-one character map: lower case, no accents, plain quotes and spaces."""
    table: dict[int, str] = {}
    for code in range(0x20, 0x2100):
        char = chr(code)
        if char in _QUOTES:
            table[code] = _QUOTES[char]
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", char)
                       if not unicodedata.combining(c)).lower()
        folded = base if len(base) == 1 else char.lower()
        if len(folded) != 1:
            folded = char
        if folded != char:
            table[code] = folded
    for char, folded in _QUOTES.items():
        table[ord(char)] = folded
    return table


_FOLD = _build_fold_table()
#: The ASCII part of :data:`_FOLD` as a byte table. In UTF-8 a byte below 0x80 is always a
#: whole ASCII character, so translating the encoded text folds its ASCII characters in C and
#: leaves every other character's bytes as they are.
_ASCII_FOLD = bytes(ord(_FOLD.get(code, chr(code))) if code < 0x80 else code
                    for code in range(256))
_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")


def _fold_run(run: re.Match[str]) -> str:
    return run.group().translate(_FOLD)


def fold(text: str) -> str:
    """``text`` folded for matching; always the same length as ``text``.

    The same as ``text.translate(_FOLD)``, which looks every character up in a dict (about
    0.7 ms for 10 KB of a page, on every page the masking reads): the ASCII characters are
    folded as bytes and only the runs of other characters go through the dict."""
    ascii_folded = (text.encode("utf-8", "surrogatepass").translate(_ASCII_FOLD)
                    .decode("utf-8", "surrogatepass"))
    if ascii_folded.isascii():
        return ascii_folded
    return _NOT_ASCII.sub(_fold_run, ascii_folded)


_TRANSLITERATION = str.maketrans(_CYRILLIC_TO_LATIN)


def _transliterate(folded: str) -> str:
    return folded.translate(_TRANSLITERATION)


def spellings_of(full_name: str, others: Iterable[str] = ()) -> set[str]:
    """Every folded spelling of a person that the matcher looks for."""
    result = set()
    for name in (full_name, *others):
        words = fold(name or "").split()
        if not words:
            continue
        folded = " ".join(words)
        result.add(folded)
        if len(words) == 2:
            result.add(f"{words[1]} {words[0]}")
    result.update([_transliterate(s) for s in result])
    return {s for s in result if len(s) >= MIN_SPELLING}
