"""A django-modelsearch (Wagtail 8 search) backend on an embedded whoosh index.

Use it with::

    WAGTAILSEARCH_BACKENDS = {            # or MODELSEARCH_BACKENDS outside Wagtail
        "default": {
            "BACKEND": "hub.search.backend",
            "PATH": VAR_DIR / "search",     # index directory (created by update_index)
        }
    }

Options (all optional):

``PATH``            index directory. Default: ``settings.VAR_DIR / "search"`` if that setting
                    exists, else ``<BASE_DIR or cwd>/var/search``.
``WRITE_TIMEOUT``   seconds a live update waits for another writer's lock (default 30).
``FALLBACK``        backend used when the index is missing or corrupt (default
                    ``modelsearch.backends.database.fallback``, which needs no index of its own);
                    ``None`` makes index errors propagate instead (the conformance suite).
``REBUILD_MEMORY_MB``  posting buffer of a full rebuild before it spills to disk (default
                    512: about 600 MB of memory for 15,000 documents, none spilled).
``CACHE_ENTRIES``   size of each process's cache of term sets and scores, in document
                    numbers (default 500,000, at most some tens of MB); emptied when the index
                    changes.
``AUTO_UPDATE``     modelsearch's own switch for the save/delete signal handlers (default True).

Build or repair the index with ``manage.py update_index`` (Wagtail) or
``manage.py rebuild_modelsearch_index``. See the other modules of this package for the details:
``schema`` (fields and documents), ``query`` (query compilation), ``results`` (execution,
facets, fallback), ``store`` (files, searcher, locking), ``rebuild`` (atomic rebuilds),
``languages`` (Dutch and French content analysed in its language, searches in the reader's) and
``extras`` (highlighting, spelling suggestions, fuzzy search). ``hub.search.database`` is
Wagtail's database backend with the same languages (PostgreSQL text search configurations).
"""

import logging
from pathlib import Path

from django.conf import settings
from modelsearch.backends import import_backend
from modelsearch.backends.base import BaseIndex, BaseSearchBackend
from modelsearch.index import class_is_indexed

from hub.search import schema as hs
from hub.search.docsets import CACHE_ENTRIES
from hub.search.query import WhooshAutocompleteQueryCompiler, WhooshSearchQueryCompiler
from hub.search.rebuild import Build, WhooshRebuilder
from hub.search.results import WhooshSearchResults
from hub.search.store import IndexUnavailable, get_store

logger = logging.getLogger("hub.search")

DEFAULT_FALLBACK = "modelsearch.backends.database.fallback"


def default_path() -> Path:
    var_dir = getattr(settings, "VAR_DIR", None)
    if var_dir:
        return Path(var_dir) / "search"
    base_dir = getattr(settings, "BASE_DIR", None)
    return Path(base_dir or Path.cwd()) / "var" / "search"


class WhooshIndex(BaseIndex):
    """The live index (one for all models): live updates from the signal handlers land here."""

    def get_key(self):
        return str(self.backend.store.path)

    def add_model(self, model):
        pass

    def refresh(self):
        self.backend.store.invalidate()

    def reset(self):
        """Replace the index with an empty one (atomically, like a rebuild)."""
        Build(self.backend.store).finish()

    def add_items(self, model, items):
        if not class_is_indexed(model):
            return
        mapping = hs.mapping_for(model)
        ops = []
        for obj in items:
            documents = mapping.documents(obj)
            ops.append(("update", documents[0][hs.ROOT], documents))
        self._write(ops)

    def delete_item(self, item):
        model = type(item)
        if not class_is_indexed(model):
            return
        self._write([("delete", hs.mapping_for(model).key(item.pk), None)])

    def _write(self, ops):
        store = self.backend.store
        try:
            store.write(ops)
        except IndexUnavailable as exc:
            store.warn(
                "Search index update skipped: %s. Searches use the database until "
                "`manage.py update_index` builds the index.",
                exc,
            )

    def __str__(self):
        return str(self.backend.store.path)


class WhooshSearchBackend(BaseSearchBackend):
    query_compiler_class = WhooshSearchQueryCompiler
    autocomplete_query_compiler_class = WhooshAutocompleteQueryCompiler
    results_class = WhooshSearchResults
    index_class = WhooshIndex
    rebuilder_class = WhooshRebuilder
    # A failed index update (e.g. a lock held too long) is logged, never turned into a 500.
    catch_indexing_errors = True

    def __init__(self, params):
        super().__init__(params)
        self.params = dict(params)
        self.path = Path(params.get("PATH") or default_path())
        self.write_timeout = float(params.get("WRITE_TIMEOUT", 30))
        self.fallback_path = params.get("FALLBACK", DEFAULT_FALLBACK)
        self.rebuild_memory_mb = int(params.get("REBUILD_MEMORY_MB", 512))
        # Cheap: backends are instantiated per call; the store (searcher, caches) is per process.
        self.cache_entries = int(params.get("CACHE_ENTRIES", CACHE_ENTRIES))
        self.store = get_store(self.path, self.write_timeout, self.cache_entries)

    def get_index_for_model(self, model):
        return WhooshIndex(self)

    def fallback_backend(self):
        return import_backend(self.fallback_path)({})

    def index_exists(self) -> bool:
        return self.store.exists()


SearchBackend = WhooshSearchBackend
