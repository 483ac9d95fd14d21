"""When and where an event takes place, as the site says it: in the event's own time zone
(named on the page), and its place on site, online or both."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from events.timezones import zone


class EventFormat(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class EventDisplayMixin:
    """EventPage's times and place, formatted."""

    # --- Time.

    @property
    def tz(self):
        return zone(self.time_zone)

    @property
    def local_start(self) -> datetime:
        return self.start.astimezone(self.tz)

    @property
    def local_end(self) -> datetime:
        return self.end.astimezone(self.tz)

    @property
    def time_zone_label(self) -> str:
        """'Amsterdam time (CEST, UTC+02:00)': the zone the times on the page are in."""
        local = self.local_start
        place = self.time_zone.rsplit("/", 1)[-1].replace("_", " ")
        offset = local.strftime("%z")
        offset = f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"
        abbreviation = local.tzname() or ""
        details = (
            offset
            if abbreviation.startswith(("+", "-")) or not abbreviation
            else f"{abbreviation}, {offset}"
        )
        if self.time_zone == "UTC":
            return "UTC"
        return _("%(place)s time (%(details)s)") % {"place": place, "details": details}

    @property
    def when_display(self) -> str:
        """'Thursday 16 April 2026, 09:30–16:30' or a range of days, in the event's zone."""
        start, end = self.local_start, self.local_end
        day = formats.date_format(start, "l j F Y")
        start_time = formats.time_format(start, "H:i")
        end_time = formats.time_format(end, "H:i")
        if start.date() == end.date():
            return f"{day}, {start_time}–{end_time}"
        return f"{day}, {start_time} – {formats.date_format(end, 'l j F Y')}, {end_time}"

    @property
    def date_display(self) -> str:
        """'16 April 2026' or '16–17 April 2026' for cards."""
        start, end = self.local_start, self.local_end
        if start.date() == end.date():
            return formats.date_format(start, "DATE_FORMAT")
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{formats.date_format(end, 'j F Y')}"
        return f"{formats.date_format(start, 'j F')} – {formats.date_format(end, 'j F Y')}"

    @property
    def listing_meta(self) -> str:
        """The line under the title in other sections' lists (topic pages, search)."""
        return " · ".join(part for part in (self.date_display, self.place_display) if part)

    # --- Place.

    @property
    def is_on_site(self) -> bool:
        return self.format in (EventFormat.ON_SITE, EventFormat.HYBRID)

    @property
    def is_online(self) -> bool:
        return self.format in (EventFormat.ONLINE, EventFormat.HYBRID)

    @property
    def place_display(self) -> str:
        if self.format == EventFormat.ONLINE:
            return str(_("Online"))
        city = self.venue_address.strip().splitlines()[-1] if self.venue_address.strip() else ""
        place = ", ".join(part for part in (self.venue_name, city) if part)
        if self.format == EventFormat.HYBRID:
            return str(_("%(place)s and online") % {"place": place})
        return place

    @property
    def address_one_line(self) -> str:
        return ", ".join(line.strip() for line in self.venue_address.splitlines() if line.strip())

    @property
    def map_link(self) -> str:
        if self.map_url:
            return self.map_url
        if not self.venue_address.strip():
            return ""
        query = ", ".join([self.venue_name, *self.venue_address.strip().splitlines()])
        return "https://www.openstreetmap.org/search?" + urlencode({"query": query})
