"""Every event has its own time zone (Europe/Amsterdam unless the organiser picks another):
editors type the times as the clock reads at the venue, and the site shows them in those terms.
"""

import zoneinfo

from hub.timezones import validate_time_zone, zone_or

__all__ = ["DEFAULT_TIME_ZONE", "TIME_ZONE_CHOICES", "validate_time_zone", "zone"]

DEFAULT_TIME_ZONE = "Europe/Amsterdam"

# The choices live in the admin form, not the model: a tzdata update must not need a migration.
TIME_ZONE_CHOICES = [
    (name, name.replace("_", " "))
    for name in sorted(zoneinfo.available_timezones())
    if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/"))
] + [("UTC", "UTC")]


def zone(name: str | None) -> zoneinfo.ZoneInfo:
    """The named zone, or the default one for an empty or unknown name."""
    return zone_or(name, DEFAULT_TIME_ZONE)
