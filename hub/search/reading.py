"""Reading the index: the store's long-lived searcher and its decoded columns.

One searcher per process and thread, kept between requests. Before each use the store reads
``CURRENT`` and the generation's latest table of contents (a file name, one ``listdir``); only
when either changed does it open a new reader, re-using the segment readers whose segment
and deletions did not change (whoosh-reloaded's own ``Searcher.refresh()`` re-uses stale
segments, showing deleted documents and duplicates after merges, so it is not used).
Column data (primary keys, facet and ordering values) is decoded once per segment and cached.
"""

import contextlib
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from whoosh.reading import EmptyReader, MultiReader, SegmentReader
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from hub.search import schema as hs
from hub.search.disk import IndexUnavailable
from hub.search.docsets import SizedCache

if TYPE_CHECKING:
    from hub.search.store import Store


@dataclass
class ReaderState:
    store: "Store"
    generation_name: str
    index: object
    searcher: Searcher
    toc_generation: int
    columns: dict = field(default_factory=dict)  # column name -> values by docnum
    sets: object = None  # cached sets and scores (see hub.search.docsets.SizedCache)


class StoreReading:
    """What ``Store`` does to read: the searcher, its refresh, and decoded column values.

    A mixin of ``hub.search.store.Store``, which provides the paths, the open indexes
    (``_open_index``), ``current_generation`` and ``warn``.
    """

    def searcher(self) -> Searcher:
        """This thread's searcher on the latest committed state of the live generation."""
        return self.reader_state().searcher

    def reader_state(self) -> ReaderState:
        try:
            return self._reader_state()
        except IndexUnavailable:
            # A rebuild swapped generations (and removed the old one) between our reading
            # CURRENT and opening its files: open the new one, once.
            failed = self._local.failed_generation
            with contextlib.suppress(IndexUnavailable):
                if failed is not None and self.current_generation() not in (failed, None):
                    return self._reader_state()
            raise

    def _reader_state(self) -> ReaderState:
        name = None
        try:
            name = self.current_generation()
            if name is None:
                raise IndexUnavailable(
                    f"no search index in {self.path} (run manage.py update_index)"
                )
            state = getattr(self._local, "state", None)
            if state is not None and state.generation_name == name:
                latest = state.index.latest_generation()
                if latest == state.toc_generation:
                    return state
                old_reader = state.searcher.reader()
            else:
                old_reader = None
            if not self._p(name).is_dir():
                raise IndexUnavailable(f"generation {name} named by CURRENT is missing")
            ix = self._open_index(name)
            reader, toc_generation = self._open_reader(ix, old_reader)
            if hs.FORMAT not in reader.schema:
                raise IndexUnavailable(
                    f"the search index in {self.path} was built with an older layout "
                    "(run manage.py update_index)"
                )
            searcher = Searcher(reader, fromindex=ix, weighting=BM25F())
            state = ReaderState(
                self, name, ix, searcher, toc_generation, sets=SizedCache(self.cache_entries)
            )
            self._check_schema(ix, reader)
            self._local.state = state
            return state
        except IndexUnavailable:
            self._local.state, self._local.failed_generation = None, name
            raise
        except Exception as exc:  # noqa: BLE001 - any failure to open is "unavailable"
            self._local.state, self._local.failed_generation = None, name
            raise IndexUnavailable(f"cannot open the search index in {self.path}: {exc!r}") from exc

    def _open_reader(self, ix, old_reader):
        """A reader on the latest TOC, re-using the unchanged segment readers of `old_reader`."""
        attempts = 10
        while True:
            try:
                toc = ix._read_toc()
                reusable = {}
                if old_reader is not None and old_reader.schema.names() == toc.schema.names():
                    for leaf, _offset in old_reader.leaf_readers():
                        segment = leaf.segment() if hasattr(leaf, "segment") else None
                        if segment is not None and not getattr(leaf, "is_closed", False):
                            reusable[segment.segment_id()] = leaf
                readers = []
                for segment in toc.segments:
                    leaf = reusable.get(segment.segment_id())
                    unchanged = (
                        leaf is not None
                        and leaf.segment().deleted_count() == segment.deleted_count()
                    )
                    readers.append(
                        leaf
                        if unchanged
                        else SegmentReader(
                            ix.storage, toc.schema, segment, generation=toc.generation
                        )
                    )
                if not readers:
                    return EmptyReader(toc.schema), toc.generation
                if len(readers) == 1:
                    return readers[0], toc.generation
                return MultiReader(readers, generation=toc.generation), toc.generation
            except OSError:
                # A writer removed a merged segment between our TOC read and the open: retry.
                attempts -= 1
                if attempts <= 0:
                    raise
                time.sleep(0.02)

    def _check_schema(self, ix, reader):
        missing = [name for name, _t in hs.schema_fields() if name not in reader.schema]
        if missing:
            self.warn(
                "Search index %s lacks fields %s (models changed since it was built): "
                "run manage.py update_index",
                self.path,
                ", ".join(missing[:5]),
            )

    def _segment_column(self, leaf, name: str) -> list:
        """Decoded values of a stored column for every document of one segment (cached)."""
        segment = leaf.segment() if hasattr(leaf, "segment") else None
        key = (segment.segment_id(), name) if segment is not None else None
        values = self._segment_columns.get(key) if key else None
        if values is None:
            if name in leaf.schema and leaf.has_column(name):
                values = list(leaf.column_reader(name, translate=False))
            else:
                values = [None] * leaf.doc_count_all()
            if key:
                if len(self._segment_columns) > 512:
                    self._segment_columns.clear()
                self._segment_columns[key] = values
        return values

    def _segment_values(self, leaf, name: str) -> list:
        """One filter field's values (``c.…`` name) for every document of one segment."""
        segment = leaf.segment() if hasattr(leaf, "segment") else None
        key = (segment.segment_id(), name) if segment is not None else None
        values = self._segment_columns.get(key) if key else None
        if values is None:
            values = [
                row.get(name) if row else None for row in self._segment_column(leaf, hs.VALUES)
            ]
            if key:
                self._segment_columns[key] = values
        return values

    def column(self, state: ReaderState, name: str) -> list:
        """Values of ``pk`` or of a filter field's ``c.…`` column, by document number."""
        values = state.columns.get(name)
        if values is not None:
            return values
        out: list = []
        for leaf, _offset in state.searcher.reader().leaf_readers():
            if name == hs.PK:
                out.extend(self._segment_column(leaf, name))
            else:
                out.extend(self._segment_values(leaf, name))
        state.columns[name] = out
        return out

    def invalidate(self):
        """Forget this thread's searcher (the next search opens the latest state)."""
        self._local.state = None
