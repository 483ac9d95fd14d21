"""The language switcher and the hreflang alternates: the page being read, in each language.

English is at /, Dutch under /nl/, French under /fr/ (hub/urls.py). The other languages' links
are Django's `translate_url` of this request's path (query kept: a search stays the same
search). A path that names no route (a 404) or one that is never prefixed (a machine endpoint)
has no translation of its own: its nearest translated ancestor is that language's home page.
"""

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import get_language, get_language_info, override

from hub import base_url

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """[{code, name, url, absolute, current}] for each of settings.LANGUAGES; [] without a
    request (mails and other templates rendered outside a request)."""
    request = context.get("request")
    if request is None:
        return []
    here = request.get_full_path()
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        url = here if code == current else translate_url(here, code)
        if code != current and url == here:
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
            }
        )
    return links


@register.simple_tag
def default_language() -> str:
    """The language of the unprefixed URLs, the hreflang x-default."""
    return settings.LANGUAGE_CODE
