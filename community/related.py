"""What each topic page lists: the items of every content type tagged with its topic.

A content type takes part with one line, usually in its app's `apps.py` `ready()`::

    related.register(_("Training"), lambda: TrainingPage.objects.live().public(),
                     order_by="-date", see_all="/training/?topic={slug}")

Its model needs a many-to-many field `topics` to `community.Topic` (a
`ParentalManyToManyField` on pages).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

LIMIT = 4


@dataclass(frozen=True)
class RelatedType:
    label: str
    queryset: Callable[[], QuerySet]
    order_by: tuple[str, ...]
    see_all: str  # a URL with `{slug}` for the topic's slug

    def items(self, topic, limit=LIMIT):
        return list(self.queryset().filter(topics=topic).order_by(*self.order_by)[:limit])


_registry: list[RelatedType] = []


def register(label, queryset, *, order_by, see_all):
    """Add a content type to every topic page (newest or soonest first, as `order_by` says)."""
    if isinstance(order_by, str):
        order_by = (order_by,)
    _registry.append(RelatedType(label, queryset, tuple(order_by), see_all))


def registered() -> list[RelatedType]:
    return list(_registry)


def for_topic(topic, *, request=None, limit=LIMIT):
    """[{label, items, see_all_url}] for the types that have items; empty types are left out."""
    groups = []
    for related_type in _registry:
        items = related_type.items(topic, limit)
        if items:
            groups.append({
                "label": related_type.label,
                "items": items,
                "see_all_url": related_type.see_all.format(slug=topic.slug),
            })
    return groups
