"""Reading a vCard file (.vcf, vCard 3.0 or 4.0, several cards) as contacts, through vobject.

Each card becomes one row with the columns :data:`VCARD_HEADERS`, so a vCard file goes through
the same mapping page, dry-run report and save as a CSV (:mod:`.csv_import`):

- full name: the preferred ``FN`` (``PREF=1``), else the first in Latin script, else the first;
  a card without ``FN`` takes "given additional family" from ``N``. The other ``FN`` lines
  (vCard 4 writes a Cyrillic and a Latin name as two ``FN`` with ``ALTID``) and every
  ``NICKNAME`` value become other spellings;
- email and phone: the preferred ``EMAIL`` and ``TEL`` (``PREF=1`` or ``TYPE=pref``), else the
  first; a vCard 4 ``tel:`` URI loses its scheme;
- organisation and role (the person's post): the first part of ``ORG``, and ``TITLE`` (else
  ``ROLE``); country: the country of the first ``ADR``.

A broken file is refused with the card and line where reading stopped (Parley checks the
lines itself first: vobject's line numbers are not reliable).
"""

from __future__ import annotations

import re

import vobject
from vobject.base import ParseError, textLineToContentLine
from vobject.icalendar import stringToTextValues

from app.security.cleaning import clean_text
from app.services.imports.briefing.lines import ImportRefused
from app.services.people.contacts.contacts_file import MAX_CELL, MAX_ROWS, ContactsFile

#: The columns of a vCard file, named so that the header guess maps each to its field.
VCARD_HEADERS = ["Full name", "Email", "Phone", "Country", "Organisation", "Role",
                 "Other spellings"]
_BEGIN = re.compile(r"^\s*BEGIN\s*:\s*VCARD\s*$", re.IGNORECASE | re.MULTILINE)
_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def is_vcard(text: str) -> bool:
    """True when the text is a vCard file (its first line is ``BEGIN:VCARD``)."""
    first = text.lstrip().split("\n", 1)[0]
    return bool(_BEGIN.match(first))


def read_vcards(text: str) -> ContactsFile:
    """Every card of a vCard file as a row of :data:`VCARD_HEADERS`; refuse a broken file."""
    rows: list[list[str]] = []
    nicknames = _scan(text)
    if len(nicknames) > MAX_ROWS:
        raise ImportRefused(f"The file has {len(nicknames)} cards; import at most {MAX_ROWS} at "
                            "a time.")
    cards = vobject.readComponents(text, ignoreUnreadable=False, allowQP=True)
    try:
        for number, card in enumerate(cards, start=1):
            if card.name != "VCARD":
                raise ImportRefused(f"Card {number} is a {card.name}, not a vCard: a .vcf file "
                                    "holds only BEGIN:VCARD … END:VCARD blocks.")
            extra = nicknames[number - 1] if number <= len(nicknames) else []
            rows.append(_row(card, extra))
    except ParseError as error:
        raise ImportRefused(_broken(error)) from None
    except (ValueError, TypeError, UnicodeError, AttributeError) as error:
        # vobject raises these on malformed values (a bad base64 or quoted-printable part).
        raise ImportRefused(f"Card {len(rows) + 1} cannot be read as a vCard ({error}). "
                            "Nothing was imported; correct that card or export the contacts "
                            "again.") from None
    if not rows:
        raise ImportRefused("The vCard file holds no card (BEGIN:VCARD … END:VCARD).")
    return ContactsFile(list(VCARD_HEADERS), rows, kind="vcard", first_line=1)


def _broken(error: ParseError) -> str:
    """The refusal for a file vobject stopped reading (its line numbers are not reliable)."""
    reason = re.sub(r"^At line \d+:\s*", "", str(getattr(error, "msg", "") or error))
    return _refusal("The file", reason)


def _refusal(where: str, reason: str) -> str:
    return (f"{where} is not a valid vCard: {reason[:200]}. Nothing was imported; every card "
            "starts with BEGIN:VCARD, has one property per line (NAME:value) and ends with "
            "END:VCARD.")


def _physical_lines(text: str):
    """(first line number, unfolded line) of each content line (folded lines start with a
    space or tab; quoted-printable lines ending in "=" continue too)."""
    current, first = None, 0
    for number, line in enumerate(text.splitlines(), start=1):
        if current is not None and (line[:1] in (" ", "\t")):
            current += line[1:]
            continue
        if current is not None and current.endswith("=") and "QUOTED-PRINTABLE" in (
                current.split(":", 1)[0].upper()):
            current = current[:-1] + line
            continue
        if current is not None:
            yield first, current
        current, first = line, number
    if current is not None:
        yield first, current


