"""Downloads from /biobanks/: a search's results as CSV, and everything as an EMX2 zip.

The CSV is for people (spreadsheets): cells are made safe with ``hub.csvsafe``. The EMX2 zip is
for programs and written by ``community.biobanks.catalogue.emx2_writer``, beside its reader.
"""

import csv

from django.http import HttpResponse, StreamingHttpResponse

from community.biobanks.catalogue import emx2_writer
from community.biobanks.models import Biobank
from community.biobanks.search import in_order, run_search
from hub.base_url import absolute
from hub.csvsafe import safe_row

CSV_HEADER = [
    "id",
    "name",
    "acronym",
    "country",
    "location",
    "collections",
    "commercial_use",
    "url",
    "profile",
    "directory",
]
CSV_CHUNK = 1000  # biobanks read per query while streaming


class _Echo:
    """A file that hands back what is written (csv.writer's rows, for streaming)."""

    def write(self, value):
        return value


def results_csv(request, index_page) -> StreamingHttpResponse:
    """The request's search results (all pages), streamed as CSV."""
    pks = run_search(request).pks
    rows = Biobank.objects.select_related("country")
    base = absolute(index_page.url)

    def lines():
        writer = csv.writer(_Echo())
        yield "\ufeff" + writer.writerow(CSV_HEADER)
        for start in range(0, len(pks), CSV_CHUNK):
            for biobank in in_order(rows, pks[start : start + CSV_CHUNK]):
                yield writer.writerow(
                    safe_row(
                        [
                            biobank.catalogue_id,
                            biobank.name,
                            biobank.acronym,
                            biobank.country.code if biobank.country_id else "",
                            biobank.location,
                            biobank.collection_count,
                            "true" if biobank.commercial_use else "false",
                            biobank.url,
                            f"{base}{biobank.slug}/",
                            biobank.directory_url,
                        ]
                    )
                )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="biobanks.csv"'
    return response


def emx2_zip() -> HttpResponse:
    """What the hub holds, as an EMX2 zip that sync_catalogue (and EMX2) can read back."""
    response = HttpResponse(emx2_writer.zip_bytes(), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="biobanks-emx2.zip"'
    return response
