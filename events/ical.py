"""iCalendar (.ics) files for events, built with the `icalendar` library.

Times are written in the event's own time zone (TZID) with the matching VTIMEZONE, so a
calendar shows them correctly wherever the reader is.
"""

from __future__ import annotations

from collections.abc import Iterable

import icalendar
from django.http import HttpResponse
from django.utils import timezone

from hub import ical as hub_ical
from hub.base_url import absolute
from hub.cache import remember
from hub.i18n import source_of
from hub.privacy import public

PRODID = "-//Biobank Community Hub//Events//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"
CALENDAR_LIMIT = 200


def uid_for(event) -> str:
    return hub_ical.uid("event", event.pk)


def location_for(event) -> str:
    if not event.is_on_site:
        return "Online"
    parts = [event.venue_name, *event.venue_address.strip().splitlines()]
    location = ", ".join(part.strip() for part in parts if part.strip())
    return f"{location} (and online)" if event.is_online else location


def event_component(event, *, url: str, online_url: str = "", cancelled: bool | None = None):
    """One VEVENT. `online_url` only for a registered attendee's own copy."""
    component = icalendar.Event()
    component.add("uid", uid_for(event))
    component.add("dtstamp", timezone.now())
    component.add("dtstart", event.local_start)
    component.add("dtend", event.local_end)
    component.add("summary", event.title)
    description = event.summary.strip()
    if online_url:
        description += f"\n\nJoin online: {online_url}"
    component.add("description", f"{description}\n\n{url}".strip())
    component.add("location", location_for(event))
    component.add("url", url)
    is_cancelled = event.is_cancelled if cancelled is None else cancelled
    component.add("status", "CANCELLED" if is_cancelled else "CONFIRMED")
    # Cancelling is the only change clients must be told apart from the times themselves.
    component.add("sequence", 1 if is_cancelled else 0)
    if event.last_published_at:
        component.add("last-modified", event.last_published_at)
    return component


def calendar(components: Iterable, *, name: str = "", method: str = "") -> bytes:
    return hub_ical.calendar(components, prodid=PRODID, name=name, method=method)


def event_ics(event, *, url: str, online_url: str = "") -> bytes:
    cancelled = event.is_cancelled
    return calendar(
        [event_component(event, url=url, online_url=online_url)],
        method="CANCEL" if cancelled else "PUBLISH",
    )


def index_calendar(request, index_page) -> bytes:
    """The soonest upcoming events under `index_page`: a calendar app subscribing to the feed
    needs no more, and the feed's cost must not grow with the archive."""
    from events.models import EventPage

    now = timezone.now()

    def render():
        events = (
            public(EventPage.objects.live())
            .child_of(source_of(index_page))
            .upcoming(now)
            .order_by("start", "pk")[:CALENDAR_LIMIT]
        )
        return calendar(
            [event_component(event, url=absolute(event.url)) for event in events],
            name=index_page.title,
        )

    # The same for everyone: kept until an event is published (or five minutes pass).
    return remember(f"calendar:{index_page.pk}:{request.build_absolute_uri('/')}", render)


def response(body: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    """An .ics file: shown by the calendar app (`inline`, a feed) or saved (one event)."""
    result = HttpResponse(body, content_type=CONTENT_TYPE)
    disposition = "inline" if inline else "attachment"
    result["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return result
