"""The base of Parley's enumerations: a stored string value and a human label per member."""

from __future__ import annotations

from enum import StrEnum
from typing import Self


class LabelledEnum(StrEnum):
    """A string enumeration whose members carry the label shown to people.

    A member is written ``NAME = "stored_value", "Label"``; without a label it reads as its
    value with spaces, capitalised ("at_risk" -> "At risk"). The database stores the value.
    """

    _value_: str
    _label: str

    def __new__(cls, value: str, label: str | None = None) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label if label is not None else value.replace("_", " ").capitalize()
        return member

    @property
    def label(self) -> str:
        """The member's human label."""
        return self._label
