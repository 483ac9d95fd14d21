"""The content types the site search page offers as filters ("Topics (3) · Training (5) …").

The Wagtail hook ``hub_search_types`` returns one `SearchType`, made with `pages()` or
`model()`; an app declares it in its ``wagtail_hooks.py``::

    @hooks.register("hub_search_types", order=30)
    def training():
        return search_types.pages("training", _("Training"), TrainingPage, TrainingIndexPage)

The filters appear by the hook's `order` (community 10–40, events 50, funding 60–70), then
"Pages". Page types share one search over `Page` (their counts come from a facet on the page's
content type); the pages no type claims are counted as "Pages". A plain model (not a page) is
searched on its own and must be `wagtail.search.index.Indexed`, with `get_absolute_url()`, a
`__str__` that reads as a title, and a `search_summary` (plain text, a sentence or two).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

HOOK = "hub_search_types"
OTHER_PAGES = "pages"


@dataclass
class SearchType:
    key: str
    label: str
    page_models: tuple = ()
    queryset: Callable[[], QuerySet] | None = None

    @property
    def is_pages(self) -> bool:
        return self.queryset is None


def pages(key: str, label, *page_models) -> SearchType:
    """Pages of these models form one filter (subclasses are not included: list them)."""
    return SearchType(key, label, page_models=tuple(page_models))


def model(key: str, label, queryset: Callable[[], QuerySet]) -> SearchType:
    """A plain model, searched separately; `queryset()` holds what the public may see."""
    return SearchType(key, label, queryset=queryset)


def registered() -> list[SearchType]:
    """Every declared type in hook order, then "Pages" for all other pages."""
    return [*(hook() for hook in hooks.get_hooks(HOOK)), SearchType(OTHER_PAGES, _("Pages"))]


def get(key: str) -> SearchType | None:
    return next((t for t in registered() if t.key == key), None)
