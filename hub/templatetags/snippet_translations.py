"""People and funders in the reader's language, in templates (hub/translated_snippets.py).

{% load snippet_translations %}
{% localized_snippets contact_people as contact_people %}   (a list: one query, none in English)
{{ call.funder|localized }}                                  (one snippet)
{% for call, funder in calls|with_localized:"funder" %}      (each call with its funder shown)
"""

from django import template

from hub.translated_snippets import localize_related, localize_snippet, localize_snippets

register = template.Library()


@register.simple_tag
def localized_snippets(objects):
    return localize_snippets(objects or [])


@register.filter
def localized(obj):
    return localize_snippet(obj)


@register.filter
def with_localized(objects, name):
    objects = list(objects or [])
    return list(zip(objects, localize_related(objects, name), strict=True))
