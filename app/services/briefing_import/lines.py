"""The common line model every reader produces and the structure parser consumes."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.services.folding import normalise, squash


@dataclass
class Block:
    """One paragraph, list item or heading of a paper, with its markup reduced to hints."""

    #: The text with all markup removed, whitespace collapsed.
    text: str
    #: 1-6 for a heading (Markdown ``#``, Word "Heading N", an upper-case line); 0 for body text.
    heading: int = 0
    #: The list marker ("-", "•", "1.") when the block is a list item, else ``None``.
    bullet: str | None = None
    #: The bold spans inside the block, in order.
    bold: list[str] = field(default_factory=list)

    @property
    def is_all_bold(self) -> bool:
        """True when the bold spans make up the whole block (emphasis, not a name)."""
        joined = squash(" ".join(self.bold))
        return bool(joined) and len(joined) >= len(self.text.strip(" :*")) - 1


__all__ = ["Block", "normalise", "squash"]
