"""The iCalendar feed of funding deadlines (/funding/deadlines.ics), one VEVENT per deadline.

A deadline is a moment, not a stretch of time: each event has a DTSTART (in the call's time
zone, with its VTIMEZONE) and no end, which RFC 5545 reads as an event of no duration.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone

PRODID = "-//Biobank Community Hub//Funding deadlines//EN"


def uid_for(deadline) -> str:
    host = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "biobank-community-hub"
    return f"funding-deadline-{deadline.pk}@{host}"


def deadline_component(deadline, *, url: str):
    call = deadline.call
    due = deadline.computed_due_at(call).astimezone(call.tz)
    component = icalendar.Event()
    component.add("uid", uid_for(deadline))
    component.add("dtstamp", timezone.now())
    component.add("dtstart", due)
    summary = f"Deadline: {call.title}"
    if deadline.label:
        summary += f" ({deadline.label})"
    component.add("summary", summary)
    funder = call.funder.name if call.funder_id else ""
    description = "\n\n".join(part for part in (funder, call.summary.strip(), url) if part)
    component.add("description", description)
    component.add("url", url)
    component.add("categories", ["Funding deadline"])
    if call.last_published_at:
        component.add("last-modified", call.last_published_at)
    return component


def calendar(components, *, name: str = "") -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    if name:
        cal.add("x-wr-calname", str(name))
    starts = []
    for component in components:
        cal.add_component(component)
        starts.append(component.decoded("dtstart"))
    if starts:
        cal.add_missing_timezones(
            first_date=min(starts).date() - timedelta(days=366),
            last_date=max(starts).date() + timedelta(days=366),
        )
    return cal.to_ical()
