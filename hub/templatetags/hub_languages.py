"""The language switcher and the hreflang alternates: the page being read, in each language.

English is at /, Dutch under /nl/, French under /fr/ (hub/urls.py). On a Wagtail page, each
language's link is the page's translation in it, or the source page under that language's
prefix (read in English there, hub/i18n.py); a sub-page of a routable page keeps its sub-path.
Elsewhere the links are Django's `translate_url` of this request's path (query kept: a search
stays the same search). A path that names no route (a 404) or one that is never prefixed (a
machine endpoint) has no translation of its own: its nearest translated ancestor is that
language's home page.
"""

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import get_language, get_language_info, override
from wagtail.models import Page, Site

from hub import base_url
from hub.cache import remember
from hub.i18n import language_of, source_of

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """[{code, name, url, absolute, current, translated}] for each of settings.LANGUAGES; []
    without a request (mails and other templates rendered outside a request). Worked out once
    per request (the head's alternates and the header's switcher)."""
    request = context.get("request")
    if request is None:
        return []
    page = context.get("page")
    page = page if isinstance(page, Page) and page.pk else None
    key = (request.get_full_path(), get_language(), page.pk if page else None)
    cached = getattr(request, "_hub_language_links", None)
    if cached is None or cached[0] != key:
        cached = (key, _links(request, page))
        request._hub_language_links = cached
    return cached[1]


def _links(request, page) -> list[dict]:
    here = request.get_full_path()
    current = get_language()
    versions = _versions(page, request) if page is not None else {}
    if page is not None:
        # The sub-page being read (a routable page's) and the query go along.
        own = versions["own"]
        rest = request.path[len(own) :] if request.path.startswith(own) else ""
        rest += here[len(request.path) :]
    links = []
    for code, _name in settings.LANGUAGES:
        if code == current:
            url = here
        elif page is not None:
            url = versions[code][0] + rest
        else:
            url = translate_url(here, code)
            if url == here:
                with override(code):
                    url = reverse("wagtail_serve", args=("",))
        links.append(
            {
                "code": code,
                # Each language named in itself: a reader looks for "Nederlands", not "Dutch".
                "name": get_language_info(code)["name_local"],
                "url": url,
                "absolute": base_url.absolute(url),
                "current": code == current,
                # Only a real translation is an hreflang alternate, not the English fallback.
                "translated": page is None or versions[code][1],
            }
        )
    return links


def _versions(page, request) -> dict:
    """{"own": the page's path, language: (its path in it, is a translation)}: the live
    translation, or the source page under that language's prefix. One query, kept until
    pages change."""

    def work_out():
        source = source_of(page)
        found = {
            language_of(other): other
            for other in Page.objects.live()
            .filter(translation_key=source.translation_key)
            .exclude(pk__in={source.pk, page.pk})
        }
        found[language_of(page)] = page
        found[language_of(source)] = source
        versions = {"own": page.get_url(request) or "/"}
        for code, _name in settings.LANGUAGES:
            shown = found.get(code, source)
            with override(code):
                versions[code] = (shown.get_url(request) or "/", language_of(shown) == code)
        return versions

    site = Site.find_for_request(request)
    return remember(f"page-languages:{site.pk if site else ''}:{page.pk}", work_out)


@register.simple_tag
def default_language() -> str:
    """The language of the unprefixed URLs, the hreflang x-default."""
    return settings.LANGUAGE_CODE


@register.simple_tag(takes_context=True)
def untranslated_page(context) -> dict | None:
    """{code, name} of the language the page is written in when it is not the reader's (a page
    not translated yet, read in its source language); None otherwise."""
    page = context.get("page")
    if not isinstance(page, Page) or not page.pk:
        return None
    code = language_of(page)
    if code == get_language():
        return None
    return {"code": code, "name": get_language_info(code)["name_translated"]}
