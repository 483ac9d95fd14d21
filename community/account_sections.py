"""Sections that other apps add to "My account" (my working groups, my registrations, ...).

An app registers one with a line in its `apps.py` `ready()`::

    account_sections.register("events/account/registrations.html", registrations_context)

`context(request)` returns the template's context; the template renders one
`<section aria-labelledby=...>` with an `<h2>`, or nothing when it has nothing to show.
"""

from collections.abc import Callable

from django.template.loader import render_to_string

_sections: list[tuple[str, Callable]] = []


def register(template_name: str, context: Callable = lambda request: {}) -> None:
    _sections.append((template_name, context))


def render_all(request) -> list[str]:
    return [
        render_to_string(template_name, context(request), request=request)
        for template_name, context in _sections
    ]
