"""Run daily from cron: deadline reminders to followers, new matches of saved filters, and
renewal reminders to owners of listings about to expire.

Idempotent: every mail is logged in the same transaction as it is scheduled, so a second run
the same day sends nothing twice.
"""

from django.core.management.base import BaseCommand

from funding import services


class Command(BaseCommand):
    help = (
        "Mail funding deadline reminders, new matches of saved filters and renewal "
        "reminders for partnership listings about to expire."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=services.REMINDER_DAYS,
            help="Remind followers this many days before a deadline (default %(default)s).",
        )
        parser.add_argument(
            "--expiry-days",
            type=int,
            default=services.EXPIRY_NOTICE_DAYS,
            help="Ask owners to renew listings that expire within this many "
            "days (default %(default)s).",
        )

    def handle(self, *args, days, expiry_days, **options):
        reminders = services.send_deadline_reminders(days=days)
        alerts = services.send_filter_alerts()
        notices = services.send_expiry_notices(days=expiry_days)
        self.stdout.write(
            f"Deadline reminders: {reminders}. New-call alerts: {alerts}. "
            f"Renewal reminders: {notices}."
        )
