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

Modules: :mod:`.names` (folding, spellings), :mod:`.matcher` (the automaton and mentions),
:mod:`.text` (masking texts and packs, keeping hidden names through a save), :mod:`.web`
(the response hook, the reader's own words, the session listeners). Import from here.

The automaton is built once per process and cached; it is rebuilt when the stamp that
database triggers renew on every change to a person's name, spellings or sensitivity
(:class:`app.models.NameStamp`) differs from the one it was built at (read once per request).
"""

from app.security.masking.matcher import (
    Matcher,
    Mention,
    is_hidden,
    matcher,
    matcher_for,
    mentions,
    replace_mentions,
)
from app.security.masking.names import MIN_SPELLING, fold, spellings_of
from app.security.masking.text import (
    MASK,
    hidden_mentions,
    hides_words,
    mask,
    mask_structure,
    mask_with,
    masker,
    named_mentions,
    restore_masked,
    seal_structure,
    strings_in,
)
from app.security.masking.web import as_typed, as_typed_in_address, echo, install, mask_response

__all__ = [
    "MASK", "MIN_SPELLING", "Matcher", "Mention", "as_typed", "as_typed_in_address", "echo", "fold", "hidden_mentions", "hides_words",
    "install",
    "is_hidden", "mask", "mask_response", "mask_structure", "mask_with", "masker", "matcher",
    "matcher_for", "mentions", "named_mentions", "replace_mentions", "restore_masked",
    "seal_structure", "spellings_of", "strings_in",
]