def _scan(text: str) -> list[list[str]]:
    """Check the file line by line and return each card's NICKNAME values (comma lists split:
    vobject keeps only the first). A broken line or card is refused with its number."""
    cards: list[list[str]] = []
    opened = 0
    for number, line in _physical_lines(text):
        if not line.strip():
            continue
        where = f"Card {len(cards) + (0 if opened else 1)} (line {number})"
        try:
            content = textLineToContentLine(line, number)
        except ParseError:
            raise ImportRefused(_refusal(where, f"“{line[:60]}” is not NAME:value")) from None
        name, value = content.name.upper(), str(content.value).strip().upper()
        if name == "BEGIN" and value == "VCARD":
            if opened:
                raise ImportRefused(_refusal(f"Card {len(cards)}",
                                             f"it has no END:VCARD before line {number}"))
            opened = number
            cards.append([])
        elif name == "END" and value == "VCARD":
            if not opened:
                raise ImportRefused(_refusal(where, "END:VCARD without BEGIN:VCARD"))
            opened = 0
        elif not opened:
            raise ImportRefused(_refusal(where, f"“{line[:60]}” stands outside any card"))
        elif name == "NICKNAME" and "ENCODING" not in content.params:
            cards[-1].extend(v for v in stringToTextValues(content.value) if v.strip())
    if opened:
        raise ImportRefused(_refusal(f"Card {len(cards)} (from line {opened})",
                                     "it never ends (END:VCARD is missing)"))
    return cards


def _cell(value) -> str:
    text = clean_text(value if isinstance(value, str) else str(value or ""))
    if len(text) > MAX_CELL:
        raise ImportRefused(f"A value in the vCard file is longer than {MAX_CELL:,} characters.")
    return text


def _lines(card, name: str) -> list:
    return card.contents.get(name, [])


def _preferred(lines: list) -> list:
    """Lines with the preferred one first (vCard 4 ``PREF=1``, vCard 3 ``TYPE=pref``)."""
    def rank(line) -> int:
        pref = line.params.get("PREF") or []
        if pref and str(pref[0]).isdigit():
            return int(pref[0])
        types = [str(t).casefold() for t in line.params.get("TYPE") or []]
        return 1 if "pref" in types else 101
    return sorted(lines, key=rank)


def _names(card) -> tuple[str, list[str]]:
    """The full name and the card's other spellings of it."""
    spellings = [_cell(line.value) for line in _preferred(_lines(card, "fn"))]
    spellings = [name for name in spellings if name]
    if not spellings and _lines(card, "n"):
        n = _lines(card, "n")[0].value
        parts = (getattr(n, "prefix", ""), getattr(n, "given", ""), getattr(n, "additional", ""),
                 getattr(n, "family", ""))
        joined = " ".join(" ".join(p) if isinstance(p, list) else str(p or "") for p in parts)
        spellings = [_cell(" ".join(joined.split()))] if joined.strip() else []
    if not spellings:
        return "", []
    has_pref = bool(_lines(card, "fn")) and any(
        line.params.get("PREF") for line in _lines(card, "fn"))
    full = spellings[0]
    if not has_pref and _CYRILLIC.search(full):
        full = next((name for name in spellings if _LATIN.search(name)
                     and not _CYRILLIC.search(name)), full)
    return full, [name for name in spellings if name != full]


def _first_value(card, name: str) -> str:
    lines = _preferred(_lines(card, name))
    return _cell(lines[0].value) if lines else ""


def _phone(card) -> str:
    phone = _first_value(card, "tel")
    return phone[4:].lstrip("/") if phone.casefold().startswith("tel:") else phone


def _organisation(card) -> str:
    lines = _lines(card, "org")
    if not lines:
        return ""
    value = lines[0].value
    parts = value if isinstance(value, list) else [value]
    return _cell(next((part for part in parts if str(part).strip()), ""))


def _country(card) -> str:
    for line in _lines(card, "adr"):
        country = getattr(line.value, "country", "")
        country = " ".join(country) if isinstance(country, list) else country
        if str(country or "").strip():
            return _cell(country)
    return ""


def _row(card, nicknames: list[str]) -> list[str]:
    """One card as the cells of :data:`VCARD_HEADERS`."""
    full_name, spellings = _names(card)
    for nickname in (_cell(n) for n in nicknames):
        if nickname and nickname != full_name and nickname not in spellings:
            spellings.append(nickname)
    role = _first_value(card, "title") or _first_value(card, "role")
    return [full_name, _first_value(card, "email"), _phone(card), _country(card),
            _organisation(card), role, "; ".join(spellings)]
