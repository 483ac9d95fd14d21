"""`public(pages)`: Wagtail's `PageQuerySet.public()` without its query on every call.

`public()` reads every view restriction each time it is called, so a page that lists five kinds
of related pages pays five identical queries. Here the restricted paths are kept in the cache
until a restriction changes or pages move (both drop `hub.slots` cached content).
"""

from django.core.cache import cache
from django.db.models import Q
from wagtail.models import PageViewRestriction

from hub.slots import CACHE_SECONDS, VERSION_KEY


def restricted_paths() -> list[str]:
    key = f"slots:{cache.get_or_set(VERSION_KEY, 1)}:restricted_paths"
    paths = cache.get(key)
    if paths is None:
        paths = list(PageViewRestriction.objects.values_list("page__path", flat=True))
        cache.set(key, paths, CACHE_SECONDS)
    return paths


def public(pages):
    """`pages` without those under a view restriction (members-only, password, groups)."""
    restricted = Q()
    for path in restricted_paths():
        restricted |= Q(path__startswith=path)
    return pages.exclude(restricted) if restricted else pages
