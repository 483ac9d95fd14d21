"""Icons from the vendored Lucide set, inline, and the small helpers of the site's look.

    {% load icons %}
    {% icon "search" %}                       decorative: hidden from screen readers
    {% icon "download" label=_("Download") %}  meaningful on its own: role="img" and a name
    {{ person.name|initials }}                 "Ada Lovelace" -> "AL", for an avatar
    {% icon topic_page.slug|topic_icon %}      the icon of one of the community's themes

The SVGs live in static/vendor/lucide/icons/ (lucide-static, ISC licence); only the icons the
site uses are copied there. Inline SVG takes the text colour (`currentColor`) and the text size,
so icons follow the high-contrast theme and the reader's text size.
"""

import re
from functools import lru_cache

from django import template
from django.contrib.staticfiles import finders
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

ICON_NAME = re.compile(r"^[a-z0-9-]{1,60}$")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_SVG_OPEN = re.compile(r"<svg\b[^>]*>", re.DOTALL)

# The community's themes (topic slugs of the demo and of a site set up by `setup_site`).
TOPIC_ICONS = {
    "incentives-for-reuse": "gift",
    "access-procedures": "key-round",
    "quality": "shield-check",
    "linking-data": "link",
    "findability": "search-check",
    "image-and-reputation": "megaphone",
    "public-private-cooperation": "handshake",
    "financing": "coins",
}
DEFAULT_TOPIC_ICON = "users"


@lru_cache(maxsize=64)
def _icon_body(name: str) -> str:
    """The inside of icon `name`'s <svg> element; empty for an unknown icon."""
    if not ICON_NAME.match(name):
        return ""
    path = finders.find(f"vendor/lucide/icons/{name}.svg")
    if not path:
        return ""
    with open(path, encoding="utf-8") as svg:
        text = _COMMENT.sub("", svg.read())
    text = _SVG_OPEN.sub("", text, count=1).replace("</svg>", "")
    return " ".join(text.split())


@register.simple_tag
def icon(name, label="", css_class=""):
    """Icon `name` as inline SVG. Without `label` it is decorative (aria-hidden)."""
    body = _icon_body(str(name))
    if not body:
        return ""
    classes = f"icon icon--{name} {css_class}".strip()
    if label:
        accessible = format_html('role="img" aria-label="{}"', label)
    else:
        accessible = mark_safe('aria-hidden="true"')
    return format_html(
        '<svg class="{}" {} focusable="false" xmlns="http://www.w3.org/2000/svg" '
        'width="24" height="24" viewBox="0 0 24 24" fill="none" stroke="currentColor" '
        'stroke-width="2" stroke-linecap="round" stroke-linejoin="round">{}</svg>',
        classes,
        accessible,
        mark_safe(body),  # read from our own vendored file
    )


@register.filter
def topic_icon(slug) -> str:
    """The icon name of a community theme, from its slug (a generic icon for other topics)."""
    return TOPIC_ICONS.get(str(slug), DEFAULT_TOPIC_ICON)


@register.filter
def initials(name) -> str:
    """Up to two initials of a name for an avatar: "Ada Lovelace" -> "AL", "Quality officer"
    -> "QO", "van der Berg, Jan" -> "VJ"."""
    words = [word for word in re.split(r"[\s,]+", str(name or "")) if word]
    letters = [next((c for c in word if c.isalnum()), "") for word in words]
    letters = [letter for letter in letters if letter]
    if not letters:
        return ""
    if len(letters) == 1:
        return letters[0].upper()
    return (letters[0] + letters[-1]).upper()
