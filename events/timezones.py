"""Every event has its own time zone (Europe/Amsterdam unless the organiser picks another):
editors type the times as the clock reads at the venue, and the site shows them in those terms.
"""

import zoneinfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DEFAULT_TIME_ZONE = "Europe/Amsterdam"

# The choices live in the admin form, not the model: a tzdata update must not need a migration.
TIME_ZONE_CHOICES = [
    (name, name.replace("_", " "))
    for name in sorted(zoneinfo.available_timezones())
    if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/"))
] + [("UTC", "UTC")]


def validate_time_zone(value):
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _("“%(value)s” is not a time zone."), params={"value": value}, code="invalid"
        ) from None


def zone(name: str | None) -> zoneinfo.ZoneInfo:
    """The named zone, or the default one for an empty or unknown name."""
    try:
        return zoneinfo.ZoneInfo(name or DEFAULT_TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(DEFAULT_TIME_ZONE)
