"""SEARCH_BACKEND=database, the search of several machines (docs/operations.md)."""

from tests.test_settings import PRODUCTION_ENV, production_setting, run_manage


def test_search_backend_database_puts_the_index_in_the_shared_database():
    assert production_setting("WAGTAILSEARCH_BACKENDS")["default"]["BACKEND"] == (
        "hub.search.backend"  # one machine: the whoosh index under var/search
    )
    search = production_setting("WAGTAILSEARCH_BACKENDS", SEARCH_BACKEND="database")["default"]
    # Wagtail's database backend with each language's PostgreSQL text search configuration.
    assert search == {"BACKEND": "hub.search.database"}


def test_an_unknown_or_doubled_search_backend_is_refused():
    result = run_manage("check", SEARCH_BACKEND="postgres", **PRODUCTION_ENV)
    assert result.returncode != 0
    assert "SEARCH_BACKEND='postgres' is not 'whoosh' or 'database'" in result.stderr

    result = run_manage(
        "check", SEARCH_BACKEND="database", SEARCH_URLS="https://search:9200", **PRODUCTION_ENV
    )
    assert result.returncode != 0
    assert "SEARCH_BACKEND=database or SEARCH_URLS, not both" in result.stderr
