"""Reading pages in tests."""

from __future__ import annotations

import html
import re


def text_of(response) -> str:
    """A response's page as text, with HTML entities decoded."""
    return html.unescape(response.get_data(as_text=True))


def chosen_values(raw_html: str, name: str) -> set[str]:
    """The values the page shows as chosen for the select, lookup field or checkboxes called
    ``name``."""
    hidden = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*type="hidden"[^>]*>'
                       rf'|<input[^>]*type="hidden"[^>]*name="{re.escape(name)}"[^>]*>', raw_html)
    if hidden:
        return {re.search(r'value="([^"]*)"', hidden.group(0)).group(1)}
    select_block = re.search(rf'<select[^>]*name="{re.escape(name)}"[^>]*>(.*?)</select>',
                             raw_html, re.DOTALL)
    if select_block:
        options = re.findall(r"<option([^>]*)>", select_block.group(1))
        return {re.search(r'value="([^"]*)"', o).group(1) for o in options
                if re.search(r"\bselected\b", o)}
    boxes = re.findall(rf'<input([^>]*name="{re.escape(name)}"[^>]*)>', raw_html)
    return {re.search(r'value="([^"]*)"', b).group(1) for b in boxes
            if re.search(r"\bchecked\b", b)}


def field_value(raw_html: str, name: str) -> str:
    """The value the page shows in the text input or text area called ``name``."""
    area = re.search(rf'<textarea[^>]*name="{re.escape(name)}"[^>]*>\r?\n?(.*?)</textarea>',
                     raw_html, re.DOTALL)
    if area:
        return html.unescape(area.group(1))
    box = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', raw_html)
    value = re.search(r'value="([^"]*)"', box.group(0)) if box else None
    return html.unescape(value.group(1)) if value else ""
