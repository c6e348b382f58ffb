"""The HTML of the lookup fields: the text input, the hidden id or ticked boxes, and what
``lookup.js`` needs (the lookup address, choices that exist only on the page)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from flask import url_for
from markupsafe import Markup, escape

from app.form_html import html_params
from app.security.masking import as_typed

if TYPE_CHECKING:
    from app.lookup.fields import LookupField


class LookupWidget:
    """Renders a lookup field: text input, hidden id or ticked boxes, and the data the
    script needs (the lookup address, choices that exist only on the page)."""

    def __call__(self, field: LookupField, **kwargs) -> Markup:
        """The field's HTML; ``kwargs`` go on the text input (aria-*, class, placeholder)."""
        kwargs.setdefault("placeholder", field.placeholder)
        shown = field.shown_text()
        if shown and shown == field.text:  # the reader's own words, never masked back at them
            shown = as_typed(shown)
        text = html_params(type="text", id=field.id, name=field.text_name, value=shown,
                           autocomplete="off", spellcheck="false", **kwargs)
        wrapper = {"class": "lookup lookup-multiple" if field.multiple else "lookup",
                   "data-lookup-url": field.lookup_url(), "data-lookup-name": field.name}
        if field.extra_choices:
            wrapper["data-lookup-extra"] = json.dumps([
                {"value": value, "label": label, "detail": "", "group": field.extra_group}
                for value, label in field.extra_choices])
        parts = [f"<span {html_params(**wrapper)}>"]
        if field.multiple:
            parts.append(f'<ul class="lookup-chosen" id="{escape(field.id)}-chosen">')
            for value, label in field.chosen_labels():
                box = html_params(type="checkbox", name=field.name, value=value, checked=True)
                parts.append(f'<li><label class="check"><input {box}> {escape(label)}</label></li>')
            parts.append("</ul>")
            parts.append(f"<input {text}>")
        else:
            parts.append(f"<input {text}>")
            hidden = html_params(type="hidden", name=field.name, value=field.value_text(),
                                 class_="lookup-value")
            parts.append(f"<input {hidden}>")
        parts.append("</span>")
        return Markup("".join(parts))


class SuggestInput:
    """A free-text input whose type-ahead suggests existing names (the organisation of a new
    person): choosing one only fills in the text."""

    def __init__(self, kinds: str) -> None:
        self.kinds = kinds

    def __call__(self, field, **kwargs) -> Markup:
        """The text input, wrapped for the script."""
        kwargs.setdefault("id", field.id)
        text = html_params(type="text", name=field.name, value=field._value(),
                           autocomplete="off", **kwargs)
        url = url_for("lookup.find", kinds=self.kinds)
        return Markup(f'<span class="lookup lookup-free" {html_params(**{"data-lookup-url": url})}>'
                      f"<input {text}></span>")
