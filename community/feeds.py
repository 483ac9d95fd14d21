"""RSS and Atom feeds of the news (Django's syndication framework).

Served by the news index page's routes, /news/feed/rss/ and /news/feed/atom/ (see
``community.models.news.NewsIndexPage``), newest first.
"""

from datetime import datetime, time

from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _

from hub.feeds import IndexPageFeed

FEED_LENGTH = 20


class NewsRssFeed(IndexPageFeed):
    feed_type = Rss201rev2Feed
    default_description = _("News from the biobank community.")

    def feed_url(self, index_page):
        urls = index_page.feed_urls(self.request)
        return urls["atom"] if self.feed_type is Atom1Feed else urls["rss"]

    def items(self, index_page):
        return list(index_page.articles().prefetch_related("topics")[:FEED_LENGTH])

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.intro

    def item_link(self, article):
        return article.get_url(self.request)

    def item_pubdate(self, article):
        # The article's own date (what the listing sorts by), at noon to stay on that day
        # whatever the reader's time zone.
        return timezone.make_aware(datetime.combine(article.date, time(12)))

    def item_updateddate(self, article):
        return article.last_published_at

    def item_categories(self, article):
        return [topic.name for topic in article.topics.all()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, index_page):
        return self.description(index_page)
