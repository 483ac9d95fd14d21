"""Named places in a page where other apps add a section, without the page knowing them.

    slot = Slot()
    slot.register("events/home/upcoming.html", upcoming_context)   # in the app's ready()
    slot.render(request)  # -> the rendered sections, in registration order

`context(request)` returns the template's context; a template renders nothing when it has
nothing to show, so empty sections disappear. A section that is the same for every reader may
ask to be `cached`: its HTML is kept until any page is published, unpublished, moved or
deleted (see `forget_cached`), so a warm home page costs no queries for it.
"""

from collections.abc import Callable

from django.core.cache import cache
from django.template.loader import render_to_string

VERSION_KEY = "slots:version"
CACHE_SECONDS = 300


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
            if cached else render_to_string(template_name, context(request), request=request)
            for template_name, context, cached in self._sections
        )
        return [html for html in rendered if html.strip()]

    @staticmethod
    def _render_cached(template_name, context, request) -> str:
        # No request: the cached HTML must not carry anything of this reader's.
        return remember(template_name, lambda: render_to_string(template_name, context(request)))


def version() -> int:
    """The content version: `forget_cached` moves it on whenever content changes."""
    return cache.get_or_set(VERSION_KEY, 1)


def content_key(*parts) -> str:
    """A `{% cache %}` key (vary_on) for HTML made of published content only, e.g. a listing's
    cards: new when `parts` differ (the listed keys, their live state), when content changes,
    and per language. What the fragment shows must not depend on anything else."""
    from django.utils.translation import get_language

    return f"{version()}:{get_language()}:{parts!r}"


def remember(name: str, compute: Callable):
    """`compute()`, kept in the cache under `name` until `forget_cached` (None is not kept).

    For what changes only when pages, view restrictions, sites or site settings change: the
    menu, the footer, the request's Site, cached page sections.
    """
    key = f"slots:{version()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        if value is not None:
            cache.set(key, value, CACHE_SECONDS)
    return value


def remember_response(name: str, respond: Callable):
    """`respond()`'s response, kept like `remember`: for feeds and the sitemap, the same for
    every reader until content changes (a response other than 200 is not kept)."""
    from django.http import HttpResponse

    fresh = []

    def render():
        response = respond()
        if hasattr(response, "render"):
            response.render()
        fresh.append(response)
        if response.status_code != 200:
            return None
        return {"content": response.content, "headers": dict(response.headers)}

    stored = remember(name, render)
    if stored is None:
        return fresh[0]
    return HttpResponse(stored["content"], headers=stored["headers"])


def forget_cached(**kwargs) -> None:
    """Drop every cached section (connected to Wagtail's page signals in HomeConfig)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1)
