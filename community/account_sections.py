"""Sections that other apps add to "My account" (my working groups, my registrations, ...).

An app registers one with a line in its `apps.py` `ready()`::

    account_sections.register("events/account/registrations.html", registrations_context)

`context(request)` returns the template's context; the template renders one
`<section aria-labelledby=...>` with an `<h2>`, or nothing when it has nothing to show.
"""

from hub.slots import Slot

_slot = Slot()
register = _slot.register
render_all = _slot.render
