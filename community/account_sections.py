"""Sections that other apps add to "My account" (my working groups, my registrations, ...).

The Wagtail hook ``hub_account_sections`` returns one `home.sections.Section`; an app declares
it in its ``wagtail_hooks.py``::

    @hooks.register("hub_account_sections", order=20)
    def my_registrations():
        return Section("events/account/registrations.html", account.section_context)

Sections appear by the hook's `order` (community 10, events 20, funding 30). `context(request)`
returns the template's context; the template renders one `<section aria-labelledby=...>` with
an `<h2>`, or nothing when it has nothing to show. They are about the reader: never `cached`.
"""

from home.sections import render

HOOK = "hub_account_sections"


def render_all(request) -> list[str]:
    return render(HOOK, request)
