from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost

from hub.slots import CACHE_SECONDS, VERSION_KEY


class HubCSPMiddleware(CSPMiddleware):
    """The strict policy everywhere, loosened only for the staff-only Wagtail admin."""

    def process_response(self, request, response):
        if request.path.startswith("/admin/") and not hasattr(response, "_csp_update"):
            response._csp_update = settings.ADMIN_CSP_EXTRA
        return super().process_response(request, response)


class CachedSiteMiddleware:
    """Wagtail looks up the Site (and then its root page) on every request; keep both in the
    cache, under the same version as the cached page sections, until pages or sites change."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            key = f"slots:{cache.get_or_set(VERSION_KEY, 1)}:site:{request.get_host()}"
        except DisallowedHost:
            return self.get_response(request)
        site = cache.get(key)
        if site is not None:
            request._wagtail_site = site  # where Site.find_for_request looks first
        response = self.get_response(request)
        if site is None and getattr(request, "_wagtail_site", None) is not None:
            found = request._wagtail_site
            found.root_page  # noqa: B018 - load it now, so the cached copy carries it
            cache.set(key, found, CACHE_SECONDS)
        return response
