"""The community's panels on the admin's home page (registered in hub/dashboard.py): join
requests waiting for a coordinator, for the coordinators of those groups (and superusers, who
may decide them too: community.services.groups.can_review), and the last catalogue sync of each
source, for whoever may see the sync history."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery
from wagtail.permission_policies import ModelPermissionPolicy

from community.models import JoinRequest, SyncRun
from community.services.groups import display_name
from hub.dashboard import DashboardPanel

SHOWN = 10
ERRORS_SHOWN = 300  # characters of a run's errors; the sync history shows them all


class JoinRequestsPanel(DashboardPanel):
    name = "join_requests"
    order = 120
    template_name = "community/dashboard/join_requests.html"

    def is_shown(self) -> bool:
        user = self.user
        return user.is_superuser or user.coordinated_working_groups.exists()

    def get_panel_context(self) -> dict:
        pending = JoinRequest.objects.pending()
        if not self.user.is_superuser:
            pending = pending.filter(group_page__coordinators=self.user)
        requests = list(
            pending.select_related("group_page", "user").order_by("created_at", "pk")[:SHOWN]
        )
        for join_request in requests:
            page = join_request.group_page
            # Page URLs come from the site root paths cached on the request: no query per row.
            page_url = (page.get_url(self.request) or "").rstrip("/") + "/"
            join_request.review_url = page_url + page.reverse_subpage("requests").lstrip("/")
            join_request.member_name = display_name(join_request.user)
        return {"requests": requests, "total": pending.count()}


class CatalogueSyncPanel(DashboardPanel):
    name = "catalogue_sync"
    order = 160
    template_name = "community/dashboard/catalogue_sync.html"

    def is_shown(self) -> bool:
        # Those who may open the sync history (its ModelViewSet's permission policy).
        return ModelPermissionPolicy(SyncRun).user_has_any_permission(
            self.user, ["view", "change", "delete"]
        )

    def get_panel_context(self) -> dict:
        # The latest run of each catalogue source (a nightly sync of one source must not hide
        # the failure of another), in one query.
        latest = SyncRun.objects.filter(source_key=OuterRef("source_key")).order_by(
            "-started_at", "-pk"
        )
        runs = list(
            SyncRun.objects.filter(pk=Subquery(latest.values("pk")[:1]))
            .defer("report")
            .order_by("-started_at", "-pk")[:SHOWN]
        )
        for run in runs:
            run.errors_shown = run.errors[:ERRORS_SHOWN]
            run.errors_cut = len(run.errors) > ERRORS_SHOWN
        return {"runs": runs}
