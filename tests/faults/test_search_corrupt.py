"""The whoosh index is corrupted under a worker that has it open (a broken disk, a bad copy):
every search path of that worker — the site search with its "did you mean" and highlighting,
/biobanks/?q=, autocomplete — still answers 200 from the database fallback, and says so in the
log once rather than on every request."""

import logging
import os
import re
from pathlib import Path

import pytest
from django.test import Client

from hub.search.store import CURRENT
from hub.search.testing import make_page, search_backend  # noqa: F401 - the fixtures

pytestmark = pytest.mark.django_db


def overwrite_in_place(index_dir: Path):
    """Every file of the live generation keeps its size but holds random bytes."""
    generation = index_dir / (index_dir / CURRENT).read_text().strip()
    for path in generation.iterdir():
        if path.is_file():
            with open(path, "r+b") as handle:
                handle.write(os.urandom(path.stat().st_size))


def truncate(index_dir: Path):
    """Every file of the live generation cut to a few random bytes (a half-written copy)."""
    generation = index_dir / (index_dir / CURRENT).read_text().strip()
    for path in generation.iterdir():
        if path.is_file():
            path.write_bytes(os.urandom(16))


DAMAGE = {"overwritten": overwrite_in_place, "truncated": truncate}


def result_titles(html: str) -> list[str]:
    if 'class="results"' not in html:
        return []
    block = html.split('<ol class="results"', 1)[1].split("</ol>", 1)[0]
    return re.findall(r"<h3><a href=\"[^\"]*\">([^<]*)</a></h3>", block)


def every_search(client, biobank) -> dict:
    """Each search path, with a word the database finds and a misspelt one ("did you mean")."""
    word = biobank.name.split()[0]
    misspelt = word[0] + word[2] + word[1] + word[3:] + "x"
    responses = {
        "site": client.get("/search/", {"q": "about"}),
        "site, misspelt": client.get("/search/", {"q": "abuot"}),
        "site, misspelt fuzzy page word": client.get("/search/", {"q": "quokology"}),
        "biobanks": client.get("/biobanks/", {"q": word}),
        "biobanks, misspelt": client.get("/biobanks/", {"q": misspelt}),
        "autocomplete": client.get("/search/autocomplete/", {"q": "abo"}),
    }
    return {name: (r.status_code, r) for name, r in responses.items()}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_an_open_index_corrupted_under_the_worker_falls_back_to_the_database(
    site_tree,
    search_backend,  # noqa: F811
    settings,
    caplog,
    make_page,  # noqa: F811
    damage,
):
    from community.models import Biobank

    client = Client(raise_request_exception=False)
    biobank = Biobank.objects.filter(withdrawn=False).order_by("name").first()
    make_page("Quokka notes", "quokka", intro="Quokkology samples of the region.")
    index_dir = Path(settings.WAGTAILSEARCH_BACKENDS["default"]["PATH"])
    # The worker opens the index and uses every path once: searcher, vocabulary, postings.
    found = every_search(client, biobank)
    assert all(status == 200 for status, _r in found.values())
    assert "Quokka notes" in result_titles(
        found["site, misspelt fuzzy page word"][1].content.decode()
    )

    DAMAGE[damage](index_dir)
    with caplog.at_level(logging.WARNING, logger="hub.search"):
        for _round in range(3):
            found = every_search(client, biobank)
            for name, (status, _response) in found.items():
                assert status == 200, f"{name} answered {status} on a corrupt index"
            assert "About" in result_titles(found["site"][1].content.decode())
            assert biobank.name in found["biobanks"][1].content.decode()
            assert "About" in found["autocomplete"][1].json()["suggestions"]
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("update_index" in message for message in warnings), warnings
    # Eighteen requests on a broken index: a warning or two, not one per request.
    assert len(warnings) <= 3, warnings
