"""Send the outbox's mails that are due, from cron (e.g. every 5 minutes) or by hand.

    manage.py send_queued_mails

The worker sends each mail as soon as it is queued and retries failures by itself; this catches
up on what it could not be handed (the task queue was unreachable, or the tasks run at once and
a retry came due), marks mails whose worker died mid-send as failed (never sends them twice),
and deletes sent and failed mails older than OUTBOX_RETENTION_DAYS (they hold personal data).
Exits 1 while a mail that failed for good waits for a person (send again or delete).
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hub.outbox import delivery
from hub.outbox.models import OutgoingMail


class Command(BaseCommand):
    help = "Send the queued mails that are due; mark stale ones failed; drop old sent mails."

    def handle(self, *args, **options):
        counts = delivery.deliver_due()
        cutoff = timezone.now() - timedelta(days=settings.OUTBOX_RETENTION_DAYS)
        State = OutgoingMail.State
        dropped, _ = (
            OutgoingMail.objects.filter(state=State.SENT, sent_at__lt=cutoff)
            | OutgoingMail.objects.filter(state=State.FAILED, created_at__lt=cutoff)
        ).delete()
        summary = (
            f"Queued mails: {counts['sent']} sent, {counts['retry']} to retry, "
            f"{counts['failed']} failed, {counts['stale']} left by a stopped worker; "
            f"{dropped} old sent or failed mails deleted"
        )
        # Mails the worker gave up on (in its own retries) count too: until someone sends them
        # again or deletes them, cron reports them.
        waiting_on_people = OutgoingMail.objects.failed().count()
        if waiting_on_people:
            raise CommandError(
                f"{summary}; {waiting_on_people} failed mail(s) to send again or delete "
                "(Settings → Outgoing mail)"
            )
        self.stdout.write(summary)
