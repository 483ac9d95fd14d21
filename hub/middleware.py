from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.exceptions import DisallowedHost
from wagtail.models import Site

from hub.slots import remember


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
            host = request.get_host()
        except DisallowedHost:
            return self.get_response(request)
        site = remember(f"site:{host}", lambda: _site_with_root_page(request))
        if site is not None:
            request._wagtail_site = site  # where Site.find_for_request looks first
        return self.get_response(request)


def _site_with_root_page(request):
    site = Site.find_for_request(request)
    if site is not None:
        site.root_page  # noqa: B018 - load it now, so the cached copy carries it
    return site
