"""Delete newsletter sign-ups that were never confirmed in time (run daily, e.g. from cron)."""

from community.models import Subscriber
from hub.retention import RetentionCommand


class Command(RetentionCommand):
    help = (
        "Delete newsletter sign-ups not confirmed within NEWSLETTER_CONFIRMATION_DAYS days; "
        "their confirmation links have expired too."
    )
    setting = "NEWSLETTER_CONFIRMATION_DAYS"
    summary = "Newsletter sign-ups not confirmed within {days} day(s)"

    def purge(self, days, dry_run):
        expired = Subscriber.objects.expired(days)
        return expired.count() if dry_run else expired.delete()[1].get(Subscriber._meta.label, 0)
