"""What can be looked up by name: one :class:`Kind` per growing table (persons, cases, ...).

A kind says how a record is searched (each typed word must match one of its conditions), how
it is labelled in a type-ahead list and on a form, which records may be newly chosen (not
archived) and in what order matches come. :mod:`app.services.lookup` runs the searches; the
form fields (:mod:`app.lookup.fields`) and the ``/lookup/<kinds>`` endpoint use both.

Every query is an ORM query on the kind's model, so the visibility rule
(:mod:`app.security.visibility`) hides restricted persons and cases from users not cleared
for them, in the type-ahead lists and when a posted id is checked alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import or_, select, true
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.sql.elements import ColumnElement

from app.models import (
    Affiliation,
    Case,
    DialogueEvent,
    Meeting,
    Organisation,
    Person,
    PersonName,
    Raising,
    Recommendation,
    Source,
    Theme,
    User,
)
from app.services.people.names import (
    contains_folded,
    fold,
    fold_text,
    person_found_by,
    person_name_matches,
)

#: The model a kind looks up.
R = TypeVar("R")


@dataclass(frozen=True)
class Kind(Generic[R]):
    """One kind of record a type-ahead can offer."""

    #: The name in addresses (``/lookup/persons``) and in field declarations.
    name: str
    #: One letter naming the kind in mixed references: ``r12`` is recommendation 12.
    prefix: str
    #: What one record is called in messages ("person"), and several ("persons").
    noun: str
    plural: str
    #: The heading of its results in a mixed list.
    group: str
    model: type[R]
    #: The column a label starts with: exact names and prefix matches rank first.
    name_column: object
    #: SQL condition: the record matches one typed word.
    word: Callable[[str], ColumnElement]
    #: The record as shown in a list and in the field, and a line of detail beside it.
    label: Callable[[R], str]
    detail: Callable[[R], str] = lambda record: ""
    #: SQL condition: the record may be newly chosen (not archived, an active account).
    current: Callable[[], ColumnElement] = lambda: true()
    #: Order of matches after prefix matches.
    order: Callable[[], tuple] = lambda: ()
    #: Loader options for what ``label`` and ``detail`` read (no query per result).
    loads: Callable[[], tuple] = lambda: ()
    #: The searched texts that may quote a person's name (checked against name masking).
    texts: Callable[[R], tuple[str | None, ...]] | None = None
    #: SQL condition: the record is called exactly ``text`` (folded); default: its name column.
    exact: Callable[[str], ColumnElement] | None = None
    #: SQL condition: the record was raised at a meeting of dialogue event ``id`` (such
    #: records come first in a type-ahead asked for that event).
    raised_at: Callable[[int], ColumnElement] | None = None
    #: SQL condition, narrower than ``word``: the record's own name contains one typed word.
    #: Records matching every word so come before those matched by anything else (a person
    #: called Zhanna before one working at an organisation called Akdzhar), and a common word
    #: is then answered from the names alone.
    name_word: Callable[[str], ColumnElement] | None = None

    def called(self, text: str):
        """SQL condition: the record's name is exactly ``text`` (ignoring case)."""
        if self.exact is not None:
            return self.exact(text)
        return fold(self.name_column) == fold_text(text)

    def is_current(self, record) -> bool:
        """True when ``record`` may be newly chosen (the Python twin of :attr:`current`)."""
        if hasattr(record, "archived_at") and record.archived_at is not None:
            return False
        if getattr(record, "erased_at", None) is not None:
            return False
        return getattr(record, "is_active_account", True) is not False


def person_matches(word: str):
    """SQL condition on Person: a name or other spelling, a post or an organisation (name or
    acronym) contains ``word``."""
    organisations = select(Organisation.id).where(or_(contains_folded(Organisation.name, word),
                                                      contains_folded(Organisation.acronym, word)))
    # the posts at the organisations found are sought by organisation (in one OR with the
    # role, every post's row was read)
    return person_found_by(word, select(Affiliation.person_id)
                           .where(Affiliation.organisation_id.in_(organisations)))


def person_called(text: str):
    """SQL condition on Person: the full name or another spelling is exactly ``text``."""
    folded = fold_text(text)
    spelled = select(PersonName.person_id).where(fold(PersonName.name) == folded)
    return or_(fold(Person.full_name) == folded, Person.id.in_(spelled))


def person_post(person: Person) -> str:
    """The person's current post, e.g. "Head of Division, EEAS" (empty when none)."""
    for affiliation in person.current_affiliations:
        organisation = affiliation.organisation
        where = organisation.acronym or organisation.name if organisation else ""
        return ", ".join(part for part in (affiliation.role, where) if part)
    return ""


def event_label(event: DialogueEvent) -> str:
    """The event's title, with its year when the title does not say it."""
    if event.starts_on and str(event.starts_on.year) not in event.title:
        return f"{event.title} ({event.starts_on.year})"
    return event.title


def _raised_at(column, event_id: int):
    """The ids in ``column`` of the raisings at the live meetings of event ``event_id``."""
    return (select(column).join(Meeting, Meeting.id == Raising.meeting_id)
            .where(Meeting.event_id == event_id, Meeting.archived_at.is_(None),
                   Raising.archived_at.is_(None), column.is_not(None)))


