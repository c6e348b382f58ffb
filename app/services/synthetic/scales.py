"""How much synthetic data to make: the named scales and custom factors of the large one."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

#: The "large" scale: the size of a long-running NGO office, ten years of dialogue work.
LARGE = {
    "users": 50,
    "themes": 200,
    "organisations": 2_000,
    "persons": 20_000,
    "affiliations": 40_000,
    "sources": 100,
    "findings": 1_000,
    "recommendations": 2_000,
    "cases": 1_500,
    "events": 300,
    "meetings": 100_000,
    "attendees": 300_000,
    "raisings": 500_000,
    "follow_ups": 200_000,
}
#: The smallest count of each kind, whatever the factor: a usable picture in a tiny database
#: (an admin, officers of every clearance and a viewer; a theme tree three levels deep).
MINIMUM = {
    "users": 6, "themes": 7, "organisations": 4, "persons": 12, "affiliations": 12,
    "sources": 1, "findings": 3, "recommendations": 3, "cases": 3, "events": 1,
    "meetings": 6, "attendees": 6, "raisings": 6, "follow_ups": 6,
}


@dataclass(frozen=True)
class Scale:
    """The number of records of each kind to create (other spellings, posts' history, meeting
    links, status histories and follow-up histories follow from these)."""

    name: str
    users: int
    themes: int
    organisations: int
    persons: int
    affiliations: int
    sources: int
    findings: int
    recommendations: int
    cases: int
    events: int
    meetings: int
    #: Their attendees: rows of meeting_persons.
    attendees: int
    raisings: int
    follow_ups: int

    @classmethod
    def factor(cls, factor: float, name: str | None = None) -> Scale:
        """The large scale times ``factor`` (1.0 is large, 0.1 medium, 0.01 small), each count
        rounded and at least its :data:`MINIMUM`."""
        if not 0 < factor <= 10:
            raise ValueError("the factor must be above 0 and at most 10")
        counts = {key: max(MINIMUM[key], round(value * factor)) for key, value in LARGE.items()}
        return cls(name=name or f"factor {factor:g}", **counts)

    def counts(self) -> dict[str, int]:
        """The planned counts by kind."""
        return {key: value for key, value in asdict(self).items() if key != "name"}

    @classmethod
    def kinds(cls) -> tuple[str, ...]:
        """The kinds a scale counts, in order."""
        return tuple(f.name for f in fields(cls) if f.name != "name")


#: The named scales of ``flask seed-synthetic --scale``.
SCALES: dict[str, Scale] = {
    "small": Scale.factor(0.01, "small"),
    "medium": Scale.factor(0.1, "medium"),
    "large": Scale.factor(1.0, "large"),
}


def scale_named(value: str | float | Scale) -> Scale:
    """A :class:`Scale` from a name ("small"), a factor (0.001) or a Scale."""
    if isinstance(value, Scale):
        return value
    if isinstance(value, str) and value in SCALES:
        return SCALES[value]
    try:
        return Scale.factor(float(value))
    except (TypeError, ValueError):
        raise ValueError(f"unknown scale {value!r}: small, medium, large or a factor "
                         "such as 0.001") from None
