"""schema.org Event data (JSON-LD) for an event page, so that search engines show its date,
place and registration."""

from __future__ import annotations

from django.utils.safestring import SafeString

from community.newsletter import site_settings
from hub.base_url import absolute
from hub.jsonld import script_text

ATTENDANCE_MODES = {
    "on_site": "https://schema.org/OfflineEventAttendanceMode",
    "online": "https://schema.org/OnlineEventAttendanceMode",
    "hybrid": "https://schema.org/MixedEventAttendanceMode",
}


def json_ld(request, event, state) -> SafeString:
    """schema.org Event, ready to sit in a <script type="application/ld+json"> element."""
    url = absolute(event.url)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "startDate": event.local_start.isoformat(),
        "endDate": event.local_end.isoformat(),
        "eventStatus": "https://schema.org/EventCancelled"
        if event.is_cancelled
        else "https://schema.org/EventScheduled",
        "eventAttendanceMode": ATTENDANCE_MODES.get(event.format),
        "url": url,
    }
    locations = []
    if event.is_on_site:
        locations.append(
            {"@type": "Place", "name": event.venue_name, "address": event.address_one_line}
        )
    if event.is_online:
        # The real link is for attendees only: the public location is the event page.
        locations.append({"@type": "VirtualLocation", "url": url})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    found = site_settings(request)
    data["organizer"] = {
        "@type": "Organization",
        "name": found.organisation_name if found else "",
        "url": absolute("/"),
    }
    if event.registration_enabled and not event.is_cancelled:
        # Registration, not a ticket sale: no price is claimed.
        offer = {"@type": "Offer", "url": url + "#registration"}
        availability = {
            "open": "InStock",
            "waiting_list": "SoldOut",
            "full": "SoldOut",
            "not_open": "PreOrder",
        }.get(state.code)
        if availability:
            offer["availability"] = f"https://schema.org/{availability}"
        if event.registration_opens_at:
            offer["validFrom"] = event.registration_opens_at.astimezone(event.tz).isoformat()
        data["offers"] = offer
    return script_text(data)
