"""View restrictions from the cache instead of two queries per use.

`public(pages)` is Wagtail's `PageQuerySet.public()`, which reads every view restriction each
time it is called (a page listing five kinds of related pages paid five identical queries), and
`CachedViewRestrictions` spares each served page Wagtail's two queries for its own and its
ancestors' restrictions when none of them has one. The restricted paths are kept in the cache
until a restriction changes or pages move (both start a new `hub.cache` generation).
"""

from django.db.models import Q
from wagtail.models import PageViewRestriction

from hub.cache import remember


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


class CachedViewRestrictions:
    """For every page model: no restriction query for a page outside every restricted path."""

    def get_view_restrictions(self):
        if self.alias_of_id is None and not any(
            self.path.startswith(path) for path in restricted_paths()
        ):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
