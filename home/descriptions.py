"""A page's search description defaults to its intro or summary.

The description is what search results, link previews and `<meta name="description">` show;
pages whose editor left it empty would show nothing there.
"""

from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.models import Page

SOURCE_FIELDS = ("intro", "summary")
MAX_CHARS = 300


def fill_search_description(sender, instance, **kwargs):
    if not isinstance(instance, Page) or instance.search_description:
        return
    for name in SOURCE_FIELDS:
        text = strip_tags(str(getattr(instance, name, "") or "")).strip()
        if text:
            instance.search_description = Truncator(" ".join(text.split())).chars(MAX_CHARS)
            return
