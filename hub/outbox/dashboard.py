"""Mails that failed, on the admin's home page (registered in hub/dashboard.py): superusers
only, like Settings → Outgoing mail (hub/outbox/admin.py: SuperusersOnly), since a mail's
recipients and subject are personal data."""

from __future__ import annotations

from hub.dashboard import DashboardPanel
from hub.outbox.admin import SuperusersOnly
from hub.outbox.models import OutgoingMail

SHOWN = 10
ERROR_SHOWN = 200  # characters of the last error; the mail's page shows it all


class FailedMailPanel(DashboardPanel):
    name = "failed_mail"
    order = 140
    template_name = "hub/outbox/dashboard.html"

    def is_shown(self) -> bool:
        return SuperusersOnly(OutgoingMail).user_has_permission(self.user, "view")

    def get_panel_context(self) -> dict:
        failed = OutgoingMail.objects.failed()
        mails = list(
            failed.only("pk", "subject", "to", "cc", "bcc", "attempts", "last_error", "created_at")
            # The most recent first: an outage shows at the top.
            .order_by("-created_at", "-pk")[:SHOWN]
        )
        for mail in mails:
            mail.error_shown = mail.last_error[:ERROR_SHOWN]
        return {"mails": mails, "total": failed.count()}
