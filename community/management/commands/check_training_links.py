"""Check the external links of the training items and report the broken ones.

    manage.py check_training_links [--timeout 10] [--workers 4] [--fail-on-broken]

Each link gets a HEAD request, and a GET when HEAD fails (many servers refuse HEAD); redirects
are followed. Nothing is changed or deleted: the command prints a table of broken links for an
editor to fix, and exits 0, or 1 with --fail-on-broken when a link is broken (for a scheduled
job that should alert). With -v 2 it lists the working links too.
"""

import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError

from community.models import TrainingPage
from hub.i18n import source_pages

USER_AGENT = "BiobankCommunityHub-LinkChecker/1.0 (+training library link check)"


@dataclass(frozen=True)
class LinkResult:
    page_id: int
    title: str
    url: str
    ok: bool
    status: str  # an HTTP status code, "timeout" or a short error


def _request(url: str, method: str, timeout: float) -> int:
    # check_url lets only http(s) URLs through.
    request = urllib.request.Request(  # noqa: S310
        url, method=method, headers={"User-Agent": USER_AGENT}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return response.status


def check_url(url: str, timeout: float) -> tuple[bool, str]:
    """(ok, status) of one link: HEAD first, then GET if HEAD does not succeed."""
    if urlsplit(url).scheme not in ("http", "https"):
        return False, "not an http(s) link"
    status = ""
    for method in ("HEAD", "GET"):
        try:
            code = _request(url, method, timeout)
        except urllib.error.HTTPError as error:
            status = str(error.code)
        except TimeoutError:
            return False, "timeout"
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                return False, "timeout"
            status = f"error: {error.reason}"[:60]
        except (OSError, ValueError) as error:  # reset connections, malformed URLs…
            status = f"error: {error}"[:60]
        else:
            if code < 400:
                return True, str(code)
            status = str(code)
    return False, status


class Command(BaseCommand):
    help = (
        "Check the external links of training items and report the broken ones "
        "(nothing is changed)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--timeout",
            type=float,
            default=10.0,
            help="Seconds to wait for each request (default 10).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=4,
            help="Links checked at the same time (default 4, at most 16).",
        )
        parser.add_argument(
            "--fail-on-broken",
            action="store_true",
            help="Exit with status 1 when a link is broken.",
        )

    def handle(self, *args, timeout, workers, fail_on_broken, verbosity, **options):
        if timeout <= 0:
            raise CommandError("--timeout must be positive.")
        workers = max(1, min(workers, 16))
        # The English pages: a translation has its source's link (a synchronised field).
        pages = list(
            source_pages(TrainingPage.objects.exclude(external_url=""))
            .order_by("title", "pk")
            .values_list("pk", "title", "external_url")
        )

        def check(row):
            ok, status = check_url(row[2], timeout)
            return LinkResult(row[0], row[1], row[2], ok, status)

        with ThreadPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(check, pages))

        broken = [result for result in results if not result.ok]
        shown = results if verbosity >= 2 else broken
        if shown:
            self.stdout.write(self._table(shown))
        summary = f"Checked {len(results)} links: {len(broken)} broken."
        self.stdout.write(self.style.ERROR(summary) if broken else self.style.SUCCESS(summary))
        if broken and fail_on_broken:
            raise SystemExit(1)

    @staticmethod
    def _table(results) -> str:
        rows = [("Result", "Status", "Page", "Title", "URL")] + [
            (
                "OK" if result.ok else "BROKEN",
                result.status,
                str(result.page_id),
                result.title[:50],
                result.url,
            )
            for result in results
        ]
        widths = [max(len(row[column]) for row in rows) for column in range(4)]
        lines = []
        for number, row in enumerate(rows):
            cells = [cell.ljust(widths[column]) for column, cell in enumerate(row[:4])]
            lines.append("  ".join([*cells, row[4]]).rstrip())
            if number == 0:
                lines.append("  ".join("-" * width for width in [*widths, 3]))
        return "\n".join(lines)
