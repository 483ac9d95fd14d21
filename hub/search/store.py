"""The index on disk: generations, the long-lived per-process searcher, locked writers.

Layout of the index directory (``PATH``)::

    CURRENT                 name of the live generation, replaced atomically (os.replace)
    g<time>-<pid>/          one whoosh index per generation (a rebuild makes a new one)
    REBUILDING              name of the generation a running rebuild is filling
    journal-<gen>.log       updates made while that rebuild runs, replayed into it at the end
    .swap.lock              flock: writers hold it shared, the swap takes it exclusively
    .rebuild.lock           flock: held by the running rebuild (one at a time)

Readers
    One searcher per process and thread, kept between requests. Before each use the store reads
    ``CURRENT`` and the generation's latest table of contents (a file name, one ``listdir``); only
    when either changed does it open a new reader, re-using the segment readers whose segment
    and deletions did not change (whoosh-reloaded's own ``Searcher.refresh()`` re-uses stale
    segments, showing deleted documents and duplicates after merges, so it is not used).
    Column data (primary keys, facet and ordering values) is decoded once per segment and cached.

Writers
    Each update takes whoosh's write lock (an ``flock``) with a timeout, waiting while another
    process or thread writes, then deletes the object's documents and adds the new ones in one
    commit, so concurrent workers never lose an update. While a rebuild runs, updates go to the
    live generation *and* to the rebuild's journal; the rebuild replays the journal into the new
    generation under the exclusive swap lock, then points ``CURRENT`` at it. Readers therefore
    switch from a complete old index to a complete new one, never to a half-built one.
"""

import contextlib
import fcntl
import logging
import os
import pickle
import re
import shutil
import struct
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import FileStorage
from whoosh.reading import EmptyReader, MultiReader, SegmentReader
from whoosh.scoring import BM25F
from whoosh.searching import Searcher
from whoosh.writing import LockError

from hub.search import schema as hs
from hub.search.docsets import CACHE_ENTRIES, SizedCache

logger = logging.getLogger("hub.search")

GENERATION_RE = re.compile(r"^g[0-9a-f]+-\d+$")
CURRENT = "CURRENT"
MARKER = "REBUILDING"
SWAP_LOCK = ".swap.lock"
REBUILD_LOCK = ".rebuild.lock"
WARNING_INTERVAL = 60.0
MERGE_AT_SEGMENTS = 8


class HubCodec(W3Codec):
    """whoosh's W3 format, tuned for reading whole posting lists (``hub.search.docsets``).

    No per-block field-length statistics (they cost a look-up per posting when writing and only
    serve whoosh's block-skipping collector); bigger, uncompressed posting blocks (fewer
    decodes per posting list).
    """

    length_stats = False

    def __init__(self, blocklimit=1024, compression=0, inlinelimit=1):
        super().__init__(blocklimit=blocklimit, compression=compression, inlinelimit=inlinelimit)


class IndexUnavailable(Exception):
    """The index is missing, unreadable or corrupt (searches fall back to the database)."""


@contextlib.contextmanager
def flocked(path: Path, mode: int):
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o644)
    try:
        fcntl.flock(fd, mode)
        yield fd
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def write_atomically(path: Path, text: str):
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def dedupe_ops(ops):
    """Keep the last operation per key, in order of their last occurrence."""
    last = {}
    for op in ops:
        last.pop(op[1], None)
        last[op[1]] = op
    return list(last.values())


@dataclass
class ReaderState:
    store: "Store"
    generation_name: str
    index: object
    searcher: Searcher
    toc_generation: int
    columns: dict = field(default_factory=dict)  # column name -> values by docnum
    sets: object = None  # cached sets and scores (see hub.search.docsets.SizedCache)


