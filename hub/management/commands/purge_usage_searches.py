"""`manage.py purge_usage_searches`: the words of searches that found nothing are kept
USAGE_SEARCH_RETENTION_DAYS days (daily from cron, like the other purge commands)."""

from datetime import timedelta

from django.utils import timezone

from hub.retention import RetentionCommand
from hub.usage.models import ZeroResultSearch


class Command(RetentionCommand):
    help = "Delete the words of searches with no results older than the retention period."
    setting = "USAGE_SEARCH_RETENTION_DAYS"
    summary = "Searches with no results older than {days} day(s)"

    def purge(self, days, dry_run):
        old = ZeroResultSearch.objects.filter(day__lt=timezone.localdate() - timedelta(days=days))
        if dry_run:
            return old.count()
        return old.delete()[0]
