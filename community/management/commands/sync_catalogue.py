"""Sync the hub's biobank profiles with a BBMRI-ERIC Directory export.

    manage.py sync_catalogue SOURCE [--format emx2|bbmri-nl] [--dry-run] [--source-key KEY]
                             [--details] [--no-progress]

SOURCE is a folder, a zip, or an EMX2 schema URL (``https://directory.bbmri-eric.eu/ERIC``,
read through its CSV API). Prints what is added, changed (which fields), withdrawn and
unchanged, then one summary line for a cron mail; --dry-run prints the same and writes
nothing. Any problem in the export is reported by file, row and column, the command exits 1
and the hub's data are exactly as before. The work is done by ``community.catalogue.sync``.
"""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from community.catalogue import CatalogueError, sync
from community.catalogue.sync import FORMATS


class Command(BaseCommand):
    help = "Sync biobanks and collections from a BBMRI-ERIC Directory export."

    def add_arguments(self, parser):
        parser.add_argument("source", help="a folder, a zip file or an EMX2 schema URL")
        parser.add_argument(
            "--format",
            choices=sorted(FORMATS),
            default=None,
            help="the export's format (default: detected from the files)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would change, write nothing"
        )
        parser.add_argument(
            "--source-key",
            default=None,
            help="name of this catalogue source; a biobank missing from the "
            "export is withdrawn only if it came from the same source",
        )
        parser.add_argument(
            "--details", action="store_true", help="list every added, changed and withdrawn record"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bars")

    def handle(self, *args, **options):
        progress = None
        if not options["no_progress"] and sys.stderr.isatty():
            from tqdm import tqdm

            def progress(iterable, desc="", **kwargs):
                return tqdm(iterable, desc=desc, file=sys.stderr, leave=False, mininterval=0.5)

        try:
            report = sync(
                options["source"],
                format_name=options["format"],
                dry_run=options["dry_run"],
                source_key=options["source_key"],
                progress=progress,
            )
        except CatalogueError as error:
            raise CommandError(
                _("The export cannot be synced; nothing was changed.") + "\n" + error.text()
            ) from error
        if options["details"] or options["verbosity"] > 1:
            details = report.details()
            if details:
                self.stdout.write(details)
        self.stdout.write(report.summary())
