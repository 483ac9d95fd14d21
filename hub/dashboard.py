"""The editors' dashboard: the panels of the Wagtail admin's home page that each app adds
(events/dashboard.py, funding/dashboard.py, community/dashboard.py, hub/outbox/dashboard.py),
registered here in one place and shown to each user only when they may act on what it lists.

A panel is a Wagtail `Component` (a `name`, an `order`, a template): `DashboardPanel` adds the
request, `is_shown()` (the permission check, run before the panel is added, so a hidden panel
costs no query of its data) and `get_panel_context()` (the panel's own, bounded queries).
"""

from __future__ import annotations

from wagtail import hooks
from wagtail.admin.ui.components import Component


class DashboardPanel(Component):
    name = ""
    order = 100
    template_name = ""

    def __init__(self, request):
        self.request = request

    @property
    def user(self):
        return self.request.user

    def is_shown(self) -> bool:
        """Whether this user may act on what the panel lists (override)."""
        raise NotImplementedError

    def get_panel_context(self) -> dict:
        """What the template shows (override); the request is added."""
        return {}

    def get_context_data(self, parent_context=None):
        return {**self.get_panel_context(), "request": self.request}


def panel_classes() -> list[type[DashboardPanel]]:
    # Imported when the dashboard is built: the apps' panel modules import DashboardPanel.
    from community.dashboard import CatalogueSyncPanel, JoinRequestsPanel
    from events.dashboard import UpcomingEventsPanel
    from funding.dashboard import CallsClosingSoonPanel, ListingsToReviewPanel
    from hub.outbox.dashboard import FailedMailPanel

    return [
        ListingsToReviewPanel,
        JoinRequestsPanel,
        UpcomingEventsPanel,
        FailedMailPanel,
        CallsClosingSoonPanel,
        CatalogueSyncPanel,
    ]


@hooks.register("construct_homepage_panels")
def add_dashboard_panels(request, panels):
    for panel_class in panel_classes():
        panel = panel_class(request)
        if panel.is_shown():
            panels.append(panel)
