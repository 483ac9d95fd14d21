"""Anonymise the registrations of events that ended long enough ago (run daily, e.g. from cron)."""

from events.models import Registration
from events.services import anonymise_old_registrations
from hub.retention import RetentionCommand


class Command(RetentionCommand):
    help = (
        "Anonymise registrations of events that ended more than "
        "EVENT_REGISTRATION_RETENTION_DAYS days ago (name, e-mail, organisation, answers). "
        "Safe to run daily from cron: rows done before are left alone."
    )
    setting = "EVENT_REGISTRATION_RETENTION_DAYS"
    summary = "Registrations of events that ended more than {days} day(s) ago"
    action = "anonymised"
    min_days = 0

    def purge(self, days, dry_run):
        if dry_run:
            return Registration.objects.for_retention_purge(days).count()
        return anonymise_old_registrations(days)
