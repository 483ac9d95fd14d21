"""RSS feed of upcoming events (Django's syndication framework), at /events/rss/."""

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import EventPage
from hub.privacy import public


class UpcomingEventsFeed(Feed):
    description_template = "events/feed_description.html"

    def get_object(self, request, index_page=None):
        self.request = request
        return index_page

    def title(self, index_page):
        return index_page.title

    def link(self, index_page):
        return index_page.url

    def description(self, index_page):
        return index_page.intro or str(_("Upcoming events of the biobank community."))

    def items(self, index_page):
        return public(EventPage.objects.live()).child_of(index_page).upcoming(timezone.now())[:50]

    def item_title(self, event):
        return event.title

    def item_link(self, event):
        return event.url

    def item_pubdate(self, event):
        return event.first_published_at

    def item_updateddate(self, event):
        return event.last_published_at

    def item_guid(self, event):
        from events.ical import uid_for

        return uid_for(event)

    item_guid_is_permalink = False
