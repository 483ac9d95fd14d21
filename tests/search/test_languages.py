"""Search per language (issue 21): Dutch and French content analysed in its own language, found
by a reader of that language with the English pages not translated for them, never a page and
its translation both; "did you mean" in the reader's language; an index of the older layout
is rebuilt, not misread."""

import logging
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation
from wagtail.models import Locale, Page

from hub.i18n import reading_pages
from hub.privacy import public_in_any_language
from hub.search import extras
from hub.search import schema as hs
from hub.search.languages import searching_in
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def translate(page, language, **fields):
    """An editor's translation of `page` into `language`, edited and published."""
    locale, _ = Locale.objects.get_or_create(language_code=language)
    copy = page.copy_for_translation(locale, copy_parents=True)
    copy.search_description = ""  # translated too: filled from the translated intro
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    return type(copy).objects.get(pk=copy.pk)


def result_titles(html: str) -> list[str]:
    start = '<ol class="results"'
    block = html.split(start, 1)[1].split("</ol>", 1)[0] if start in html else ""
    return re.findall(r"<h3><a href=\"[^\"]*\">([^<]*)</a></h3>", block)


def titles(client, path, q) -> list[str]:
    response = client.get(path, {"q": q})
    assert response.status_code == 200
    return result_titles(response.content.decode())


@pytest.fixture
def storage(search_backend):
    """An English page on storage, translated into Dutch and French; one English page left
    untranslated."""
    source = StandardPageFactory(
        title="Tissue storage", slug="tissue-storage", intro="How a biobank stores tissue."
    )
    dutch = translate(
        source,
        "nl",
        title="Opslag van weefsel",
        intro="Hoe een biobank weefsel voor onderzoek bewaart bij min tachtig graden.",
    )
    french = translate(
        source,
        "fr",
        title="Conservation des tissus",
        intro="Comment une biobanque conserve chaque échantillon de tissu.",
    )
    untranslated = StandardPageFactory(
        title="Consent forms", slug="consent-forms", intro="Every biobank asks consent."
    )
    return source, dutch, french, untranslated


def test_dutch_readers_find_dutch_pages_by_dutch_stems(client, storage):
    # "biobanken" and "weefsels" stem to the Dutch page's "biobank" and "weefsel".
    assert "Opslag van weefsel" in titles(client, "/nl/search/", "weefsels")
    assert titles(client, "/nl/search/", "onderzoeken") == ["Opslag van weefsel"]
    found = titles(client, "/nl/search/", "biobanken")
    assert "Opslag van weefsel" in found
    # The English page has a Dutch translation: its Dutch reader gets the translation only.
    assert "Tissue storage" not in found
    # An English page without translation is found by its English words, under /nl/ too.
    assert titles(client, "/nl/search/", "consent") == ["Consent forms"]
    # Never the French translation.
    assert "Conservation des tissus" not in titles(client, "/nl/search/", "biobank")


def test_english_readers_get_english_pages_only(client, storage):
    assert titles(client, "/search/", "tissue") == ["Tissue storage"]
    assert "Opslag van weefsel" not in titles(client, "/search/", "biobank")
    assert titles(client, "/search/", "weefsel") == []
    assert titles(client, "/search/", "échantillon") == []


def test_french_readers_find_french_pages_with_or_without_accents(client, storage):
    assert titles(client, "/fr/search/", "échantillons") == ["Conservation des tissus"]
    assert titles(client, "/fr/search/", "echantillons") == ["Conservation des tissus"]
    # Elided articles are stop words: "l'échantillon" is "échantillon".
    assert titles(client, "/fr/search/", "l'échantillon") == ["Conservation des tissus"]
    assert "Opslag van weefsel" not in titles(client, "/fr/search/", "biobank")


def test_dutch_snippet_marks_the_dutch_word(client, storage):
    html = client.get("/nl/search/", {"q": "weefsels"}).content.decode()
    assert "<mark>weefsel</mark>" in html


