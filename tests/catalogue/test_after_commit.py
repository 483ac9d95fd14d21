"""A sync starts a new content generation in its own transaction (cached pages of the old
catalogue are never paired with the new one), and the work that follows it (the search index
update, the facet index) runs once the transaction has committed: never for a sync that is
rolled back, never before readers can see the rows, and a failure there does not undo or fail
the sync."""

import logging

import pytest
from django.db import transaction

from community.biobanks.catalogue import sync
from community.models import Biobank, SyncRun
from hub.cache import generation

pytestmark = pytest.mark.django_db


def found(backend, word) -> list[str]:
    return sorted(b.catalogue_id for b in backend.search(word, Biobank.objects.all()))


def test_index_and_cache_change_only_after_commit(
    search_backend, small, django_capture_on_commit_callbacks
):
    before = generation()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sync(str(small), source_key="small")
        # Not committed yet: the rows and the new generation are there for this transaction.
        assert Biobank.objects.count() == 3
        assert generation() != before
        assert found(search_backend, "Alpha") == []
    for callback in callbacks:
        callback()
    assert found(search_backend, "Alpha") == ["bbmri-eric:ID:NL_alpha"]


def test_a_rolled_back_sync_leaves_index_and_cache_alone(
    search_backend, small, django_capture_on_commit_callbacks
):
    before = generation()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        sync(str(small), source_key="small")
        raise RuntimeError("the caller's own work failed")
    assert callbacks == []
    assert not Biobank.objects.exists()
    assert generation() == before
    assert found(search_backend, "Alpha") == []


def test_a_failing_facet_index_does_not_fail_the_committed_sync(
    small, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    from community.biobanks import facets as facet_index

    def down():
        raise ConnectionError("cache unreachable")

    monkeypatch.setattr(facet_index, "current", down)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        report = sync(str(small), source_key="small")
    assert len(report.biobanks.added) == 3
    assert Biobank.objects.count() == 3 and SyncRun.objects.get().status == "success"
    assert "cache unreachable" in caplog.text
