from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from events.services import anonymise_old_registrations


class Command(BaseCommand):
    help = (
        "Anonymise registrations of events that ended more than "
        "EVENT_REGISTRATION_RETENTION_DAYS days ago (name, e-mail, organisation, answers). "
        "Safe to run daily from cron: rows done before are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None,
            help="Override the retention period (default: EVENT_REGISTRATION_RETENTION_DAYS).",
        )

    def handle(self, *args, days=None, verbosity=1, **options):
        days = settings.EVENT_REGISTRATION_RETENTION_DAYS if days is None else days
        if days < 0:
            raise CommandError("--days must be zero or more.")
        count = anonymise_old_registrations(days)
        if verbosity:
            self.stdout.write(f"Anonymised {count} registration(s) of events that ended more "
                              f"than {days} day(s) ago.")
