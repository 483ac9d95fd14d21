"""Django URLs of the events section that Wagtail's page routing cannot serve.

Wagtail serves only paths made of letters, digits, "-" and "_" between slashes, so
/events/feed.ics needs a URL pattern of its own (included in hub/urls.py before Wagtail's
catch-all). Everything else lives in the pages' routes (EventIndexPage, EventPage).
"""

from django.urls import path

from events.feeds import calendar_feed

urlpatterns = [
    path("feed.ics", calendar_feed, name="events_calendar_feed"),
]
