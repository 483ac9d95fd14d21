"""Send again the stored messages whose mail could not be sent (the mail server was down).

    manage.py resend_failed_mails

Contact messages to people, biobank contact requests and partner messages are stored before
they are mailed; a failed send marks them. This command mails every marked message again and
clears the mark of those that went (so a second run sends nothing twice). Run it from cron, e.g.
every 15 minutes. Event registrations are resent by their organisers from the admin.
"""

from django.core.management.base import BaseCommand

from community.services import mail


class Command(BaseCommand):
    help = "Send again the stored contact messages whose mail could not be sent."

    def handle(self, *args, **options):
        total_sent = total_failed = 0
        for resender in mail.resenders():
            sent, failed = resender()
            total_sent += sent
            total_failed += failed
            if sent or failed or options["verbosity"] > 1:
                self.stdout.write(f"{resender.label}: {sent} sent, {failed} could not be sent")
        summary = f"Resent mails: {total_sent} sent, {total_failed} could not be sent"
        self.stdout.write(summary if total_failed == 0 else self.style.WARNING(summary))
