"""The iCalendar feed of funding deadlines (/funding/deadlines.ics), one VEVENT per deadline.

A deadline is a moment, not a stretch of time: each event has a DTSTART (in the call's time
zone, with its VTIMEZONE) and no end, which RFC 5545 reads as an event of no duration.
"""

from __future__ import annotations

import icalendar
from django.utils import timezone

from hub import ical as hub_ical

PRODID = "-//Biobank Community Hub//Funding deadlines//EN"


def uid_for(deadline) -> str:
    return hub_ical.uid("funding-deadline", deadline.pk)


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
    return hub_ical.calendar(components, prodid=PRODID, name=name, method="PUBLISH")
