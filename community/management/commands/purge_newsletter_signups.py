"""Delete newsletter sign-ups that were never confirmed in time (run daily, e.g. from cron)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from community.models import Subscriber


class Command(BaseCommand):
    help = (
        "Delete newsletter sign-ups not confirmed within NEWSLETTER_CONFIRMATION_DAYS days; "
        "their confirmation links have expired too."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None,
            help="Age in days after which an unconfirmed sign-up is deleted "
                 "(default: NEWSLETTER_CONFIRMATION_DAYS).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be deleted.",
        )

    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.NEWSLETTER_CONFIRMATION_DAYS if days is None else days
        expired = Subscriber.objects.expired(days)
        if dry_run:
            self.stdout.write(f"{expired.count()} expired newsletter sign-up(s) would be deleted.")
            return
        deleted, _by_model = expired.delete()
        self.stdout.write(f"Deleted {deleted} expired newsletter sign-up(s).")
