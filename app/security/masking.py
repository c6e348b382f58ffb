"""Name-aware masking of free text: restricted persons' names become "[restricted]".

The visibility rule (:mod:`app.security.visibility`) hides restricted *records*; this module
hides restricted *names* inside the free text of records a reader may see (a normal meeting's
notes that mention an at-risk activist, a finding, a follow-up, an external pack). It is one
function, :func:`mask`, applied at the edges:

- every text response of a signed-in reader not cleared for everything
  (:func:`mask_response`, an ``after_request`` hook: pages, search snippets, CSV, vCard,
  calendar, Markdown, JSON, import messages);
- what is rendered to a binary or sent elsewhere: packs (:func:`app.services.packs.seal`),
  debrief PDFs, reminder mail, each with the reader's levels;
- external packs always, whatever the issuer's clearance.

How names are matched: every spelling of every confidential or at-risk person (full name,
other spellings, the two-word name reversed, and a Latin transliteration of Cyrillic
spellings) is folded (case, accents, quote marks; one character for one character, so
positions in the folded text are positions in the original) and put in one Aho-Corasick
automaton (``pyahocorasick``). A match counts only on word boundaries; overlapping matches
keep the longest. A spelling that a person the reader *may* see also has is not masked (the
reader can see that name anyway, and masking it would tell them a hidden twin exists).

The automaton is built once per process and cached; it is rebuilt when the stamp that
database triggers renew on every change to a person's name, spellings or sensitivity
(:class:`app.models.NameStamp`) differs from the one it was built at (read once per request).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

import ahocorasick
from flask import g, has_request_context
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from app.models import NameStamp, Person, PersonName, Sensitivity

#: What a masked name is replaced with.
MASK = "[restricted]"
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


def fold(text: str) -> str:
    """``text`` folded for matching; always the same length as ``text``."""
    return text.translate(_FOLD)


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


@dataclass
class Matcher:
    """The automaton over restricted spellings, with who owns each spelling."""

    fingerprint: tuple
    automaton: object | None
    #: folded spelling -> ((person_id, sensitivity value), ...) of every person spelled so.
    owners: dict[str, tuple[tuple[int, str], ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Mention:
    """A restricted person's name found in a text, at ``start:end``."""

    start: int
    end: int
    owners: tuple[tuple[int, str], ...]
    spelling: str = ""


_lock = threading.Lock()
_matchers: dict[str, Matcher] = {}


def _fingerprint(session: Session) -> tuple:
    """The stamp database triggers renew on every change to a name or a sensitivity."""
    return (session.scalar(select(NameStamp.stamp).where(NameStamp.id == 1)),)


def _build(session: Session, fingerprint: tuple) -> Matcher:
    """Load every person's spellings and build the automaton over the restricted ones."""
    persons_table, names_table = Person.__table__, PersonName.__table__
    everyone = {"parley_unrestricted": True}
    persons = session.execute(select(persons_table.c.id, persons_table.c.full_name,
                                     persons_table.c.sensitivity).execution_options(**everyone)
                              ).all()
    other_names: dict[int, list[str]] = {}
    for person_id, name in session.execute(select(
            names_table.c.person_id, names_table.c.name).execution_options(**everyone)):
        other_names.setdefault(person_id, []).append(name)
    normal = Sensitivity.NORMAL.value
    restricted: dict[str, list[tuple[int, str]]] = {}
    for person_id, full_name, sensitivity in persons:
        if sensitivity != normal:
            for spelling in spellings_of(full_name, other_names.get(person_id, ())):
                restricted.setdefault(spelling, []).append((person_id, sensitivity))
    for person_id, full_name, sensitivity in persons:  # namesakes the reader may see
        if sensitivity == normal:
            for spelling in spellings_of(full_name, other_names.get(person_id, ())):
                if spelling in restricted:
                    restricted[spelling].append((person_id, normal))
    owners = {spelling: tuple(found) for spelling, found in restricted.items()}
    return Matcher(fingerprint, _automaton(owners), owners)


