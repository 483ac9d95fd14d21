"""iCalendar files shared by the event and funding calendars (icalendar)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from urllib.parse import urlsplit

import icalendar

from hub.base_url import base_url


def uid(kind: str, pk) -> str:
    """Stable across requests and hosts: the same item keeps its UID in every calendar."""
    host = urlsplit(base_url()).hostname or "biobank-community-hub"
    return f"{kind}-{pk}@{host}"


def calendar(components: Iterable, *, prodid: str, name: str = "", method: str = "") -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", prodid)
    cal.add("version", "2.0")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", str(name))
    starts = []
    for component in components:
        cal.add_component(component)
        starts.append(component.decoded("dtstart"))
    if starts:
        # VTIMEZONE rules for the years around the items only, not 1970-2038.
        cal.add_missing_timezones(
            first_date=min(starts).date() - timedelta(days=366),
            last_date=max(starts).date() + timedelta(days=366),
        )
    return cal.to_ical()
