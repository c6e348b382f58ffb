"""The attributes of form fields, written fast.

WTForms writes each attribute of each input with ``Markup.format``, a string formatter that
escapes as it goes: on a long form (the meeting log of a busy meeting has a few hundred fields)
that is most of the time the page takes. :func:`html_params` gives the same output with plain
string joins; :func:`install` makes WTForms' own widgets use it.
"""

from __future__ import annotations

import wtforms.widgets
import wtforms.widgets.core
from markupsafe import Markup, escape

# clean_key (WTForms 3.0 and later) is missing from the types-WTForms stubs.
from wtforms.widgets.core import clean_key  # type: ignore[attr-defined]

#: WTForms' own function, as it was before :func:`install` (the output to match).
WTFORMS_HTML_PARAMS = getattr(wtforms.widgets.core.html_params, "wtforms_original",
                              wtforms.widgets.core.html_params)


def html_params(**kwargs) -> Markup:
    """``name="value"`` pairs sorted by name, exactly as ``wtforms.widgets.html_params`` writes
    them: ``class_`` is ``class``, ``data_x_y`` is ``data-x-y``, True is the bare name and False
    leaves the attribute out; values are escaped (a Markup value keeps its markup, quotes
    become ``&quot;``)."""
    params: list[str] = []
    for key, value in sorted(kwargs.items()):
        name = _NAMES.get(key) or _name(key)
        if value is True:
            params.append(name)
        elif value is not False:
            # escape() writes a quote as &#34;, so only markup passed through can hold one
            text = str(escape(value))
            if '"' in text:
                text = text.replace('"', "&quot;")
            params.append(f'{name}="{text}"')
    return Markup(" ".join(params))


#: Keyword -> attribute name as written (cleaned and escaped), for the keywords seen so far.
_NAMES: dict[str, str] = {}


def _name(key: str) -> str:
    name = str(escape(clean_key(key)))
    if len(_NAMES) < 1000:  # keywords come from the code, but never let it grow unbounded
        _NAMES[key] = name
    return name


#: Kept on the function so that a second :func:`install` still finds WTForms' own.
html_params.wtforms_original = WTFORMS_HTML_PARAMS  # type: ignore[attr-defined]


def install() -> None:
    """Make WTForms' widgets and labels write their attributes with :func:`html_params`
    (idempotent): the module's function, and the copy its input widgets keep."""
    wtforms.widgets.core.html_params = wtforms.widgets.html_params = html_params
    for widget in vars(wtforms.widgets.core).values():
        if isinstance(widget, type) and "html_params" in vars(widget):
            # Patching WTForms' widget classes, which their type does not declare.
            widget.html_params = staticmethod(html_params)  # type: ignore[attr-defined]
