"""What the hub keeps in the cache, and why it can never be stale or leak.

Everything kept here is derived from published content (pages, view restrictions, sites,
settings, listings, biobanks) and is stored under the current *content generation*: a random
token in the database (`hub.models.CacheGeneration`), replaced by `forget_cached` in the same
transaction as the change it stands for (connected to Wagtail's page signals and to the models
named in each app's ready()). Hence:

- an evicted key, a flushed or restarted cache costs a recomputation, never an old value: the
  generation itself is not in the cache, and a new token is never a token used before;
- a change shows to every process as soon as it commits: each request reads the token once (one
  primary-key query); a reader sees the old token with the old content or the new with the new;
- a deploy never reads what the previous code pickled: the cache's KEY_PREFIX names the release
  (hub.settings.base);
- a cache that is down or hangs is a cache that misses (hub.cache_backends).

Within a request the token is read once, before anything else (`GenerationMiddleware`), so
nothing the request loads can be older than its token; outside one (commands, the worker) it is
read on every use, unless the caller opens a `scope()`.
"""

import uuid
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache

SECONDS = 300  # bounds what changes without a save: seats left, a call that closes

_request_token: ContextVar[dict | None] = ContextVar("hub_cache_generation", default=None)


@contextmanager
def scope():
    """Read the generation once for the work inside (a request, a batch of renders)."""
    token = _request_token.set({})
    try:
        generation()
        yield
    finally:
        _request_token.reset(token)


class GenerationMiddleware:
    """The request's generation, read when it starts (after WhiteNoise: static files need
    none), before any middleware or view loads content that could be cached under it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with scope():
            return self.get_response(request)


def generation() -> str:
    """The current content generation (a token; new whenever published content changes)."""
    memo = _request_token.get()
    if memo is not None and "token" in memo:
        return memo["token"]
    from hub.models import CacheGeneration

    token = CacheGeneration.objects.filter(pk=1).values_list("token", flat=True).first()
    if token is None:  # the row was deleted by hand: start a new generation
        token = CacheGeneration.objects.update_or_create(
            pk=1, defaults={"token": uuid.uuid4().hex}
        )[0].token
    if memo is not None:
        memo["token"] = token
    return token


def forget_cached(**kwargs) -> None:
    """Start a new generation: everything cached so far is never read again (it expires).

    A signal receiver; inside the transaction that changes the content, so that no other
    reader can see the new token before the new content."""
    from hub.models import CacheGeneration

    token = uuid.uuid4().hex
    if not CacheGeneration.objects.filter(pk=1).update(token=token):
        CacheGeneration.objects.update_or_create(pk=1, defaults={"token": token})
    memo = _request_token.get()
    if memo is not None:
        memo["token"] = token


def content_key(*parts) -> str:
    """A `{% cache %}` key (vary_on) for HTML made of published content only, e.g. a listing's
    cards: new when `parts` differ (the listed keys, their live state), when content changes,
    and per language. What the fragment shows must not depend on anything else."""
    from django.utils.translation import get_language

    return f"{generation()}:{get_language()}:{parts!r}"


def remember(name: str, compute: Callable):
    """`compute()`, kept in the cache under `name` for this generation (None is not kept).

    For what changes only when published content changes: the menu, the footer, the request's
    Site, view restrictions, cached page sections, related lists, feeds.
    """
    from django.utils.translation import get_language

    # Per language: what is kept holds translated words and links under /nl/ or /fr/.
    key = f"content:{generation()}:{get_language()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        if value is not None:
            cache.set(key, value, SECONDS)
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
