"""Sections that other apps add to the home page (upcoming events, calls closing soon, news…).

An app registers one with a line in its `apps.py` `ready()`::

    home_sections.register("events/home/upcoming.html", upcoming_context)

The template renders a `<section aria-labelledby=...>` with an `<h2>`, or nothing while its
content type is empty, so the home page never shows an empty block.
"""

from hub.slots import Slot

_slot = Slot()
register = _slot.register
render_all = _slot.render
