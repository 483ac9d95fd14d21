"""Sync the hub's biobank profiles with a BBMRI-ERIC Directory export.

    manage.py sync_catalogue SOURCE [--format emx2|bbmri-nl] [--dry-run] [--source-key KEY]
                             [--max-withdraw PERCENT | --allow-mass-withdraw]
                             [--details] [--no-progress]

SOURCE is a folder, a zip, or an EMX2 schema URL (``https://directory.bbmri-eric.eu/ERIC``,
read through its CSV API). Prints what is added, changed (which fields), withdrawn and
unchanged, then one summary line for a cron mail; --dry-run prints the same and writes
nothing. Any problem in the export is reported by file, row and column, the command exits 1
and the hub's data are exactly as before. The same holds for an export without biobanks and
for a sync that would withdraw more than --max-withdraw percent (default 10) of the biobanks
the source has published; --allow-mass-withdraw lifts that limit for a run that is meant.
The work is done by ``community.biobanks.catalogue.sync``.
"""

import argparse
import math
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from community.biobanks.catalogue import CatalogueError, sync
from community.biobanks.catalogue.guards import DEFAULT_MAX_WITHDRAW, MassWithdrawal
from community.biobanks.catalogue.sync import FORMATS


def percent(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0 <= number <= 100:
        raise argparse.ArgumentTypeError(
            _("“%(value)s” is not a percentage from 0 to 100") % {"value": value}
        )
    return number


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
        limits = parser.add_mutually_exclusive_group()
        limits.add_argument(
            "--max-withdraw",
            type=percent,
            default=DEFAULT_MAX_WITHDRAW,
            metavar="PERCENT",
            help="refuse to withdraw more than this share of the source's published biobanks "
            "(default: %(default)g)",
        )
        limits.add_argument(
            "--allow-mass-withdraw",
            action="store_true",
            help="withdraw every biobank missing from the export, however many",
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
                max_withdraw=None if options["allow_mass_withdraw"] else options["max_withdraw"],
            )
        except CatalogueError as error:
            message = _("The export cannot be synced; nothing was changed.") + "\n" + error.text()
            if isinstance(error, MassWithdrawal):
                message += "\n" + _(
                    "If the export is right, run again with --max-withdraw %(needed)d or "
                    "--allow-mass-withdraw."
                ) % {"needed": math.ceil(error.share)}
            raise CommandError(message) from error
        if options["details"] or options["verbosity"] > 1:
            details = report.details()
            if details:
                self.stdout.write(details)
        self.stdout.write(report.summary())
