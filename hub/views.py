import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import defaults
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Site

from hub.base_url import absolute
from hub.cache import remember_response
from hub.sitemaps import PageSitemap

SITEMAPS = {"pages": PageSitemap}  # every page in every language (hub/sitemaps.py)


@require_GET
def sitemap(request):
    """Wagtail's sitemap.xml, each page in every language (a query per page type), kept in the
    cache until pages change."""
    if request.GET:  # ?p=2 and the like: rare, served as they come
        return wagtail_sitemap(request, sitemaps=SITEMAPS)
    site = Site.find_for_request(request)
    return remember_response(
        f"sitemap:{site.pk if site else ''}:{request.scheme}",
        lambda: wagtail_sitemap(request, sitemaps=SITEMAPS),
    )


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    private = ["/accounts/", "/newsletter/confirm/", "/newsletter/unsubscribe/", "/search/"]
    # The same reader pages under each language's prefix (/nl/accounts/…; English has none).
    prefixes = [""] + [f"/{code}" for code, _name in settings.LANGUAGES if code != "en"]
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        *(f"Disallow: {prefix}{path}" for prefix in prefixes for path in private),
        f"Sitemap: {absolute(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def too_many_requests(request, exception=None):
    """allauth's rate limits answer with this (handler429), in the site's own layout."""
    return TemplateResponse(request, "429.html", status=429)


def server_error(request):
    """The 500 page, or a 503 "back soon" page when the database cannot be reached.

    Nothing here touches the database. Django opens a new connection on the next request, so
    the site recovers by itself once the database is back.
    """
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        html = render_to_string("503.html")
        return HttpResponse(html, status=503, headers={"Retry-After": "60"})
    return defaults.server_error(request)
