"""iCalendar (.ics) files for events, built with the `icalendar` library.

Times are written in the event's own time zone (TZID) with the matching VTIMEZONE, so a
calendar shows them correctly wherever the reader is.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone

PRODID = "-//Biobank Community Hub//Events//EN"


def uid_for(event) -> str:
    """Stable across requests and hosts: the same event keeps its UID in every calendar."""
    host = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "biobank-community-hub"
    return f"event-{event.pk}@{host}"


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
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    starts = []
    for component in components:
        cal.add_component(component)
        starts.append(component.decoded("dtstart"))
    if starts:
        # VTIMEZONE rules for the years around the events only, not 1970-2038.
        cal.add_missing_timezones(
            first_date=min(starts).date() - timedelta(days=366),
            last_date=max(starts).date() + timedelta(days=366),
        )
    return cal.to_ical()


def event_ics(event, *, url: str, online_url: str = "") -> bytes:
    cancelled = event.is_cancelled
    return calendar(
        [event_component(event, url=url, online_url=online_url)],
        method="CANCEL" if cancelled else "PUBLISH",
    )
