"""Sections that other apps add to the home page (topics, latest news, upcoming events…).

The Wagtail hook ``hub_home_sections`` returns one `Section`; an app declares it in its
``wagtail_hooks.py``::

    @hooks.register("hub_home_sections", order=40)
    def upcoming_events():
        return Section("events/home/upcoming.html", upcoming_context, cached=True)

Sections appear by the hook's `order` (community 10–30, events 40, funding 50). The template
renders a `<section aria-labelledby=...>` with an `<h2>`, or nothing while it has nothing to
show, so the page never shows an empty block. `render(hook_name, request)` serves any page that
takes sections this way ("My account" too: `community.account_sections`).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.translation import get_language
from wagtail import hooks

from hub.cache import remember

HOOK = "hub_home_sections"


def _no_context(request) -> dict:
    return {}


@dataclass(frozen=True)
class Section:
    """`template_name` rendered with `context(request)`.

    A section that is the same for every reader may be `cached`: its HTML is kept until
    published content changes (`hub.cache.remember`), so a warm page costs no queries for it.
    """

    template_name: str
    context: Callable[..., dict] = _no_context
    cached: bool = False

    def render(self, request) -> str:
        if not self.cached:
            return render_to_string(self.template_name, self.context(request), request=request)
        # No request: the cached HTML must not carry anything of this reader's. Its headings
        # are translated: one copy per language.
        return remember(
            f"{self.template_name}:{get_language()}",
            lambda: render_to_string(self.template_name, self.context(request)),
        )


def render(hook_name: str, request) -> list[str]:
    """The HTML of each section the hook `hook_name` declares, in hook order, empty ones left
    out."""
    rendered = (hook().render(request) for hook in hooks.get_hooks(hook_name))
    return [html for html in rendered if html.strip()]


def render_all(request) -> list[str]:
    return render(HOOK, request)
