"""The usage figures in the Wagtail admin: Reports → Usage, a dashboard panel, and each page's
views in its editor's header menu. Imported by hub/wagtail_hooks.py.

Wagtail 8 has no hook for the page editor's side panels (EditView.get_side_panels is fixed), so
a page's figures are a header button ("123 views in 30 days", in the editor's "more" menu)
leading to a small page of that page's days.
"""

from django.db.models import Sum
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.documents.models import document_served

from hub.dashboard import DashboardPanel
from hub.usage import counting, report
from hub.usage.models import PageViewCount
from hub.usage.views import PAGE_DAYS, PageUsageView, UsageReportView, may_see

# Connected here, not in a ready(): Wagtail's document view reads its hooks (which imports
# this module) before it sends the signal, on the very first download too.
document_served.connect(counting.downloaded, dispatch_uid="hub_usage_downloaded")

PANEL_TOP = 5


@hooks.register("register_admin_urls")
def register_usage_urls():
    return [
        path("usage/", UsageReportView.as_view(), name="hub_usage_report"),
        path("usage/page/<int:page_id>/", PageUsageView.as_view(), name="hub_usage_page"),
    ]


class UsageMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see(request.user)


@hooks.register("register_reports_menu_item")
def register_usage_menu_item():
    return UsageMenuItem(_("Usage"), reverse("hub_usage_report"), icon_name="view", order=900)


@hooks.register("register_page_header_buttons")
def page_views_button(page, user, view_name, next_url=None):
    if view_name != "edit" or not page.live or not may_see(user):
        return []
    start, end = report.since(PAGE_DAYS)
    page_path = report.page_path(page)
    views = (
        PageViewCount.objects.filter(day__range=(start, end), path=page_path or "").aggregate(
            n=Sum("views")
        )["n"]
        or 0
    )
    label = ngettext(
        "%(count)s view in %(days)s days", "%(count)s views in %(days)s days", views
    ) % {"count": views, "days": PAGE_DAYS}
    return [Button(label, reverse("hub_usage_page", args=[page.pk]), icon_name="view", priority=80)]


class UsagePanel(DashboardPanel):
    """Top pages this week and searches with no results: what readers look for."""

    name = "usage"
    order = 160
    template_name = "hub/usage/dashboard_panel.html"

    def is_shown(self) -> bool:
        return may_see(self.user)

    def get_panel_context(self) -> dict:
        return {
            "pages": report.top_pages(7, PANEL_TOP),
            "searches": report.zero_result_searches(7, PANEL_TOP),
            "report_url": reverse("hub_usage_report") + "?days=7",
        }


@hooks.register("construct_homepage_panels")
def add_usage_panel(request, panels):
    panel = UsagePanel(request)
    if panel.is_shown():
        panels.append(panel)
