"""Names compared across scripts and transliteration schemes: one Latin key per name.

Kazakh and Russian names reach Parley in many spellings: Cyrillic (Жыланбаев), a Russian
passport scheme (Zhylanbaev), the Wikipedia scheme (Zhylanbayev), Kazakh Latin (Jylanbaev) or
an English habit (Muhamedkarim). :func:`match_key` turns each into the same comparable key:

1. Kazakh Cyrillic letters become their Russian neighbours (ә→а, қ→к, ұ→у...), then the
   Cyrillic is transliterated by ``iuliia`` (the Wikipedia scheme; which scheme matters little
   since step 3 folds their differences);
2. case, accents and punctuation go; Kazakh and Turkish Latin letters become digraphs
   (ş→sh, ç→ch, ğ→g, ı→i);
3. the variants the schemes disagree on are folded (:data:`LATIN_VARIANTS`): zh/j/dj/dzh,
   kh/h, q/k, y/i, a "y" between vowels (Sekerbayeva/Sekerbaeva) or before a vowel at the
   start (Yerlan/Erlan), doubled letters;
4. family-name endings of one gender are folded (:data:`ENDINGS`): -ev/-ov/-uly, -eva/-ova/
   -kyzy, -evich/-ovich, -evna/-ovna; the stem must keep three letters;
5. the words are sorted, so that "Zhylanbaev Marat" and "Marat Zhylanbaev" agree.

The key is for matching only (duplicates, the review queue); it is never stored or shown,
only cached in memory (:data:`KEY_CACHE_SIZE`).
"""

from __future__ import annotations

import re
from functools import lru_cache

import iuliia

from app.services.folding import normalise

#: Kazakh letters iuliia does not know, as the Russian letters they are written with in
#: Russian-scheme passports.
KAZAKH_CYRILLIC = str.maketrans({
    "ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и",
    "Ә": "А", "Ғ": "Г", "Қ": "К", "Ң": "Н", "Ө": "О", "Ұ": "У", "Ү": "У", "Һ": "Х", "І": "И",
})
#: Latin letters that lose meaning when their accent is dropped (Kazakh Latin, Turkish).
LATIN_LETTERS = str.maketrans({"ş": "sh", "ç": "ch", "ğ": "g", "ı": "i", "ñ": "n",
                               "ș": "sh", "ž": "zh", "š": "sh", "č": "ch"})
#: (pattern, replacement) applied in order to each word: the variants of the schemes.
LATIN_VARIANTS = tuple((re.compile(pattern), replacement) for pattern, replacement in (
    (r"shch|sch", "sh"),
    (r"tch", "ch"),
    (r"dzh|dj|zh", "j"),
    (r"kh", "h"),
    (r"gh", "g"),
    (r"q", "k"),
    (r"ck", "k"),
    (r"x", "ks"),
    (r"ph", "f"),
    (r"w", "v"),
    (r"y", "i"),
    (r"(?<![^aeiou])i(?=[aeiou])", ""),  # an "i" (or "y") after a vowel or first, before one
    (r"(.)\1+", r"\1"),
))
#: Family-name endings, folded to one per gender (after :data:`LATIN_VARIANTS`).
ENDINGS = tuple((re.compile(rf"^(\w{{3,}}?)(?:{pattern})$"), replacement)
                for pattern, replacement in (
    (r"evich|ovich", "ovich"),
    (r"evna|ovna", "ovna"),
    (r"eva|ova|kizi|gizi", "ova"),
    (r"ev|ov|uli|ulu", "ov"),
))
#: Patronymic words written apart ("Zhylanbay uly"), joined to the word before them.
SEPARATE_ENDINGS = frozenset({"uli", "ulu", "kizi", "gizi"})
_NOT_LETTERS = re.compile(r"[^a-z\s]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_SCHEME = iuliia.WIKIPEDIA


def to_latin(name: str) -> str:
    """``name`` with any Cyrillic (Russian or Kazakh) transliterated to Latin letters."""
    if not _CYRILLIC.search(name):
        return name
    return _SCHEME.translate(name.translate(KAZAKH_CYRILLIC))


def _fold_word(word: str) -> str:
    for pattern, replacement in LATIN_VARIANTS:
        word = pattern.sub(replacement, word)
    for pattern, replacement in ENDINGS:
        folded, found = pattern.subn(rf"\g<1>{replacement}", word)
        if found:
            return folded
    return word


#: Keys kept per process: every person's names and spellings, so that the duplicate check of a
#: profile page (which compares with every name) computes each key once (about 50 µs each).
KEY_CACHE_SIZE = 200_000


@lru_cache(maxsize=KEY_CACHE_SIZE)
def match_key(name: str) -> str:
    """A Latin key under which every spelling of one name agrees (see the module docstring)."""
    text = normalise(to_latin(name or "").casefold().translate(LATIN_LETTERS))
    text = _NOT_LETTERS.sub(" ", text)
    words: list[str] = []
    for word in text.split():
        word = word.replace("y", "i")
        if words and word in SEPARATE_ENDINGS:
            words[-1] += word
        else:
            words.append(word)
    return " ".join(sorted(_fold_word(word) for word in words))
