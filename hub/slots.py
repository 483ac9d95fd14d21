"""Named places in a page where other apps add a section, without the page knowing them.

    slot = Slot()
    slot.register("events/home/upcoming.html", upcoming_context)   # in the app's ready()
    slot.render(request)  # -> the rendered sections, in registration order

`context(request)` returns the template's context; a template renders nothing when it has
nothing to show, so empty sections disappear. A section that is the same for every reader may
ask to be `cached`: its HTML is kept until published content changes (`hub.cache.remember`),
so a warm home page costs no queries for it.
"""

from collections.abc import Callable

from django.template.loader import render_to_string

from hub.cache import remember


class Slot:
    def __init__(self):
        self._sections: list[tuple[str, Callable, bool]] = []

    def register(
        self, template_name: str, context: Callable = lambda request: {}, *, cached=False
    ) -> None:
        self._sections.append((template_name, context, cached))

    def render(self, request) -> list[str]:
        rendered = (
            self._render_cached(template_name, context, request)
            if cached
            else render_to_string(template_name, context(request), request=request)
            for template_name, context, cached in self._sections
        )
        return [html for html in rendered if html.strip()]

    @staticmethod
    def _render_cached(template_name, context, request) -> str:
        from django.utils.translation import get_language

        # No request: the cached HTML must not carry anything of this reader's. Its headings
        # are translated: one copy per language.
        return remember(
            f"{template_name}:{get_language()}",
            lambda: render_to_string(template_name, context(request)),
        )