def _any_contains(*columns):
    return lambda word: or_(*(contains_folded(column, word) for column in columns))


def _joined(*parts) -> str:
    return ", ".join(str(part) for part in parts if part)


def _theme_label(theme: Theme) -> str:
    return f"{theme.parent.name} › {theme.name}" if theme.parent else theme.name


KINDS: dict[str, Kind[Any]] = {kind.name: kind for kind in (
    Kind("persons", "p", "person", "persons", "Stakeholders", Person, Person.full_name,
         person_matches, lambda p: p.full_name, person_post,
         current=lambda: Person.archived_at.is_(None) & Person.erased_at.is_(None),
         order=lambda: (Person.full_name, Person.id),
         loads=lambda: (selectinload(Person.affiliations)
                        .joinedload(Affiliation.organisation),),
         exact=person_called, name_word=person_name_matches),
    Kind("organisations", "o", "organisation", "organisations", "Organisations", Organisation,
         Organisation.name, _any_contains(Organisation.name, Organisation.acronym),
         lambda o: o.name, lambda o: _joined(o.acronym, o.country),
         current=lambda: Organisation.archived_at.is_(None),
         order=lambda: (Organisation.name, Organisation.id),
         texts=lambda o: (o.name, o.acronym)),
    Kind("events", "e", "dialogue event", "dialogue events", "Dialogue events", DialogueEvent,
         DialogueEvent.title,
         _any_contains(DialogueEvent.title, DialogueEvent.place,
                       DialogueEvent.counterpart_country),
         event_label, lambda e: _joined(e.starts_on and e.starts_on.strftime("%d %b %Y"),
                                        e.place),
         current=lambda: DialogueEvent.archived_at.is_(None),
         order=lambda: (DialogueEvent.starts_on.desc().nulls_last(), DialogueEvent.id.desc()),
         texts=lambda e: (e.title, e.place, e.counterpart_country)),
    Kind("users", "u", "colleague", "colleagues", "Colleagues", User, User.name,
         _any_contains(User.name), lambda u: u.name,
         lambda u: "" if u.is_active_account else "account closed",
         current=lambda: User.is_active_account.is_(True), order=lambda: (User.name, User.id)),
    Kind("recommendations", "r", "recommendation", "recommendations", "Recommendations",
         Recommendation, Recommendation.short_title,
         _any_contains(Recommendation.short_title, Recommendation.text,
                       Recommendation.addressee),
         lambda r: f"{r.addressee}: {r.title}",
         lambda r: f"Priority {r.priority}, {r.status.label.lower()}",
         current=lambda: Recommendation.archived_at.is_(None),
         order=lambda: (Recommendation.priority, Recommendation.id),
         texts=lambda r: (r.short_title, r.text, r.addressee),
         raised_at=lambda event_id: Recommendation.id.in_(
             _raised_at(Raising.recommendation_id, event_id))),
    Kind("cases", "c", "case", "cases", "Cases", Case, Case.title,
         _any_contains(Case.title, Case.charges), lambda c: c.title, lambda c: c.status.label,
         current=lambda: Case.archived_at.is_(None), order=lambda: (Case.title, Case.id),
         texts=lambda c: (c.title, c.charges),
         raised_at=lambda event_id: Case.id.in_(_raised_at(Raising.case_id, event_id))),
    Kind("themes", "t", "theme", "themes", "Themes", Theme, Theme.name,
         _any_contains(Theme.name), _theme_label,
         current=lambda: Theme.archived_at.is_(None), order=lambda: (Theme.name, Theme.id),
         loads=lambda: (joinedload(Theme.parent),), texts=lambda t: (t.name,)),
    Kind("sources", "s", "source", "sources", "Sources", Source, Source.title,
         _any_contains(Source.title, Source.publisher), lambda s: s.title,
         lambda s: _joined(s.publisher, s.published_on and s.published_on.year),
         current=lambda: Source.archived_at.is_(None),
         order=lambda: (Source.published_on.desc().nulls_last(), Source.title, Source.id),
         texts=lambda s: (s.title, s.publisher)),
    Kind("meetings", "m", "meeting", "meetings", "Meetings", Meeting, Meeting.title,
         _any_contains(Meeting.title, Meeting.place),
         lambda m: f"{m.starts_at:%d %b %Y}: {m.title}", lambda m: m.place or "",
         current=lambda: Meeting.archived_at.is_(None),
         order=lambda: (Meeting.starts_at.desc(), Meeting.id.desc()),
         texts=lambda m: (m.title, m.place)),
)}
#: Kinds by their reference prefix.
BY_PREFIX = {kind.prefix: kind for kind in KINDS.values()}


def kinds_named(names) -> tuple[Kind, ...]:
    """The kinds named in ``names`` (a comma-separated text or a sequence); KeyError if one
    is unknown or a kind is named twice."""
    if isinstance(names, str):
        names = names.split(",")
    kinds = tuple(KINDS[name] for name in names)
    if not kinds or len(set(kinds)) != len(kinds):
        raise KeyError(names)
    return kinds
