"""News: an index at /news/ (newest first, `?topic=` filter, RSS and Atom feeds) and articles.

The feeds are routes of the index page (RoutablePageMixin): /news/feed/rss/ and
/news/feed/atom/, built with Django's syndication framework in ``community.feeds``.

The home page's "Latest news" section (``latest_news_context``) is kept in the cache with the
content generation (hub.cache): any publish, move, deletion or restriction change starts anew.
"""

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model_string
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BodyBlock
from hub import finders
from hub.cache import content_key, remember, remember_response
from hub.i18n import LocalisedPage, source_of
from hub.pagination import page_of
from hub.privacy import CachedViewRestrictions, public

PER_PAGE = 10
# Routes of NewsIndexPage: an article with this slug could never be reached.
RESERVED_SLUGS = {"feed"}
LATEST_NEWS_COUNT = 3


def newest_first(queryset):
    return queryset.order_by("-date", "-first_published_at", "-pk")


class NewsIndexPage(LocalisedPage, CachedViewRestrictions, RoutablePageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["community.NewsPage"]
    max_count = 1
    template = "community/news/news_index_page.html"

    class Meta:
        verbose_name = _("news index page")

    def articles(self):
        return newest_first(public(NewsPage.objects.child_of(source_of(self)).live()))

    def feed_urls(self, request=None) -> dict:
        base = self.get_url(request) or "/"
        base = base.rstrip("/") + "/"
        return {
            "rss": base + self.reverse_subpage("rss_feed").lstrip("/"),
            "atom": base + self.reverse_subpage("atom_feed").lstrip("/"),
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from community.models.topics import Topic, topic_from_query

        articles = self.articles()
        topic, unknown = topic_from_query(request)
        topic_notice = _("We do not know that topic, so all news is shown.") if unknown else None
        if topic:
            articles = articles.filter(topics=topic)
        page_obj = page_of(articles.prefetch_related("topics"), PER_PAGE, request.GET.get("page"))
        filter_topics = remember(
            f"news-topics:{self.pk}",
            lambda: list(
                Topic.objects.filter(
                    news_items__in=NewsPage.objects.child_of(source_of(self)).live()
                )
                .distinct()
                .order_by("sort_order", "name")
            ),
        )
        context.update(
            {
                "articles": list(page_obj.object_list),
                "cards_key": content_key([article.pk for article in page_obj.object_list]),
                "page_obj": page_obj,
                "topic": topic,
                "topic_notice": topic_notice,
                "feed_urls": self.feed_urls(request),
                "filter_topics": filter_topics,
                "finder": self.filter_panel(request, filter_topics, topic),
            }
        )
        return context

    @staticmethod
    def filter_panel(request, filter_topics, topic) -> dict:
        """The shared filter panel (hub.finders) of the news list: one topic at a time."""
        options = [{"value": "", "label": _("All topics"), "selected": topic is None}] + [
            {"value": t.slug, "label": t.name, "selected": topic is not None and t.pk == topic.pk}
            for t in filter_topics
        ]
        chips = []
        if topic is not None:
            chips.append({"field": _("Topic"), "label": topic.name, "url": request.path})
        return finders.panel(
            id="news-filter-panel",
            groups=[
                {
                    "kind": "select",
                    "name": "topic",
                    "id": "news-topic",
                    "label": _("Topic"),
                    "options": options,
                }
            ]
            if filter_topics
            else [],
            chips=chips,
            clear_url=request.path,
            submit_label=_("Show news"),
        )

    # --- Routes: the feeds (community.feeds). ---

    @path("feed/rss/", name="rss_feed")
    def rss_feed(self, request):
        from community.feeds import NewsRssFeed

        return remember_response(
            f"feed:news-rss:{self.pk}:{request.build_absolute_uri('/')}:{get_language()}",
            lambda: NewsRssFeed()(request, index_page=self),
        )

    @path("feed/atom/", name="atom_feed")
    def atom_feed(self, request):
        from community.feeds import NewsAtomFeed

        return remember_response(
            f"feed:news-atom:{self.pk}:{request.build_absolute_uri('/')}:{get_language()}",
            lambda: NewsAtomFeed()(request, index_page=self),
        )


class NewsPage(LocalisedPage, CachedViewRestrictions, Page):
    date = models.DateField(
        _("date"),
        default=timezone.localdate,
        help_text=_("The date the news is about or was announced."),
    )
    intro = models.TextField(
        _("introduction"), help_text=_("One or two sentences, shown in listings and feeds.")
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt_text = models.CharField(
        _("image description"),
        max_length=250,
        blank=True,
        help_text=_(
            "Describe the image for readers who cannot see it; leave empty if it is decorative."
        ),
    )
    topics = ParentalManyToManyField(
        "community.Topic", verbose_name=_("topics"), blank=True, related_name="news_items"
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("image"), FieldPanel("image_alt_text")], heading=_("Image (optional)")
        ),
        FieldPanel("body"),
        FieldPanel("topics"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro", boost=2),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["community.NewsIndexPage"]
    subpage_types = []
    template = "community/news/news_page.html"

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": _("This address is taken by the news feeds: choose another slug.")}
            )

    @property
    def listing_meta(self) -> str:
        return date_format(self.date, "DATE_FORMAT") if self.date else ""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        saved = self.pk is not None
        news_index = (
            NewsIndexPage.objects.filter(path=self.path[: -self.steplen]).first() if saved else None
        )
        context["news_index"] = news_index
        context["feed_urls"] = news_index.feed_urls(request) if news_index else {}
        context["topics"] = list(self.topics.all()) if saved else []
        return context


# --- The home page's "Latest news" ------------------------------------------------------------


def latest_news_context(request) -> dict:
    """The three newest articles for the home page section (nothing to show: no section).

    Plain values, kept with the content generation (hub.cache): no query on the home page
    while the cache is warm."""

    def compute():
        articles = list(
            newest_first(public(NewsPage.objects.live())).only(
                "title", "slug", "url_path", "path", "date", "intro"
            )[:LATEST_NEWS_COUNT]
        )
        news_index = public(NewsIndexPage.objects.live()).first() if articles else None
        return {
            "news_items": [
                {
                    "title": article.title,
                    "url": article.get_url(request),
                    "date": article.date,
                    "intro": article.intro,
                }
                for article in articles
            ],
            "news_index_url": news_index.get_url(request) if news_index else "",
        }

    return remember("latest-news", compute)
