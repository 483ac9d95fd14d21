"""Run daily from cron: deadline reminders to followers, new matches of saved filters, and
renewal reminders to owners of listings about to expire.

Idempotent: every mail is recorded as sent in the same transaction as it is put in the outbox
(which sends it, retries and shows what failed for good), so a second run the same day sends
nothing twice and a mail that could not be queued is not counted: the next run tries it again.
Exits non-zero when a mail could not be queued (the cause is logged).
"""

from django.core.management.base import BaseCommand, CommandError

from funding import alerts


class Command(BaseCommand):
    help = (
        "Mail funding deadline reminders, new matches of saved filters and renewal "
        "reminders for partnership listings about to expire."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=alerts.REMINDER_DAYS,
            help="Remind followers this many days before a deadline (default %(default)s).",
        )
        parser.add_argument(
            "--expiry-days",
            type=int,
            default=alerts.EXPIRY_NOTICE_DAYS,
            help="Ask owners to renew listings that expire within this many "
            "days (default %(default)s).",
        )

    def handle(self, *args, days, expiry_days, **options):
        runs = {
            "Deadline reminders": alerts.send_deadline_reminders(days=days),
            "New-call alerts": alerts.send_filter_alerts(),
            "Renewal reminders": alerts.send_expiry_notices(days=expiry_days),
        }
        summary = " ".join(
            f"{label}: {outcome['queued']} queued"
            + (f", {outcome['failed']} could not be queued." if outcome["failed"] else ".")
            for label, outcome in runs.items()
        )
        if any(outcome["failed"] for outcome in runs.values()):
            raise CommandError(summary + " The next run tries those again (see the log).")
        self.stdout.write(summary)
