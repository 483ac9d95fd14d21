"""Whole pages for anonymous readers, from Django's cache, dropped whenever content changes.

What Wagtail's docs suggest for a site like this (a frontend cache in front of Wagtail) without
another server to run: the first anonymous reader of a page pays for it, the next ones within
``PAGE_CACHE_SECONDS`` get the stored HTML. The key carries the `hub.cache` generation, so
publishing, unpublishing, moving or deleting a page, a view restriction, the site settings, a
listing's moderation or a catalogue sync drop every stored page at once; the timeout bounds
what changes without a save (seats left, a call that closes).

Never stored: a signed-in reader (session cookie) or one with pending messages, a query string,
anything but GET/HEAD, a response other than a plain 200, one that sets a cookie other than
CSRF's or says ``private``/``no-cache``/``no-store`` (Wagtail's view restrictions do), one that
varies by ``Accept`` (content negotiation). Every
page carries the newsletter form, so the stored HTML gets this reader's own CSRF token punched
in; calling ``get_token`` makes ``CsrfViewMiddleware`` set the reader's cookie as usual.
"""

import re

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from hub import display
from hub.cache import generation

CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+(")')
UNCACHEABLE = ("private", "no-cache", "no-store")
HEADERS_KEPT = ("Content-Type", "Content-Language", "Link", "X-Robots-Tag")


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = getattr(settings, "PAGE_CACHE_SECONDS", 0)
        if not seconds or not _may_use_cache(request):
            return self.get_response(request)
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            return _replay(request, stored)
        response = self.get_response(request)
        if _may_store(response):
            cache.set(
                key,
                {
                    "content": response.content,
                    "headers": {name: response[name] for name in HEADERS_KEPT if name in response},
                },
                seconds,
            )
            response["X-Page-Cache"] = "miss"
        return response


def _may_use_cache(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _key(request) -> str:
    prefs = display.read(request)
    return "page:{}:{}:{}:{}:{}.{}:{}".format(
        generation(),
        request.scheme,
        request.get_host(),
        get_language(),
        prefs["text_size"],
        prefs["contrast"],
        request.path,
    )


def _may_store(response) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if any(name != settings.CSRF_COOKIE_NAME for name in response.cookies):
        return False
    control = response.get("Cache-Control", "")
    if any(word in control for word in UNCACHEABLE):
        return False
    # A negotiated answer (a biobank profile as HTML or as Turtle) is not the path's only one:
    # the key does not hold the Accept header, so such a page is never stored.
    vary = {word.strip().lower() for word in response.get("Vary", "").split(",")}
    return "accept" not in vary


def _replay(request, stored) -> HttpResponse:
    content = stored["content"]
    if b"csrfmiddlewaretoken" in content:
        # One token for all the page's forms: each get_token() call masks the secret anew.
        token = get_token(request).encode()
        content = CSRF_FIELD.sub(lambda m: m[1] + token + m[2], content)
    response = HttpResponse(content, headers=stored["headers"])
    patch_vary_headers(response, ("Cookie",))
    response["X-Page-Cache"] = "hit"
    return response
