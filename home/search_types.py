"""The content types the site search page offers as filters ("Topics (3) · Training (5) …").

Each app adds its types in its `apps.py` `ready()`::

    search_types.register_pages("training", _("Training"), TrainingPage)
    search_types.register_model("biobanks", _("Biobanks"), lambda: Biobank.objects.listed())

Page types share one search over `Page` (their counts come from a facet on the page's content
type); the pages no type claims are counted as "Pages". A plain model (not a page) is searched
on its own and must be `wagtail.search.index.Indexed`, with `get_absolute_url()`, a `__str__`
that reads as a title, and a `search_summary` (plain text, a sentence or two).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

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


_registry: dict[str, SearchType] = {}


def register_pages(key: str, label, *page_models) -> None:
    """Pages of these models form one filter (subclasses are not included: list them)."""
    _registry[key] = SearchType(key, label, page_models=tuple(page_models))


def register_model(key: str, label, queryset: Callable[[], QuerySet]) -> None:
    """A plain model, searched separately; `queryset()` holds what the public may see."""
    _registry[key] = SearchType(key, label, queryset=queryset)


def registered() -> list[SearchType]:
    """Every type in registration order, then "Pages" for all other pages."""
    types = list(_registry.values())
    return [*types, SearchType(OTHER_PAGES, _("Pages"))]


def get(key: str) -> SearchType | None:
    return next((t for t in registered() if t.key == key), None)
