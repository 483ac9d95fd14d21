"""What each topic page lists: the items of every content type tagged with its topic.

The Wagtail hook ``hub_topic_related`` returns one `RelatedType`; an app declares it in its
``wagtail_hooks.py``::

    @hooks.register("hub_topic_related", order=20)
    def training():
        return RelatedType(
            _("Training"), lambda: public(TrainingPage.objects.live()),
            order_by=("-date", "-pk"), index_page=TrainingIndexPage,
        )

Lists appear by the hook's `order` (community 10–40, events 50, funding 60–70). The model needs
a many-to-many field `topics` to `community.Topic` (a `ParentalManyToManyField` on pages).
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.utils.translation import get_language
from wagtail import hooks
from wagtail.models import Page

from hub.cache import remember
from hub.privacy import public

HOOK = "hub_topic_related"
LIMIT = 4


@dataclass(frozen=True)
class RelatedType:
    """A content type on topic pages, newest or soonest first as `order_by` says.

    "See all" leads to the live `index_page` (a page model), filtered with `?topic=slug` when
    `topic_filter`; no link when there is no such page.
    """

    label: str
    queryset: Callable[[], QuerySet]
    order_by: tuple[str, ...]
    index_page: type[Page] | None = None
    topic_filter: bool = True

    def see_all_url(self, topic) -> str:
        if self.index_page is None:
            return ""
        return index_url(self.index_page, topic=topic.slug if self.topic_filter else None)


def registered() -> list[RelatedType]:
    return [hook() for hook in hooks.get_hooks(HOOK)]


def index_url(page_model, **query) -> str:
    """The URL of the first public live page of `page_model` with `query` (None values left
    out), or "" when there is none: follows the page wherever editors move it."""
    page = public(page_model.objects.live()).order_by("path").first()
    url = (page.url or "") if page else ""
    query = {key: value for key, value in query.items() if value is not None}
    return f"{url}?{urlencode(query)}" if url and query else url


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

    The same for every reader, so kept in the cache until pages are published or moved, a
    listing or a biobank changes or the catalogue is synced (``hub.cache.forget_cached``), and
    at most five minutes: events end and calls close without anything being saved.
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
    for related_type in registered():
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
                        related_type.see_all_url(topics[0]) if len(topics) == 1 else ""
                    ),
                }
            )
    return groups


def for_topic(topic, *, limit=LIMIT):
    return for_topics([topic], limit=limit)
