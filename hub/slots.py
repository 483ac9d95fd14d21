"""Named places in a page where other apps add a section, without the page knowing them.

    slot = Slot()
    slot.register("events/home/upcoming.html", upcoming_context)   # in the app's ready()
    slot.render(request)  # -> the rendered sections, in registration order

`context(request)` returns the template's context; a template renders nothing when it has
nothing to show, so empty sections disappear.
"""

from collections.abc import Callable

from django.template.loader import render_to_string


class Slot:
    def __init__(self):
        self._sections: list[tuple[str, Callable]] = []

    def register(self, template_name: str, context: Callable = lambda request: {}) -> None:
        self._sections.append((template_name, context))

    def render(self, request) -> list[str]:
        rendered = (
            render_to_string(template_name, context(request), request=request)
            for template_name, context in self._sections
        )
        return [html for html in rendered if html.strip()]
