"""The search page's box asks for suggestions in the page's language (issue 21): its
autocomplete URL has no language prefix, so the box carries the language, and a reader of
/nl/search/ is offered the titles a Dutch reader finds."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from hub.search.testing import search_backend  # noqa: F401 - the fixture
from tests.factories import StandardPageFactory, translate

pytestmark = pytest.mark.django_db


def search_box(html: str) -> dict[str, str]:
    [box] = re.findall(r'<input type="search" id="search-q"[^>]*>', html)
    return dict(re.findall(r'(data-autocomplete-[a-z]+)="([^"]*)"', box))


@pytest.mark.parametrize("prefix, language", [("", "en"), ("/nl", "nl"), ("/fr", "fr")])
def test_the_search_box_carries_the_page_s_language(client, home_page, prefix, language):
    response = client.get(f"{prefix}/search/")
    assert response.status_code == 200
    box = search_box(response.content.decode())
    assert box == {
        "data-autocomplete-url": "/search/autocomplete/",
        "data-autocomplete-lang": language,
    }


def test_the_script_sends_the_box_s_language_with_what_was_typed():
    script = (Path(settings.BASE_DIR) / "static" / "js" / "search.js").read_text()
    assert "dataset.autocompleteLang" in script
    assert '"&lang=" + encodeURIComponent(language)' in script


@pytest.mark.usefixtures("search_backend")
def test_a_dutch_reader_s_box_is_offered_dutch_titles(client):
    source = StandardPageFactory(title="Tissue storage", slug="tissue-storage")
    translate(source, "nl", title="Opslag van weefsel")

    box = search_box(client.get("/nl/search/").content.decode())
    asked = {"q": "ops", "lang": box["data-autocomplete-lang"]}
    suggestions = client.get(box["data-autocomplete-url"], asked).json()["suggestions"]
    assert suggestions == ["Opslag van weefsel"]
