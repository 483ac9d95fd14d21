"""Batched writes: counts wait in the process until a batch is due, then are *added* to the
day's rows (also by writers flushing at the same time); a failing database or cache loses
counts, never a request."""

import logging
import threading
from datetime import date

import pytest
from django.db import OperationalError, connection

from hub.usage import counting, store
from hub.usage.models import DownloadCount, PageViewCount, ReferrerCount, ZeroResultSearch
from tests import factories

pytestmark = pytest.mark.django_db
DAY = date(2026, 12, 1)


@pytest.fixture
def about(home_page):
    return factories.AboutPageFactory()


def test_a_batch_adds_to_what_is_stored_in_every_table():
    batch = {
        ("view", DAY, "/about/"): 3,
        ("referrer", DAY, "/about/", "example.org"): 1,
        ("download", DAY, 7): 2,
        ("search", DAY, "site", "xyzzy"): 1,
    }
    store.write(batch)
    store.write(batch)
    assert PageViewCount.objects.get(day=DAY, path="/about/").views == 6
    assert ReferrerCount.objects.get(domain="example.org").visits == 2
    assert DownloadCount.objects.get(document_id=7).downloads == 4
    assert ZeroResultSearch.objects.get(query="xyzzy").searches == 2
    store.write({("view", DAY, "/news/"): 1})
    assert PageViewCount.objects.count() == 2


def test_counts_are_written_when_a_batch_is_due_not_before(about, reader, settings):
    settings.USAGE_FLUSH_HITS = 3
    for _ in range(2):
        reader().get("/about/")
    assert not PageViewCount.objects.exists()
    reader().get("/about/")  # the third hit: written after this response was sent
    assert PageViewCount.objects.get(path="/about/").views == 3
    assert counting.tally.pending() == {}


def test_a_batch_is_due_after_so_many_seconds_too(about, reader, settings):
    reader().get("/about/")
    assert not PageViewCount.objects.exists()
    settings.USAGE_FLUSH_SECONDS = 0
    reader().get("/about/")
    assert PageViewCount.objects.get(path="/about/").views == 2


def test_a_failing_database_write_loses_the_counts_not_the_request(
    about, reader, settings, monkeypatch, caplog
):
    settings.USAGE_FLUSH_HITS = 1

    def broken(batch):
        raise OperationalError("disk I/O error")

    monkeypatch.setattr(store, "write", broken)
    with caplog.at_level(logging.WARNING, logger="hub.usage"):
        answers = [reader().get("/about/") for _ in range(3)]
    assert [a.status_code for a in answers] == [200] * 3
    assert "About" in answers[0].content.decode()
    # One line, not one per request; the count of what was lost comes with the next one.
    lines = [r.getMessage() for r in caplog.records if r.name == "hub.usage"]
    assert lines == ["lost 1 usage count(s): the database write failed (OperationalError)"]
    assert counting.tally.pending() == {}

    monkeypatch.undo()
    reader().get("/about/")
    assert PageViewCount.objects.get(path="/about/").views == 1  # the others are gone


def test_a_failing_cache_still_counts_and_answers(about, reader, settings):
    """Counting keeps nothing in the cache: with the cache down (a Redis nobody listens to)
    pages answer from the database and every view is still counted."""
    settings.CACHES = {
        "default": {
            "BACKEND": "hub.cache_backends.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    settings.PAGE_CACHE_SECONDS = 60
    settings.USAGE_FLUSH_HITS = 2
    answers = [reader().get("/about/") for _ in range(2)]
    assert [a.status_code for a in answers] == [200, 200]
    assert PageViewCount.objects.get(path="/about/").views == 2


def test_counting_that_fails_never_breaks_the_page(about, reader, monkeypatch, caplog):
    def broken(*key):
        raise RuntimeError("tally broken")

    monkeypatch.setattr(counting.tally, "add", broken)
    with caplog.at_level(logging.WARNING, logger="hub.usage"):
        assert reader().get("/about/").status_code == 200
    assert "counting failed" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_writers_flushing_the_same_rows_at_once_lose_nothing():
    """Eight threads (eight connections) add to the same new rows at the same moment."""
    start = threading.Barrier(8)
    errors = []

    def writer():
        try:
            start.wait()
            for _ in range(5):
                store.write({("view", DAY, "/about/"): 1, ("search", DAY, "site", "x"): 2})
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if connection.vendor == "sqlite" and errors:
        pytest.skip("SQLite in memory is one connection per thread: nothing shared to race on")
    assert errors == []
    assert PageViewCount.objects.get(day=DAY, path="/about/").views == 40
    assert ZeroResultSearch.objects.get(day=DAY, query="x").searches == 80
