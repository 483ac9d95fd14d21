"""Compile the interface's translation catalogues (locale/*/LC_MESSAGES/*.po → .mo).

Django's own `compilemessages` needs GNU gettext's msgfmt, which a fresh Debian machine does not
have; this does the same in Python (polib), so that `make run`, `make test` and a deploy compile
the catalogues with nothing else installed. Refuses a catalogue with untranslated or fuzzy
messages (--allow-incomplete to compile one anyway, e.g. while translating).
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def catalogues(paths=None) -> list[Path]:
    if paths:
        return [Path(path) for path in paths]
    return sorted(
        path for folder in settings.LOCALE_PATHS for path in Path(folder).glob("*/LC_MESSAGES/*.po")
    )


def problems(catalogue: polib.POFile) -> list[str]:
    """What keeps `catalogue` from being complete: untranslated and fuzzy messages."""
    out = [f"untranslated: {entry.msgid[:70]!r}" for entry in catalogue.untranslated_entries()]
    out += [f"fuzzy: {entry.msgid[:70]!r}" for entry in catalogue.fuzzy_entries()]
    return out


class Command(BaseCommand):
    help = "Compile the translation catalogues (.po → .mo) without GNU gettext."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="Catalogues (.po); default: all of them.")
        parser.add_argument(
            "--allow-incomplete",
            action="store_true",
            help="Compile catalogues with untranslated or fuzzy messages too.",
        )

    def handle(self, paths, allow_incomplete=False, **options):
        failed = []
        for path in catalogues(paths):
            catalogue = polib.pofile(str(path))
            found = problems(catalogue)
            if found and not allow_incomplete:
                failed.append(f"{path}: {len(found)} incomplete, e.g. {found[0]}")
                continue
            catalogue.save_as_mofile(str(path.with_suffix(".mo")))
            self.stdout.write(
                f"{path.with_suffix('.mo')}: {catalogue.percent_translated()}% translated"
            )
        if failed:
            raise CommandError("\n".join(failed))
