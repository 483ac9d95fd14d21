from csp.middleware import CSPMiddleware
from django.conf import settings


class HubCSPMiddleware(CSPMiddleware):
    """The strict policy everywhere, loosened only for the staff-only Wagtail admin."""

    def process_response(self, request, response):
        if request.path.startswith("/admin/") and not hasattr(response, "_csp_update"):
            response._csp_update = settings.ADMIN_CSP_EXTRA
        return super().process_response(request, response)