def _automaton(spellings: Iterable[str]):
    """The Aho-Corasick automaton over folded ``spellings`` (None when there are none)."""
    spellings = list(spellings)
    if not spellings:
        return None
    automaton = ahocorasick.Automaton()
    for spelling in spellings:
        automaton.add_word(spelling, spelling)
    automaton.make_automaton()
    return automaton


def matcher_for(persons: dict[int, tuple[str, Iterable[str]]]) -> Matcher:
    """A matcher over the given persons only, whatever their sensitivity; not cached.

    ``persons`` maps a person id to ``(full_name, other spellings)``; the spellings are
    :func:`spellings_of`'s. Used where one person's names are looked for on purpose (erasure,
    subject access), with :func:`mentions` and :func:`replace_mentions`.
    """
    owners: dict[str, list[tuple[int, str]]] = {}
    for person_id, (full_name, others) in persons.items():
        for spelling in spellings_of(full_name, others):
            owners.setdefault(spelling, []).append((person_id, ""))
    owned = {spelling: tuple(found) for spelling, found in owners.items()}
    return Matcher((), _automaton(owned), owned)


def replace_mentions(text: str | None, found: Matcher, replacement) -> str | None:
    """``text`` with every name ``found`` matches replaced by ``replacement(mention)``."""
    if not text:
        return text
    pieces, position = [], 0
    for mention in mentions(text, found):
        pieces += [text[position:mention.start], replacement(mention)]
        position = mention.end
    if not pieces:
        return text
    pieces.append(text[position:])
    return "".join(pieces)


def _key(session: Session) -> str:
    bind = session.get_bind()
    return str(bind.url)


def matcher(session: Session) -> Matcher:
    """The current matcher for this database, rebuilt when a name or sensitivity changed.

    The stamp is read once per request (on every call outside a request); a flush that
    touched a person in this request forgets the request's copy.
    """
    in_request = has_request_context()
    if in_request and g.get("parley_matcher") is not None:
        return g.parley_matcher
    key = _key(session)
    current = _matchers.get(key)
    fingerprint = _fingerprint(session)
    if current is None or current.fingerprint != fingerprint or fingerprint == (None,):
        current = _build(session, fingerprint)
        with _lock:
            _matchers[key] = current
    if in_request:
        g.parley_matcher = current
    return current


def mentions(text: str, found: Matcher) -> list[Mention]:
    """Restricted names in ``text`` (longest match wins, on word boundaries), in order."""
    if not text or found.automaton is None:
        return []
    folded = fold(text)
    candidates = []
    for end, spelling in found.automaton.iter(folded):
        start = end - len(spelling) + 1
        if start > 0 and folded[start - 1].isalnum():
            continue
        if end + 1 < len(folded) and folded[end + 1].isalnum():
            continue
        candidates.append((start, end + 1, spelling))
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    result, last_end = [], -1
    for start, end, spelling in candidates:
        if start >= last_end:
            result.append(Mention(start, end, found.owners[spelling], spelling))
            last_end = end
    return result


def is_hidden(mention: Mention, levels: Iterable[Sensitivity], exempt: Iterable[int] = ()) -> bool:
    """True when the reader (``levels``) may not read this name (and may see nobody so named)."""
    values = {Sensitivity(level).value for level in levels}
    exempt = set(exempt)
    visible_owner = any(level in values or pid in exempt for pid, level in mention.owners)
    return not visible_owner


def mask_with(text: str, found: Matcher, levels, exempt: Iterable[int] = (),
              spoken: frozenset[str] = frozenset()) -> str:
    """``text`` with every name hidden from ``levels`` replaced by :data:`MASK`.

    ``spoken`` holds folded spellings the reader wrote themselves in this request (see
    :func:`echo`); they are left as written.
    """
    def hide(mention: Mention) -> str:
        if mention.spelling not in spoken and is_hidden(mention, levels, exempt):
            return MASK
        return text[mention.start:mention.end]

    return replace_mentions(text, found, hide)


def mask(session: Session, text: str | None, levels=None, exempt: Iterable[int] = ()) -> str | None:
    """Mask, in ``text``, every spelling of every person above ``levels``.

    ``levels`` defaults to the current reader's (:func:`visibility.current_levels`);
    ``exempt`` lists person ids whose names may stay (an external pack's cases cleared for
    naming).
    """
    from app.security.visibility import ALL_LEVELS, current_levels

    if not text:
        return text
    levels = tuple(levels) if levels is not None else current_levels(session)
    if set(levels) >= set(ALL_LEVELS):
        return text
    return mask_with(text, matcher(session), levels, exempt)