class Store:
    """One index directory. Shared by every backend instance of this process for that path."""

    def __init__(self, path, write_timeout: float = 30.0, cache_entries: int = CACHE_ENTRIES):
        self.path = Path(path)
        self.write_timeout = write_timeout
        self.cache_entries = cache_entries
        self._local = threading.local()
        self._indexes: dict[str, object] = {}
        self._indexes_lock = threading.Lock()
        self._segment_columns: dict[tuple, list] = {}
        self._last_warning: dict[str, float] = {}

    # --- paths and state ----------------------------------------------------------------------

    def _p(self, name: str) -> Path:
        return self.path / name

    def current_generation(self) -> str | None:
        """Name of the live generation, or None when there is no (valid) index."""
        try:
            name = self._p(CURRENT).read_text(encoding="utf-8").strip()
        except (FileNotFoundError, NotADirectoryError):
            return None
        except (OSError, UnicodeDecodeError) as exc:
            raise IndexUnavailable(f"cannot read {self._p(CURRENT)}: {exc}") from exc
        if not GENERATION_RE.match(name):
            raise IndexUnavailable(f"{self._p(CURRENT)} does not name a generation: {name[:40]!r}")
        return name

    def exists(self) -> bool:
        try:
            name = self.current_generation()
        except IndexUnavailable:
            return False
        return name is not None and self._p(name).is_dir()

    def warn(self, message: str, *args, exc_info=None):
        """Log a warning, at most once a minute per message for this index."""
        now = time.monotonic()
        if now - self._last_warning.get(message, -WARNING_INTERVAL) >= WARNING_INTERVAL:
            self._last_warning[message] = now
            logger.warning(message, *args, exc_info=exc_info)

    def unavailable(self, exc: BaseException, unexpected: bool = False):
        """The index failed a reader (missing, corrupt): forget the searcher, warn (throttled).

        The next use opens the index again, so a repaired index is picked up without a restart.
        """
        self.invalidate()
        self.warn(
            "Search index %s unavailable (%s); searching with the database fallback backend "
            "instead. Run `manage.py update_index` to rebuild the index.",
            self.path,
            exc,
            exc_info=exc if unexpected else None,
        )

    def _open_index(self, name: str):
        with self._indexes_lock:
            ix = self._indexes.get(name)
            if ix is None:
                # No mmap: a segment file truncated under an open reader must raise an error
                # we can fall back from, not SIGBUS (which kills the worker).
                storage = FileStorage(str(self._p(name)), supports_mmap=False)
                ix = whoosh_index.FileIndex(storage, indexname=whoosh_index._DEF_INDEX_NAME)
                if len(self._indexes) >= 4:  # retired generations: drop their handles
                    self._indexes.clear()
                self._indexes[name] = ix
            return ix

    # --- reading ------------------------------------------------------------------------------

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

    # --- writing ------------------------------------------------------------------------------

    def _writer(self, ix):
        return ix.writer(timeout=self.write_timeout, delay=0.02, codec=HubCodec())

    def _ensure_fields(self, writer):
        for name, field_type in hs.schema_fields():
            if name not in writer.schema:
                writer.add_field(name, field_type)

    def _apply(self, writer, ops):
        """Delete the documents of every key in `ops`, then add the new ones (one transaction)."""
        self._ensure_fields(writer)
        ops = dedupe_ops(ops)
        keys = [op[1] for op in ops]
        for start in range(0, len(keys), 512):
            chunk = keys[start : start + 512]
            writer.delete_by_query(wq.Or([wq.Term(hs.ROOT, key) for key in chunk]))
        for op, _key, documents in ops:
            if op == "update":
                with writer.group():
                    for document in documents:
                        writer.add_document(**document)

    def _active_rebuild(self) -> str | None:
        """The generation a *running* rebuild fills (a crashed rebuild's marker is ignored)."""
        try:
            name = self._p(MARKER).read_text(encoding="utf-8").strip()
        except OSError:
            return None
        if not GENERATION_RE.match(name):
            return None
        fd = os.open(self._p(REBUILD_LOCK), os.O_CREAT | os.O_RDWR, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return name  # the rebuild holds its lock: it is running
            fcntl.flock(fd, fcntl.LOCK_UN)
            return None
        finally:
            os.close(fd)

    def _journal(self, generation: str, ops):
        path = self._p(f"journal-{generation}.log")
        payload = pickle.dumps(ops, protocol=pickle.HIGHEST_PROTOCOL)
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            os.write(fd, struct.pack(">Q", len(payload)) + payload)
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def read_journal(self, generation: str) -> list:
        path = self._p(f"journal-{generation}.log")
        ops = []
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return ops
        offset = 0
        while offset + 8 <= len(data):
            (size,) = struct.unpack(">Q", data[offset : offset + 8])
            chunk = data[offset + 8 : offset + 8 + size]
            if len(chunk) < size:
                break
            ops.extend(pickle.loads(chunk))  # noqa: S301 - our own file
            offset += 8 + size
        return ops

    def write(self, ops):
        """Apply ``("update", key, documents)`` / ``("delete", key, None)`` operations."""
        if not ops:
            return
        if not self.path.is_dir():
            raise IndexUnavailable(f"no search index in {self.path} (run manage.py update_index)")
        with flocked(self._p(SWAP_LOCK), fcntl.LOCK_SH):
            name = self.current_generation()
            rebuilding = self._active_rebuild()
            if name is None or not self._p(name).is_dir():
                if rebuilding is None:
                    raise IndexUnavailable(
                        f"no search index in {self.path} (run manage.py update_index)"
                    )
                self._journal(rebuilding, ops)
                return
            ix = self._open_index(name)
            try:
                writer = self._writer(ix)
            except LockError as exc:
                raise LockError(
                    f"search index {self.path} stayed locked for {self.write_timeout}s"
                ) from exc
            try:
                self._apply(writer, ops)
                if rebuilding is not None and rebuilding != name:
                    self._journal(rebuilding, ops)
                # New small segments are merged only once a few accumulated: a commit then
                # costs writing one tiny segment, not rewriting the small ones each time.
                writer.commit(merge=len(writer.segments) >= MERGE_AT_SEGMENTS)
            except BaseException:
                writer.cancel()
                raise

    # --- generations ----------------------------------------------------------------------------

    def generations(self) -> list[str]:
        try:
            return sorted(p.name for p in self.path.iterdir() if GENERATION_RE.match(p.name))
        except FileNotFoundError:
            return []

    def new_generation(self) -> tuple[str, object]:
        self.path.mkdir(parents=True, exist_ok=True)
        name = f"g{time.time_ns():x}-{os.getpid()}"
        directory = self._p(name)
        directory.mkdir()
        ix = whoosh_index.create_in(str(directory), hs.build_schema())
        return name, ix

    def swap(self, name: str, replay) -> str | None:
        """Point CURRENT at generation `name` after `replay(journal_ops)`; returns the old name."""
        with flocked(self._p(SWAP_LOCK), fcntl.LOCK_EX):
            replay(self.read_journal(name))
            try:
                previous = self.current_generation()
            except IndexUnavailable:
                previous = None
            write_atomically(self._p(CURRENT), name + "\n")
            for leftover in (self._p(MARKER), self._p(f"journal-{name}.log")):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()
        self.invalidate()
        return previous

    def remove_old_generations(self, keep: set[str]):
        """Delete generations (and stray journals) not in `keep`; open readers keep their files."""
        for name in self.generations():
            if name not in keep:
                shutil.rmtree(self._p(name), ignore_errors=True)
                with self._indexes_lock:
                    self._indexes.pop(name, None)
        for journal in self.path.glob("journal-*.log"):
            if journal.name[len("journal-") : -len(".log")] not in keep:
                with contextlib.suppress(OSError):
                    journal.unlink()


_stores: dict[str, Store] = {}
_stores_lock = threading.Lock()


def get_store(path, write_timeout: float = 30.0, cache_entries: int = CACHE_ENTRIES) -> Store:
    """The process-wide Store for `path` (backends are re-created per call; stores are not)."""
    key = os.path.abspath(str(path))
    with _stores_lock:
        store = _stores.get(key)
        if store is None:
            store = _stores[key] = Store(key, write_timeout, cache_entries)
        store.write_timeout = write_timeout
        store.cache_entries = cache_entries
        return store


def reset_stores():
    """Forget every open store (tests; a new process starts this way)."""
    with _stores_lock:
        _stores.clear()
