"""The usage report in the admin (Reports → Usage) and one page's figures (from its editor)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.models import Page

from hub.usage import counting, report

PAGE_DAYS = 30


def may_see(user) -> bool:
    """Figures without any personal data: everyone who works in the admin may see them."""
    return user.is_active and user.has_perm("wagtailadmin.access_admin")


class UsageReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "hub/usage/report.html"
    page_title = _("Usage")
    header_icon = "view"

    def dispatch(self, request, *args, **kwargs):
        if not may_see(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        counting.flush()  # this process's pending counts too
        try:
            days = int(self.request.GET.get("days", 30))
        except ValueError:
            days = 30
        days = days if days in report.PERIODS else 30
        periods = [{"days": n, "current": n == days} for n in report.PERIODS]
        return super().get_context_data(report=report.build(days), periods=periods, **kwargs)


class PageUsageView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "hub/usage/page.html"
    page_title = _("Page views")
    header_icon = "view"

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(Page, pk=page_id).specific
        if not may_see(request.user) or not self.page.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_context_data(self, **kwargs):
        counting.flush()
        total, days = report.page_trend(self.page, PAGE_DAYS)
        return super().get_context_data(
            page=self.page, total=total, trend=days, days=PAGE_DAYS, **kwargs
        )
