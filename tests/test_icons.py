"""The {% icon %} tag and the avatar's initials (hub/templatetags/icons.py)."""

import pytest
from django.template import Context, Template

from hub.templatetags.icons import initials, topic_icon


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ada Lovelace", "AL"),
        ("Quality officer", "QO"),
        ("Mira van der Member", "MM"),
        ("Émile Zola", "ÉZ"),
        ("  cher  ", "C"),
        ("", ""),
        (None, ""),
        ("(Community) coordinator", "CC"),
    ],
)
def test_initials(name, expected):
    assert initials(name) == expected


def render(source, **context):
    return Template("{% load icons %}" + source).render(Context(context))


def test_a_decorative_icon_is_hidden_from_screen_readers():
    html = render('{% icon "search" %}')
    assert html.startswith('<svg class="icon icon--search" aria-hidden="true" focusable="false"')
    assert "<circle" in html and "<!--" not in html and 'role="img"' not in html


def test_a_labelled_icon_has_a_name_escaped():
    html = render('{% icon "download" label=text %}', text='PDF <"report">')
    assert 'role="img" aria-label="PDF &lt;&quot;report&quot;&gt;"' in html
    assert "aria-hidden" not in html


@pytest.mark.parametrize("name", ["no-such-icon", "../../css/site", "SEARCH"])
def test_an_unknown_or_odd_icon_name_renders_nothing(name):
    assert render("{% icon name %}", name=name) == ""


def test_every_theme_has_a_vendored_icon():
    from hub.templatetags.icons import TOPIC_ICONS, _icon_body

    for slug in [*TOPIC_ICONS, "a-new-topic"]:
        assert _icon_body(topic_icon(slug)), slug
