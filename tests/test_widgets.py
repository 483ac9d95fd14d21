"""The filter forms' quick <select> writes what Django's own Select would, escaped."""

import re

from django import forms

from hub.widgets import QuickSelect

CHOICES = [("", "Any topic"), ("quality", "Quality <& reproducibility>"), ('a"b', "Quotes")]


class Filters(forms.Form):
    django = forms.ChoiceField(choices=CHOICES, required=False)
    quick = forms.ChoiceField(
        choices=CHOICES, required=False, widget=QuickSelect(attrs={"class": "filter"})
    )


def normalised(html: str) -> str:
    return re.sub(r"\s+", " ", str(html)).replace("> <", "><").strip()


def test_same_markup_as_djangos_select_with_the_choice_selected():
    form = Filters({"django": "quality", "quick": "quality"}, auto_id="%s")
    ours = normalised(form["quick"]).replace(
        'name="quick" class="filter" id="quick"', 'name="django" id="django"'
    )
    assert ours == normalised(form["django"])
    assert '<option value="quality" selected>Quality &lt;&amp; reproducibility&gt;</option>' in ours
    assert '<option value="a&quot;b">Quotes</option>' in ours


def test_nothing_selected_and_junk_values_select_nothing():
    assert " selected" not in str(Filters({"quick": "<script>"})["quick"])
    assert "<script>" not in str(Filters({"quick": "<script>"})["quick"])


def test_option_groups_fall_back_to_django():
    class Grouped(forms.Form):
        topic = forms.ChoiceField(
            choices=[("Themes", [("a", "A"), ("b", "B")])], widget=QuickSelect
        )

    html = str(Grouped({"topic": "b"})["topic"])
    assert '<optgroup label="Themes">' in html and '<option value="b" selected>B</option>' in html
