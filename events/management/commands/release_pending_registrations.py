"""Delete registrations whose address was not confirmed in time (run hourly, e.g. from cron).

They already hold nothing once EVENTS_PENDING_HOURS have passed (events.confirmation): this only
removes the addresses nobody showed to be real.
"""

from django.core.management.base import BaseCommand

from events.confirmation import release_expired_pending
from events.models.registrations import pending_hours


class Command(BaseCommand):
    help = (
        "Delete event registrations still awaiting e-mail confirmation after "
        "EVENTS_PENDING_HOURS hours. Safe to run hourly from cron."
    )

    def handle(self, *args, **options):
        deleted = release_expired_pending()
        self.stdout.write(
            f"Released {deleted} registration(s) not confirmed within {pending_hours()} hour(s)."
        )
