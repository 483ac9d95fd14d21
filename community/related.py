"""What each topic page lists: the items of every content type tagged with its topic.

A content type takes part with one line, usually in its app's `apps.py` `ready()`::

    related.register(_("Training"), lambda: public(TrainingPage.objects.live()),
                     order_by="-date", see_all="/training/?topic={slug}")

Its model needs a many-to-many field `topics` to `community.Topic` (a
`ParentalManyToManyField` on pages).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import get_language
from wagtail.models import Page

from hub.cache import remember

LIMIT = 4


@dataclass(frozen=True)
class RelatedType:
    label: str
    queryset: Callable[[], QuerySet]
    order_by: tuple[str, ...]
    see_all: str  # a URL with `{slug}` for the topic's slug


_registry: list[RelatedType] = []


def register(label, queryset, *, order_by, see_all):
    """Add a content type to every topic page (newest or soonest first, as `order_by` says)."""
    if isinstance(order_by, str):
        order_by = (order_by,)
    _registry.append(RelatedType(label, queryset, tuple(order_by), see_all))


def registered() -> list[RelatedType]:
    return list(_registry)


@dataclass(frozen=True)
class Link:
    """A related item as the page shows it: plain text, so the cached lists hold no models."""

    url: str
    title: str
    meta: str = ""

    @classmethod
    def of(cls, item) -> "Link":
        url = (item.url or "") if isinstance(item, Page) else item.get_absolute_url()
        return cls(url, str(item), str(getattr(item, "listing_meta", "") or ""))


def for_topics(topics, *, skip=None, limit=LIMIT) -> list[dict]:
    """[{label, items: [Link], see_all_url}] for the types that have items tagged with any of
    `topics` (types of model `skip` left out; "see all" only for a single topic).

    The same for every reader, so kept in the cache until pages are published, a listing or a
    biobank changes or the catalogue is synced (``hub.cache.forget_cached``), and at most five
    minutes: events end and calls close without anything being saved.
    """
    topics = list(topics)
    if not topics:
        return []
    key = "related:{}:{}:{}".format(
        ",".join(str(topic.pk) for topic in topics),
        skip.__name__ if skip else "",
        get_language(),
    )
    return remember(key, lambda: _groups(topics, skip, limit))


def _groups(topics, skip, limit) -> list[dict]:
    groups = []
    for related_type in _registry:
        queryset = related_type.queryset()
        if skip is not None and issubclass(queryset.model, skip):
            continue
        if len(topics) == 1:
            queryset = queryset.filter(topics=topics[0])
        else:
            queryset = queryset.filter(topics__in=topics).distinct()
        items = queryset.order_by(*related_type.order_by)[:limit]
        if items:
            groups.append(
                {
                    "label": str(related_type.label),
                    "items": [Link.of(item) for item in items],
                    "see_all_url": (
                        related_type.see_all.format(slug=topics[0].slug) if len(topics) == 1 else ""
                    ),
                }
            )
    return groups


def for_topic(topic, *, limit=LIMIT):
    return for_topics([topic], limit=limit)
