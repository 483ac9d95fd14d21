"""Rich text (HTML) as readable plain text for the text part of a mail: paragraphs apart, list
items with a dash, links followed by their address."""

import re
from html import unescape

from django.utils.html import strip_tags

from hub.base_url import absolute

_LINK = re.compile(r"<a\b[^>]*\bhref=\"([^\"]*)\"[^>]*>(.*?)</a>", re.IGNORECASE | re.DOTALL)
_HREF = re.compile(r"(\b(?:href|src)=\")(/[^\"]*)\"", re.IGNORECASE)


def absolute_links(html: str) -> str:
    """Site-relative links and image sources made absolute: a mail has no site to be relative to."""
    return _HREF.sub(lambda m: f'{m.group(1)}{absolute(m.group(2))}"', html)


def _link(match) -> str:
    href, label = unescape(match.group(1)), strip_tags(match.group(2)).strip()
    if not href or href == label:
        return href or label
    return f"{label} ({href})"


def html_to_text(html: str) -> str:
    html = _LINK.sub(_link, absolute_links(html))
    html = re.sub(r"<li\b[^>]*>", "\n- ", html, flags=re.IGNORECASE)
    html = re.sub(r"<br\s*/?>", "\n", html, flags=re.IGNORECASE)
    html = re.sub(r"</(p|h[1-6]|ul|ol|div|blockquote)>", "\n\n", html, flags=re.IGNORECASE)
    text = unescape(strip_tags(html))
    lines = [" ".join(line.split()) if line.strip() else "" for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
