"""Funding's panels on the admin's home page (registered in hub/dashboard.py): the partnership
listings waiting for review, for those who moderate them, and the calls closing soon, for those
who may edit the calls."""

from __future__ import annotations

from django.utils import timezone
from wagtail.permission_policies.pages import PagePermissionPolicy

from funding import services
from funding.models import (
    FundingCallPage,
    FundingIndexPage,
    PartnershipListing,
    closing_soon_days,
)
from hub.dashboard import DashboardPanel

SHOWN = 10


class ListingsToReviewPanel(DashboardPanel):
    name = "listings_to_review"
    order = 110
    template_name = "funding/dashboard/listings_to_review.html"

    def is_shown(self) -> bool:
        return services.can_moderate(self.user)

    def get_panel_context(self) -> dict:
        pending = PartnershipListing.objects.pending()
        return {
            # The oldest first: the queue is worked through in that order.
            "listings": list(
                pending.only("pk", "title", "kind", "organisation_name", "created_at").order_by(
                    "created_at", "pk"
                )[:SHOWN]
            ),
            "total": pending.count(),
        }


def editable_pages(user):
    return PagePermissionPolicy().instances_user_has_permission_for(user, "change")


class CallsClosingSoonPanel(DashboardPanel):
    name = "calls_closing_soon"
    order = 150
    template_name = "funding/dashboard/calls_closing_soon.html"

    def is_shown(self) -> bool:
        # Whoever may edit a call, or the funding index under which calls are added.
        user = self.user
        if user.is_superuser:
            return True
        return editable_pages(user).type(FundingIndexPage, FundingCallPage).exists()

    def get_panel_context(self) -> dict:
        now = timezone.now()
        calls = (
            FundingCallPage.objects.live()
            .closing_soon(now)
            .with_next_deadline(now)
            .select_related("funder")
            .order_by("next_deadline", "pk")
        )
        if not self.user.is_superuser:
            calls = calls.filter(pk__in=editable_pages(self.user).values("pk"))
        calls = list(calls[:SHOWN])
        today = timezone.localdate(now)
        for call in calls:
            call.days_left = (timezone.localdate(call.next_deadline) - today).days
        return {"calls": calls, "days": closing_soon_days()}
