"""/biobanks/map/: the listed biobanks on a map, and always as a list by city.

The list is the page: it works without JavaScript and holds every listed biobank, with or
without coordinates. static/js/biobank-map.js draws the map above it (Leaflet, from
static/vendor/leaflet) from the markers in a ``json_script`` block: only biobanks whose
latitude and longitude are real numbers in range. The tiles come from ``BIOBANK_MAP_TILES``
(hub/settings/policies.py, which lets that host through the Content-Security-Policy); an empty
setting means no map, only the list.
"""

import math
from itertools import groupby
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.utils.translation import gettext as _

from community.biobanks.models import Biobank

TEMPLATE = "community/biobanks/map.html"


def valid_coordinates(latitude, longitude) -> bool:
    """Both given, finite and on the globe (a catalogue may hold anything)."""
    try:
        lat, lng = float(latitude), float(longitude)
    except (TypeError, ValueError):
        return False
    return math.isfinite(lat) and math.isfinite(lng) and -90 <= lat <= 90 and -180 <= lng <= 180


def by_city(biobanks) -> list[dict]:
    """Groups of biobanks under (city, country), by city name; no location given comes last."""

    def key(biobank):
        city = " ".join(biobank.location.split())
        country = str(biobank.country or "")
        return (not city, city.casefold(), country.casefold(), city, country)

    groups = []
    for (_missing, _c, _k, city, country), members in groupby(
        sorted(biobanks, key=lambda b: (*key(b), b.name.casefold())), key=key
    ):
        groups.append({"city": city, "country": country, "biobanks": list(members)})
    return groups


def map_page(request, index_page):
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    biobanks = list(
        Biobank.objects.listed()
        .select_related("country")
        .only("name", "slug", "location", "latitude", "longitude", "country__label")
    )
    base = index_page.get_url(request)
    markers = [
        {
            "name": b.name,
            "url": f"{base}{b.slug}/",
            "place": ", ".join(p for p in (b.location, str(b.country or "")) if p),
            "lat": b.latitude,
            "lng": b.longitude,
        }
        for b in biobanks
        if valid_coordinates(b.latitude, b.longitude)
    ]
    tiles = settings.BIOBANK_MAP_TILES
    config = None
    if tiles and markers:
        config = {
            "tiles": tiles,
            "attribution": settings.BIOBANK_MAP_ATTRIBUTION,
            "icon": static("vendor/leaflet/images/marker-icon.png"),
            "iconRetina": static("vendor/leaflet/images/marker-icon-2x.png"),
            "shadow": static("vendor/leaflet/images/marker-shadow.png"),
            "markers": markers,
        }
    return TemplateResponse(
        request,
        TEMPLATE,
        {
            "page": index_page,
            "self": index_page,
            "page_title": _("Map of biobanks"),
            "groups": by_city(biobanks),
            "total": len(biobanks),
            "without_coordinates": len(biobanks) - len(markers),
            "map_config": config,
            "tile_host": urlsplit(tiles.replace("{s}.", "")).hostname if tiles else "",
            "attribution": settings.BIOBANK_MAP_ATTRIBUTION,
        },
    )
