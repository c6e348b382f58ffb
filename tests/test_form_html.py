"""Form fields' attributes: the same HTML as WTForms writes, from Parley's faster function."""

from __future__ import annotations

import pytest
import wtforms.widgets.core
from markupsafe import Markup
from wtforms import Form, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from app.form_html import WTFORMS_HTML_PARAMS, html_params

CASES = [
    {},
    {"name": "title", "id": "title", "value": "Plain"},
    {"value": 'Say "no" <b>&</b> \'yes\''},
    {"value": Markup('<i class="x">kept</i>')},
    {"class_": "a b", "for_": "f", "data_lookup_url": "/lookup/persons?all=1&x=2",
     "aria_describedby": "f-hint", "data_x_y_z": "1"},
    {"checked": True, "readonly": False, "required": True},
    {"value": None, "maxlength": 300, "step": 0.5, "zero": 0},
    {"value": "Кирилл Ёжиков – “quoted”"},
]


@pytest.mark.parametrize("attributes", CASES)
def test_same_html_as_wtforms(attributes):
    ours = html_params(**attributes)
    assert ours == WTFORMS_HTML_PARAMS(**attributes)
    assert isinstance(ours, Markup)


def test_the_widgets_use_it_once_the_app_is_made(app):
    assert wtforms.widgets.core.html_params is html_params
    assert wtforms.widgets.core.TextInput.html_params is html_params
    assert WTFORMS_HTML_PARAMS is not html_params

    class Sample(Form):
        title = StringField("Title")
        notes = TextAreaField("Notes")
        choice = SelectField("Choice", choices=[SelectChoice("a", 'A "1"'),
                                                SelectChoice("b", "B & <2>")])

    form = Sample(data={"title": 'He said "stop" & <left>', "choice": "b"})
    assert str(form.title()) == ('<input id="title" name="title" type="text" '
                                 'value="He said &#34;stop&#34; &amp; &lt;left&gt;">')
    assert str(form.title.label) == '<label for="title">Title</label>'
    assert '<option selected value="b">B &amp; &lt;2&gt;</option>' in str(form.choice())
    assert str(form.notes(rows=3)).startswith('<textarea id="notes" name="notes" rows="3">')
