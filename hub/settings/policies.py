"""The browser policies every response carries (Content-Security-Policy, Permissions-Policy);
read by hub/settings/base.py. The biobank map's tile service sits here too: its host is the one
outside address the policy lets the reader's browser load images from."""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from hub.env import env_str

# --- The biobank map (/biobanks/map/): tiles load in the reader's browser, from this service.
# Set BIOBANK_MAP_TILES to an empty value for no map at all (the page keeps its list by city).
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)
# env_str reads an empty value as "unset"; here empty must mean "off", so look first.
BIOBANK_MAP_TILES = (
    "" if os.environ.get("BIOBANK_MAP_TILES") == "" else env_str("BIOBANK_MAP_TILES", OSM_TILES)
)
# HTML (from the operator, never from readers): shown on the map and under it.
BIOBANK_MAP_ATTRIBUTION = env_str("BIOBANK_MAP_ATTRIBUTION", OSM_ATTRIBUTION)


def _tile_origin(template: str) -> str | None:
    """The CSP source of a Leaflet tile URL template; "{s}" subdomains become a wildcard."""
    if not template:
        return None
    wildcard = template.startswith("https://{s}.")
    parts = urlsplit(template.replace("https://{s}.", "https://", 1))
    if parts.scheme != "https" or not parts.hostname or "{" in parts.netloc:
        raise ImproperlyConfigured(
            f"BIOBANK_MAP_TILES={template!r} is not an https:// tile URL template"
            " (placeholders {z}, {x}, {y}, {r} after the host name; '{s}.' may start it)."
        )
    host = f"*.{parts.hostname}" if wildcard else parts.hostname
    port = f":{parts.port}" if parts.port else ""
    return f"https://{host}{port}"


BIOBANK_MAP_TILE_ORIGIN = _tile_origin(BIOBANK_MAP_TILES)

# No inline scripts on the public site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *filter(None, [BIOBANK_MAP_TILE_ORIGIN])],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": [
            "'self'",
            "https://www.youtube-nocookie.com",
            "https://www.youtube.com",
            "https://player.vimeo.com",
        ],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
# The Wagtail admin still relies on inline scripts in a few places; it is staff-only.
ADMIN_CSP_EXTRA = {"script-src": ["'unsafe-inline'"]}

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "browsing-topics",
    )
)
