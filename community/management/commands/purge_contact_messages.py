"""Delete stored contact messages older than the retention period (run daily, e.g. from cron).

Messages to people, to biobanks and to partners are stored so that staff can see them and
resend them when the mail server was down; after CONTACT_MESSAGE_RETENTION_DAYS they have
served that purpose, whether or not the mail ever went.
"""

from datetime import timedelta

from django.utils import timezone

from community.services import mail
from hub.retention import RetentionCommand


class Command(RetentionCommand):
    help = "Delete contact messages older than CONTACT_MESSAGE_RETENTION_DAYS days."
    setting = "CONTACT_MESSAGE_RETENTION_DAYS"
    summary = "Contact messages older than {days} day(s)"

    def purge(self, days, dry_run):
        cutoff = timezone.now() - timedelta(days=days)
        total = 0
        for resender in mail.resenders():
            old = resender.model.objects.filter(created_at__lt=cutoff)
            count = old.count() if dry_run else old.delete()[1].get(old.model._meta.label, 0)
            total += count
            if count or self.verbosity > 1:
                self.stdout.write(f"{resender.label}: {count}")
        return total
