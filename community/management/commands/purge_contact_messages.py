"""Delete stored contact messages older than the retention period (run daily, e.g. from cron).

Messages to people, to biobanks and to partners are stored so that staff can see them and
resend them when the mail server was down; after CONTACT_MESSAGE_RETENTION_DAYS they have
served that purpose, whether or not the mail ever went.
"""

from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from community.models import ContactMessage
from community.services import contact
from hub import outbox
from hub.retention import RetentionCommand


class Command(RetentionCommand):
    help = "Delete contact messages older than CONTACT_MESSAGE_RETENTION_DAYS days."
    setting = "CONTACT_MESSAGE_RETENTION_DAYS"
    summary = "Contact messages older than {days} day(s)"

    def purge(self, days, dry_run):
        old = ContactMessage.objects.filter(created_at__lt=timezone.now() - timedelta(days=days))
        per_kind = old.order_by().values_list("target_type").annotate(count=Count("pk"))
        for target_type, count in sorted(per_kind):
            self.stdout.write(f"Messages to {contact.kind_name(target_type)}: {count}")
        if dry_run:
            return sum(count for _kind, count in per_kind)
        outbox.mails_about(ContactMessage, old).delete()  # their mails carry the text too
        return old.delete()[1].get(ContactMessage._meta.label, 0)
