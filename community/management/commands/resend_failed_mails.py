"""Send again the stored messages whose mail could not be sent (the mail server was down).

    manage.py resend_failed_mails

Contact messages (to people, biobanks and partners) are stored before they are mailed; a failed
send marks them. This command mails every marked message again and clears the mark of those
that went (so a second run sends nothing twice). Run it from cron, e.g. every 15 minutes. Event
registrations are resent by their organisers from the admin.
"""

from django.core.management.base import BaseCommand

from community.services import contact


class Command(BaseCommand):
    help = "Send again the stored contact messages whose mail could not be sent."

    def handle(self, *args, **options):
        outcome = contact.resend_failed()
        for kind, counts in outcome.items():
            self.stdout.write(
                f"Messages to {kind}: {counts['sent']} sent, {counts['failed']} could not be sent"
            )
        sent = sum(counts["sent"] for counts in outcome.values())
        failed = sum(counts["failed"] for counts in outcome.values())
        summary = f"Resent mails: {sent} sent, {failed} could not be sent"
        self.stdout.write(summary if failed == 0 else self.style.WARNING(summary))
