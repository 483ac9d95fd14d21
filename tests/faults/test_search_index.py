"""The whoosh index is missing or corrupt: the site search, /biobanks/?q= and the admin's page
search still answer 200 with results (hub.search falls back to the database and logs a
warning), and `manage.py update_index` repairs the index so searches use it again."""

import logging
import os
import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from hub.search.store import CURRENT, reset_stores
from hub.search.testing import search_backend  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def remove(index_dir: Path):
    shutil.rmtree(index_dir)


def garbage_segments(index_dir: Path):
    """Every file of the live generation replaced by random bytes (a broken disk)."""
    generation = index_dir / (index_dir / CURRENT).read_text().strip()
    files = [path for path in generation.iterdir() if path.is_file()]
    assert files
    for path in files:
        path.write_bytes(os.urandom(256))


def garbage_everywhere(index_dir: Path):
    """CURRENT and every other file of the index directory overwritten with random bytes."""
    for path in index_dir.rglob("*"):
        if path.is_file():
            path.write_bytes(os.urandom(256))


DAMAGE = {
    "missing": remove,
    "corrupt-segments": garbage_segments,
    "corrupt-everything": garbage_everywhere,
}


def titles_in_results(html: str) -> list[str]:
    if 'class="results"' not in html:
        return []
    block = html.split('<ol class="results"', 1)[1].split("</ol>", 1)[0]
    return re.findall(r"<h3><a href=\"[^\"]*\">([^<]*)</a></h3>", block)


@pytest.fixture
def staff_client(user_factory):
    client = Client(raise_request_exception=False)
    client.force_login(user_factory("editor@example.org", is_superuser=True, is_staff=True))
    return client


def the_three_searches(client, staff_client, biobank) -> dict:
    """What a reader and an editor see: status and page of each search."""
    responses = {
        "site": client.get("/search/", {"q": "about"}),
        "biobanks": client.get("/biobanks/", {"q": biobank.name.split()[0]}),
        "admin": staff_client.get("/admin/pages/search/", {"q": "about"}),
    }
    return {name: (r.status_code, r.content.decode()) for name, r in responses.items()}


def assert_answers_with_results(found: dict, biobank):
    for name, (status, _html) in found.items():
        assert status == 200, f"{name} search answered {status}"
    assert "About" in titles_in_results(found["site"][1])
    assert biobank.name in found["biobanks"][1]
    assert "About" in found["admin"][1] and 'href="/admin/pages/' in found["admin"][1]


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_searches_answer_without_the_index_and_update_index_repairs_it(
    site_tree,
    search_backend,  # noqa: F811
    settings,
    caplog,
    staff_client,
    damage,
):
    from community.models import Biobank

    client = Client(raise_request_exception=False)
    biobank = Biobank.objects.filter(withdrawn=False).order_by("name").first()
    index_dir = Path(settings.WAGTAILSEARCH_BACKENDS["default"]["PATH"])
    # The index works, and finds words that only its full text holds (the fallback, on the
    # database, sees a page's title only).
    assert_answers_with_results(the_three_searches(client, staff_client, biobank), biobank)
    assert "About" in titles_in_results(
        client.get("/search/", {"q": "national node"}).content.decode()
    )

    DAMAGE[damage](index_dir)
    with caplog.at_level(logging.WARNING, logger="hub.search"):
        # A worker that had the index open, then a freshly started one.
        assert_answers_with_results(the_three_searches(client, staff_client, biobank), biobank)
        reset_stores()
        assert_answers_with_results(the_three_searches(client, staff_client, biobank), biobank)
        # Publishing while the index is broken works too (the index update is skipped).
        about = site_tree.get_children().get(slug="about").specific
        about.save_revision().publish()
    assert any("update_index" in r.getMessage() for r in caplog.records), (
        "the fallback is not logged: " + " | ".join(r.getMessage() for r in caplog.records)
    )

    out = StringIO()
    call_command("update_index", stdout=out)
    assert (index_dir / CURRENT).is_file()
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="hub.search"):
        reset_stores()
        assert_answers_with_results(the_three_searches(client, staff_client, biobank), biobank)
        html = client.get("/search/", {"q": "national node"}).content.decode()
        assert "About" in titles_in_results(html), "the rebuilt index does not find the text"
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], (
        "still falling back after update_index: "
        + " | ".join(r.getMessage() for r in caplog.records)
    )
