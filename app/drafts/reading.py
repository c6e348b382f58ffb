"""A draft read back for its form, through the visibility rule.

A draft holds record ids as the form posted them (a lookup field's hidden id or ticked boxes)
and the label that was shown beside them. Read back, every id goes through the form's own
lookup field, exactly as a posted form does: an id the author may still see gets its current
label; one now hidden (or gone) is left out with its label, counted in ``left_out``, so the
draft says no more than "not available to you". Free text is sent as it is, and masked at the
web's edge like every response (:mod:`app.security.masking`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from werkzeug.datastructures import MultiDict
from wtforms import FieldList, FormField

from app.drafts.registry import DraftForm
from app.lookup.fields import LookupField


@dataclass
class ReadDraft:
    """A draft's fields as the page may show them."""

    #: ``[name, value]`` pairs in the draft's order.
    fields: list[list[str]]
    #: ``{field name: {value: label}}`` for the ticked boxes of multiple lookup fields.
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    #: How many chosen records were left out as missing or not available to the reader.
    left_out: int = 0


def lookup_fields(form):
    """Every lookup field of ``form``, in its rows too."""
    for item in form:
        if isinstance(item, LookupField):
            yield item
        elif isinstance(item, FieldList):
            for entry in item.entries:
                if isinstance(entry, FormField):
                    yield from lookup_fields(entry.form)
                elif isinstance(entry, LookupField):
                    yield entry
        elif isinstance(item, FormField):
            yield from lookup_fields(item.form)


def _page_only(value) -> bool:
    """A choice that exists only on the page (a new person typed into the meeting log)."""
    return isinstance(value, str) and value.startswith("new")


def read_draft(entry: DraftForm, pairs: list) -> ReadDraft:
    """``pairs`` with every record id checked through the form's lookup fields."""
    form = entry.make(formdata=MultiDict([tuple(pair) for pair in pairs]))
    found = list(lookup_fields(form))
    replaced: dict[str, list[str]] = {}
    read = ReadDraft(fields=[])
    for lookup in found:
        if lookup.multiple:
            kept, labels = [], {}
            for value in lookup.data:
                label = lookup.label_for(value)
                if label is None:
                    read.left_out += 1
                    continue
                kept.append(str(value))
                labels[str(value)] = label
            read.left_out += int(lookup._malformed)
            replaced[lookup.name] = kept
            read.labels[lookup.name] = labels
        elif lookup.data is not None and not _page_only(lookup.data):
            if lookup.label_for(lookup.data) is None:
                read.left_out += 1
                replaced[lookup.name], replaced[lookup.text_name] = [""], [""]
            else:
                replaced[lookup.name] = [lookup.value_text()]
                replaced[lookup.text_name] = [lookup.shown_text()]
        elif lookup._malformed:
            read.left_out += 1
            replaced[lookup.name], replaced[lookup.text_name] = [""], [""]
    written = set()
    for name, value in pairs:
        if name not in replaced:
            read.fields.append([name, value])
        elif name not in written:
            written.add(name)
            read.fields.extend([name, kept] for kept in replaced[name])
    read.fields.extend([name, value] for name, values in replaced.items() if name not in written
                       for value in values)
    return read
