from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.exceptions import DisallowedHost
from wagtail.models import Site

from hub.cache import remember


class HubCSPMiddleware(CSPMiddleware):
    """The strict policy everywhere, loosened only for the staff-only Wagtail admin (its
    inline panels and date pickers), not for its sign-in page, which has no inline script."""

    def process_response(self, request, response):
        if (
            request.path.startswith("/admin/")
            and not request.path.startswith("/admin/login/")
            and not hasattr(response, "_csp_update")
        ):
            response._csp_update = settings.ADMIN_CSP_EXTRA
        response = super().process_response(request, response)
        # A policy of the view's own (Wagtail's documents: "default-src 'none'") still may
        # not be framed by other sites.
        policy = response.get("Content-Security-Policy", "")
        if policy and "frame-ancestors" not in policy:
            response["Content-Security-Policy"] = f"{policy}; frame-ancestors 'self'"
        # Powerful browser features the hub never uses stay off, for embedded frames too.
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


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
        # The home page itself (Wagtail serves `root_page.specific`), in the cached copy.
        site.root_page = site.root_page.specific
    return site
