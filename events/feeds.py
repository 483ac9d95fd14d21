"""Feeds of upcoming events: RSS at /events/rss/ (Django's syndication framework) and the
site's calendar at /events/feed.ics (events/urls.py; the index's own is at /events/ics/)."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events import ical
from events.models import EventIndexPage, EventPage
from hub.feeds import IndexPageFeed
from hub.i18n import source_of
from hub.privacy import public


class UpcomingEventsFeed(IndexPageFeed):
    description_template = "events/feed_description.html"
    default_description = _("Upcoming events of the biobank community.")

    def items(self, index_page):
        return (
            public(EventPage.objects.live())
            .child_of(source_of(index_page))
            .upcoming(timezone.now())[:50]
        )

    def item_title(self, event):
        return event.title

    def item_link(self, event):
        return event.url

    def item_pubdate(self, event):
        return event.first_published_at

    def item_updateddate(self, event):
        return event.last_published_at

    def item_guid(self, event):
        return ical.uid_for(event)

    item_guid_is_permalink = False


def calendar_feed(request):
    """/events/feed.ics: every upcoming event of the site's event index."""
    from wagtail.models import Site

    site = Site.find_for_request(request)
    index_pages = public(EventIndexPage.objects.live())
    if site is not None:
        index_pages = index_pages.descendant_of(site.root_page, inclusive=True)
    index_page = index_pages.first()
    if index_page is None:
        raise Http404("No event index page.")
    return ical.response(ical.index_calendar(request, index_page), "events.ics", inline=True)