def test_did_you_mean_in_the_readers_language(client, storage):
    html = client.get("/nl/search/", {"q": "weefsl"}).content.decode()
    assert 'href="?q=weefsel"' in html
    assert "Opslag van weefsel" in result_titles(html)
    # The English reader has no Dutch vocabulary to be corrected to.
    html = client.get("/search/", {"q": "weefsl"}).content.decode()
    assert "?q=weefsel" not in html


def test_an_explicit_language(storage):
    pages = Page.objects.live()
    with translation.override("en"):
        assert list(extras.search("weefsels", pages, fuzzy=False).results) == []
        found = extras.search("weefsels", pages, language="nl").results
        assert [p.title for p in found] == ["Opslag van weefsel"]
        with searching_in("fr"):
            assert extras.suggest("echantilon", [pages]) == "echantillon"
        assert extras.suggest("weefsl", [pages], language="nl") == "weefsel"


@pytest.mark.parametrize("language", ["en", "nl", "fr"])
def test_a_reader_finds_each_page_once_in_their_language(storage, language):
    pages = public_in_any_language(Page.objects.live())
    found = list(reading_pages(pages, language))
    by_key = {}
    for page in pages:
        by_key.setdefault(page.translation_key, {})[page.locale.language_code] = page.pk
    expected = {versions.get(language, versions.get("en")) for versions in by_key.values()} - {None}
    assert sorted(page.pk for page in found) == sorted(expected)


def test_autocomplete_in_the_readers_language(client, storage):
    english = client.get("/search/autocomplete/", {"q": "tis"}).json()["suggestions"]
    assert english == ["Tissue storage"]
    dutch = client.get("/search/autocomplete/", {"q": "ops", "lang": "nl"}).json()
    assert dutch["suggestions"] == ["Opslag van weefsel"]
    assert client.get("/search/autocomplete/", {"q": "ops"}).json()["suggestions"] == []


def test_an_index_of_the_older_layout_is_rebuilt_not_misread(client, search_backend, caplog):
    from hub.search.store import reset_stores

    StandardPageFactory(title="Quokka husbandry", slug="quokka", intro="Quokkas kept well.")
    call_command("update_index", stdout=StringIO())
    # The index as the previous version wrote it: no layout marker.
    index = search_backend.store._open_index(search_backend.store.current_generation())
    writer = index.writer()
    writer.remove_field(hs.FORMAT)
    writer.commit()
    reset_stores()
    with caplog.at_level(logging.WARNING, logger="hub.search"):
        # Searches use the database meanwhile; updates are not written into the old layout.
        assert titles(client, "/search/", "quokka") == ["Quokka husbandry"]
        StandardPageFactory(title="Quokka diets", slug="quokka-diets", intro="Leaves.")
    assert "older layout" in caplog.text
    call_command("update_index", stdout=StringIO())
    reset_stores()
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="hub.search"):
        assert set(titles(client, "/search/", "quokka")) == {"Quokka husbandry", "Quokka diets"}
    assert "older layout" not in caplog.text


@pytest.mark.postgres
def test_postgres_database_backend_stems_each_language(client, settings):
    """Production's several-machines search (PostgreSQL full text, `hub.search.database`):
    Dutch and French content indexed with PostgreSQL's dutch and french configurations."""
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "hub.search.database"}}
    source = StandardPageFactory(
        title="Tissue storage", slug="tissue-storage", intro="How a biobank stores tissue."
    )
    dutch = "Een biobank bewaart weefsel voor onderzoek."
    translate(source, "nl", title="Opslag van weefsel", intro=dutch)
    translate(source, "fr", title="Conservation", intro="Chaque échantillon de tissu.")
    call_command("update_index", stdout=StringIO())
    assert titles(client, "/nl/search/", "weefsels") == ["Opslag van weefsel"]
    assert "Opslag van weefsel" in titles(client, "/nl/search/", "biobanken")
    # English stemming would keep "onderzoeken" whole.
    assert titles(client, "/nl/search/", "onderzoeken") == ["Opslag van weefsel"]
    assert titles(client, "/fr/search/", "échantillons") == ["Conservation"]
    assert titles(client, "/search/", "tissues") == ["Tissue storage"]
    assert titles(client, "/search/", "weefsel") == []
