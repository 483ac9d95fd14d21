"""What readers see after a sync: cached pages, the search index and the facet index.

``renew`` runs at the end of a sync's writes, inside its transaction: it starts a new cache
generation at once (no reader can pair the new catalogue with cached pages of the old one,
``hub/cache.py``), and leaves the search index update and the facet index rebuild to after the
commit, so that they never show rows that are rolled back nor run before readers can see the
new ones. Both are ``robust``: the data are committed whatever happens there (the index can be
rebuilt); the error is logged.
"""

import logging
from functools import partial

from django.db import transaction

from community.biobanks import facets as facet_index
from community.biobanks.models import Biobank
from hub.cache import forget_cached

logger = logging.getLogger(__name__)

REINDEX_BATCH = 2000  # documents per index commit (smaller batches mean more commits and merges)
QUERY_BATCH = 2000  # biobanks read per query
INDEXED_FIELDS = [
    "name",
    "acronym",
    "description",
    "search_text",
    "vocabulary_text",
    "withdrawn",
    "country_id",
    "commercial_use",
]


def renew(pks: list[int]) -> None:
    """After writing the biobanks `pks` (in the transaction): see the module's docstring."""
    forget_cached()
    transaction.on_commit(partial(reindex, pks), robust=True)
    transaction.on_commit(renew_facets, robust=True)


def reindex(pks: list[int]) -> None:
    """Update the search index for the biobanks `pks` (after commit)."""
    from wagtail.search.backends import get_search_backends

    if not pks:
        return
    for backend in get_search_backends(with_auto_update=True):
        try:
            # Batches of REINDEX_BATCH: each is one index commit.
            for start in range(0, len(pks), REINDEX_BATCH):
                objects = []
                end = min(start + REINDEX_BATCH, len(pks))
                for inner in range(start, end, QUERY_BATCH):
                    objects += Biobank.objects.filter(
                        pk__in=pks[inner : min(inner + QUERY_BATCH, end)]
                    ).only(*INDEXED_FIELDS)
                backend.add_bulk(Biobank, objects)
        except Exception:  # noqa: BLE001 - the index can be rebuilt; the sync stands
            logger.exception("Could not update the search index for %d biobanks", len(pks))


def renew_facets() -> None:
    """The facet index of the committed catalogue, built here once for every process."""
    facet_index.current()  # built once, here, and shared through the cache with every process
