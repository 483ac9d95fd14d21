"""The shape of the daily clean-up commands that keep personal data no longer than a setting says.

    class Command(RetentionCommand):
        setting = "CONTACT_MESSAGE_RETENTION_DAYS"
        summary = "Contact messages older than {days} day(s)"
        def purge(self, days, dry_run): ...  # -> how many rows were (or would be) removed

Each takes `--days` (default: the setting) and `--dry-run`, runs in one transaction and prints
one line for the cron mail: "<summary> deleted: N" (or "would be deleted").
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class RetentionCommand(BaseCommand):
    setting: str
    summary: str
    action = "deleted"
    min_days = 1

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Age in days after which data are removed (default: {self.setting}).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only count what would be removed.",
        )

    def handle(self, *args, days=None, dry_run=False, verbosity=1, **options):
        self.verbosity = verbosity
        days = getattr(settings, self.setting) if days is None else days
        if days < self.min_days:
            raise CommandError(f"--days must be at least {self.min_days}.")
        with transaction.atomic():
            count = self.purge(days, dry_run)
        if verbosity:
            verb = f"would be {self.action}" if dry_run else self.action
            self.stdout.write(f"{self.summary.format(days=days)} {verb}: {count}")

    def purge(self, days: int, dry_run: bool) -> int:
        raise NotImplementedError
