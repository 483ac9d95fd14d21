"""Delete stored contact messages older than the retention period (run daily, e.g. from cron).

Messages to people, to biobanks and to partners are stored so that staff can see them and
resend them when the mail server was down; after CONTACT_MESSAGE_RETENTION_DAYS they have
served that purpose, whether or not the mail ever went.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from community.services import mail


class Command(BaseCommand):
    help = "Delete contact messages older than CONTACT_MESSAGE_RETENTION_DAYS days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None,
            help="Age in days after which a message is deleted "
                 "(default: CONTACT_MESSAGE_RETENTION_DAYS).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be deleted.",
        )

    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.CONTACT_MESSAGE_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError("--days must be at least 1.")
        cutoff = timezone.now() - timedelta(days=days)
        total = 0
        with transaction.atomic():
            for resender in mail.resenders():
                old = resender.model.objects.filter(created_at__lt=cutoff)
                count = old.count() if dry_run else old.delete()[1].get(old.model._meta.label, 0)
                total += count
                if count or options["verbosity"] > 1:
                    self.stdout.write(f"{resender.label}: {count}")
        verb = "would be deleted" if dry_run else "deleted"
        self.stdout.write(f"Contact messages older than {days} days {verb}: {total}")
