"""`manage.py send_newsletter EDITION`: what the admin's Send button does, for cron and scripts."""

from django.core.management.base import BaseCommand, CommandError

from community.editions import sending
from community.editions.models import Edition


class Command(BaseCommand):
    help = (
        "Send a published newsletter edition (slug or id) to its confirmed subscribers through "
        "the background worker. Running it again resumes: who has it already is skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("edition", help="The edition's slug or id.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the number of recipients, send nothing."
        )

    def handle(self, edition, dry_run=False, **options):
        found = Edition.objects.filter(slug=edition).first()
        if found is None and edition.isdigit():
            found = Edition.objects.filter(pk=int(edition)).first()
        if found is None:
            raise CommandError(f"No newsletter edition with the slug or id {edition!r}.")
        try:
            sending.check_sendable(found)
        except sending.NotSendable as error:
            raise CommandError(str(error)) from None
        if dry_run:
            waiting = sending.waiting(found).count()
            total = sending.recipients(found).count()
            self.stdout.write(
                f"“{found}” would go to {waiting} subscribers "
                f"({total} recipients, {total - waiting} already have it). Nothing sent."
            )
            return
        count = sending.start(found)
        self.stdout.write(
            f"“{found}”: {count} mails to send, queued for the worker (manage.py db_worker)."
        )
