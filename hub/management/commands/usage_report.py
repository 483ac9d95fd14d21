"""`manage.py usage_report --days N`: the admin's usage report as text (hub/usage/report.py)."""

from django.core.management.base import BaseCommand, CommandError

from hub.usage import report


class Command(BaseCommand):
    help = "Print the usage figures (page views, referrers, downloads, empty searches)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help="The last N days (default 30).")
        parser.add_argument("--top", type=int, default=report.TOP, help="Rows per list.")

    def handle(self, *args, days=30, top=report.TOP, **options):
        if days < 1 or top < 1:
            raise CommandError("--days and --top must be at least 1.")
        self.stdout.write(report.as_text(report.build(days, top)), ending="")