def masker(session: Session, levels=None, exempt: Iterable[int] = ()):
    """A function masking texts for ``levels`` (the reader's by default), for many texts at
    once: the matcher is looked up once, and the function is the identity when the reader is
    cleared for everything."""
    from app.security.visibility import ALL_LEVELS, current_levels

    levels = tuple(levels) if levels is not None else current_levels(session)
    if set(levels) >= set(ALL_LEVELS):
        return lambda text: text
    found, exempt = matcher(session), tuple(exempt)
    return lambda text: mask_with(text, found, levels, exempt) if text else text


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


TEXT_MIMETYPES = ("text/", "application/json", "application/xml", "image/svg+xml")


def echo(*texts: str) -> None:
    """Declare text the reader supplied (an uploaded paper, a CSV file) that this page shows.

    A name the reader wrote themselves is not masked back at them: "[restricted]" in place
    of a name they typed would tell them a hidden record exists. Posted form values count
    automatically; a view showing an upload read on an earlier request declares it here.
    """
    g.setdefault("parley_echo", []).extend(t for t in texts if t)


def _spoken(found: Matcher) -> frozenset[str]:
    """Folded spellings found in what the reader supplied in this request."""
    from flask import request
    from werkzeug.exceptions import HTTPException

    supplied = list(g.get("parley_echo") or [])
    if request.method == "POST":
        try:
            supplied += [value for _, value in request.form.items(multi=True)]
        except HTTPException:  # a body refused as too large has no form to read
            pass
    if not supplied:
        return frozenset()
    return frozenset(m.spelling for m in mentions("\n".join(supplied), found))


def mask_response(response):
    """``after_request`` hook: mask the body of every text response for the current reader."""
    from app.extensions import db
    from app.security.visibility import ALL_LEVELS, current_levels

    if response.direct_passthrough or response.is_streamed:
        return response
    if not (response.mimetype or "").startswith(TEXT_MIMETYPES):
        return response
    levels = g.get("parley_mask_levels") or current_levels(db.session)
    if set(levels) >= set(ALL_LEVELS):
        return response
    body = response.get_data(as_text=True)
    found = matcher(db.session)
    masked = mask_with(body, found, levels, spoken=_spoken(found))
    if masked is not body and masked != body:
        response.set_data(masked)
    return response


def _note_person_changes(session: Session, flush_context) -> None:
    """Forget this request's matcher when a person or a spelling was written."""
    if not has_request_context() or g.get("parley_matcher") is None:
        return
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Person | PersonName):
            g.pop("parley_matcher", None)
            return


def _restore_on_save(session: Session, flush_context, instances) -> None:
    """Before a flush in a request: names a reader saw masked are kept in the text they save."""
    from sqlalchemy import String, inspect

    from app.security.visibility import ALL_LEVELS, current_levels

    if not has_request_context():
        return
    levels = current_levels(session)
    if set(levels) >= set(ALL_LEVELS):
        return
    found = None
    for obj in session.dirty:
        state = inspect(obj)
        for attr in state.mapper.column_attrs:
            column = attr.columns[0]
            if not isinstance(column.type, String):
                continue
            history = state.attrs[attr.key].history
            if not history.deleted or not history.added:
                continue
            old, new = history.deleted[0], history.added[0]
            if not isinstance(old, str) or not isinstance(new, str) or MASK not in new:
                continue
            found = found or matcher(session)
            restored = restore_masked(new, old, found, levels)
            if restored != new:
                setattr(obj, attr.key, restored)


def install(session_class=Session) -> None:
    """Attach the cache invalidation and the save-time restoring to every session."""
    if not event.contains(session_class, "before_flush", _restore_on_save):
        event.listen(session_class, "before_flush", _restore_on_save)
    if not event.contains(session_class, "after_flush", _note_person_changes):
        event.listen(session_class, "after_flush", _note_person_changes)
