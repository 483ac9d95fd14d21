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


def _restricted() -> Q:
    restricted = Q()
    for path in restricted_paths():
        restricted |= Q(path__startswith=path)
    return restricted


def public(pages):
    """The source-language `pages` without those under a view restriction (members-only,
    password, groups): what listings, feeds and counts are built from (hub/i18n.py)."""
    from hub.i18n import source_pages

    restricted = _restricted()
    return source_pages(pages.exclude(restricted) if restricted else pages)


def public_in_any_language(pages):
    """`pages` in every language without those under a view restriction; a translation counts
    as restricted when its source page is (search, with hub.i18n.reading_pages)."""
    restricted = _restricted()
    if not restricted:
        return pages
    from wagtail.models import Page

    return pages.exclude(restricted).exclude(
        translation_key__in=Page.objects.filter(restricted).values("translation_key")
    )


class CachedViewRestrictions:
    """For every page model: no restriction query for a page outside every restricted path."""

    def get_view_restrictions(self):
        if self.alias_of_id is None and not any(
            self.path.startswith(path) for path in restricted_paths()
        ):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
