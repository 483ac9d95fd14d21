"""The index on disk: generations, the long-lived per-process searcher, locked writers.

One ``Store`` per index directory and process. Its reading half (``hub.search.reading``) and
writing half (``hub.search.writing``) are mixins; the directory's files, locks and format are
in ``hub.search.disk``. This module keeps the generations: creating one, swapping ``CURRENT``
to it after a rebuild, removing old ones.
"""

import contextlib
import fcntl
import logging
import os
import shutil
import threading
import time
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from hub.search import schema as hs
from hub.search.disk import (
    CURRENT,
    GENERATION_RE,
    MARKER,
    REBUILD_LOCK,
    SWAP_LOCK,
    HubCodec,
    IndexUnavailable,
    flocked,
    write_atomically,
)
from hub.search.docsets import CACHE_ENTRIES
from hub.search.reading import ReaderState, StoreReading
from hub.search.writing import StoreWriting

# Imported from here by the backend, the rebuild and the tests; HubCodec also by the pickled
# tables of contents of indexes written before hub.search.disk existed.
__all__ = [
    "CURRENT",
    "MARKER",
    "REBUILD_LOCK",
    "HubCodec",
    "IndexUnavailable",
    "ReaderState",
    "Store",
    "get_store",
    "reset_stores",
    "write_atomically",
]

logger = logging.getLogger("hub.search")

WARNING_INTERVAL = 60.0


class Store(StoreReading, StoreWriting):
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
