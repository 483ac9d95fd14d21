"""Time zones of events and funding calls: each has its own, typed as the clock reads there."""

import zoneinfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def validate_time_zone(value):
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _("“%(value)s” is not a time zone."), params={"value": value}, code="invalid"
        ) from None


def zone_or(name: str | None, default: str) -> zoneinfo.ZoneInfo:
    """The named zone, or `default` for an empty or unknown name."""
    try:
        return zoneinfo.ZoneInfo(name or default)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(default)
