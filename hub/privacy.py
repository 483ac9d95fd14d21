"""`public(pages)`: Wagtail's `PageQuerySet.public()` without its query on every call.

`public()` reads every view restriction each time it is called, so a page that lists five kinds
of related pages pays five identical queries. Here the restricted paths are kept in the cache
until a restriction changes or pages move (both drop `hub.slots` cached content).
"""

from django.db.models import Q
from wagtail.models import PageViewRestriction

from hub.slots import remember


def restricted_paths() -> list[str]:
    return remember(
        "restricted_paths",
        lambda: list(PageViewRestriction.objects.values_list("page__path", flat=True)),
    )


def public(pages):
    """`pages` without those under a view restriction (members-only, password, groups)."""
    restricted = Q()
    for path in restricted_paths():
        restricted |= Q(path__startswith=path)
    return pages.exclude(restricted) if restricted else pages
