"""Test helpers: run a test against the whoosh backend with a throw-away index.

In a ``conftest.py``::

    from hub.search.testing import make_page, search_backend  # noqa: F401  (the fixtures)

then request ``search_backend`` in a test (before ``site_tree`` to index the pages as they are
created, after it to index them with ``update_index``). Imported by tests only (needs pytest).
"""

from io import StringIO

import pytest


@pytest.fixture
def search_backend(settings, tmp_path, db):
    """The whoosh backend as Wagtail's `default`, index in tmp_path, built by `update_index`."""
    from django.core.management import call_command
    from modelsearch.backends import get_search_backend

    from hub.search import store

    store.reset_stores()
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "hub.search.backend",
            "PATH": str(tmp_path / "search"),
            "WRITE_TIMEOUT": 20,
        }
    }
    call_command("update_index", stdout=StringIO())
    yield get_search_backend("default")
    store.reset_stores()


@pytest.fixture
def make_page(site_tree):
    """Publish (or just create, as a draft) a StandardPage under the home page."""
    from home.models import StandardPage

    def make(title, slug, intro="", body=None, publish=True):
        page = StandardPage(title=title, slug=slug, intro=intro, body=body or [], live=publish)
        site_tree.add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
        return StandardPage.objects.get(pk=page.pk)

    return make
