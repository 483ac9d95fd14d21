"""Full rebuilds (``manage.py update_index`` / ``rebuild_modelsearch_index``).

A rebuild fills a brand-new generation directory with one whoosh writer, optimises it, replays
the updates that live writers journaled meanwhile, and only then points ``CURRENT`` at it (an
atomic rename). Searches keep using the previous, complete generation until that moment; then
every older generation, and whatever a crashed rebuild left, is removed from disk.
"""

import contextlib
import fcntl
import logging
import os
import shutil

from modelsearch.backends.base import BaseIndex
from modelsearch.index import class_is_indexed

from hub.search import schema as hs
from hub.search.store import MARKER, REBUILD_LOCK, HubCodec, write_atomically

logger = logging.getLogger("hub.search")


class Build:
    """One rebuild in progress: a new generation, its writer, and the locks."""

    def __init__(self, store, memory_mb=512):
        self.store = store
        store.path.mkdir(parents=True, exist_ok=True)
        self._lock_fd = os.open(store.path / REBUILD_LOCK, os.O_CREAT | os.O_RDWR, 0o644)
        fcntl.flock(self._lock_fd, fcntl.LOCK_EX)  # one rebuild at a time: wait for the other
        try:
            self.name, self.index = store.new_generation()
            write_atomically(store.path / MARKER, self.name + "\n")
            # Postings are sorted in memory up to this size, then spilled to disk and merged
            # (much slower): ~600 MB of RSS covers 15,000 documents without spilling.
            self.writer = self.index.writer(limitmb=memory_mb, codec=HubCodec())
        except BaseException:
            self._release()
            raise
        self.keys: set[str] = set()
        self.repeated: dict[str, list] = {}
        self.count = 0
        self.finished = False

    def add(self, model, objects):
        mapping = hs.mapping_for(model)
        for obj in objects:
            documents = mapping.documents(obj)
            key = documents[0][hs.ROOT]
            if key in self.keys:
                # Added twice (overlapping get_indexed_objects): the last one wins at the end.
                self.repeated[key] = documents
                continue
            self.keys.add(key)
            with self.writer.group():
                for document in documents:
                    self.writer.add_document(**document)
            self.count += 1

    def delete(self, key):
        self.repeated[key] = None

    def finish(self):
        store = self.store
        try:
            self.writer.commit(optimize=True)
            self.writer = None

            def replay(journal_ops):
                ops = [
                    ("update", key, docs) if docs is not None else ("delete", key, None)
                    for key, docs in self.repeated.items()
                ]
                ops.extend(journal_ops)
                if ops:
                    writer = store._writer(self.index)
                    try:
                        store._apply(writer, ops)
                        writer.commit()
                    except BaseException:
                        writer.cancel()
                        raise

            store.swap(self.name, replay)
            self.finished = True
            # No reader needs the older generations any more: a search in flight keeps its open
            # segment files (POSIX), and every reader checks CURRENT before each search.
            store.remove_old_generations({self.name})
        except BaseException:
            self.abort()
            raise
        finally:
            self._release()

    def abort(self):
        if self.finished:
            return
        if self.writer is not None:
            with contextlib.suppress(Exception):
                self.writer.cancel()
            self.writer = None
        with contextlib.suppress(OSError):
            if (self.store.path / MARKER).read_text().strip() == self.name:
                (self.store.path / MARKER).unlink()
        shutil.rmtree(self.store.path / self.name, ignore_errors=True)
        with contextlib.suppress(OSError):
            (self.store.path / f"journal-{self.name}.log").unlink()
        self._release()

    def _release(self):
        if self._lock_fd is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            os.close(self._lock_fd)
            self._lock_fd = None

    def __del__(self):
        if not getattr(self, "finished", True) and getattr(self, "_lock_fd", None) is not None:
            self.abort()


class RebuildIndex(BaseIndex):
    """What ``rebuilder.start()`` hands to the rebuild command: writes go to the new generation."""

    def __init__(self, backend, build):
        super().__init__(backend)
        self.build = build

    def get_key(self):
        return str(self.backend.store.path)

    def add_model(self, model):
        pass

    def add_items(self, model, items):
        if class_is_indexed(model):
            self.build.add(model, items)

    def delete_item(self, item):
        self.build.delete(hs.mapping_for(type(item)).key(item.pk))

    def refresh(self):
        pass

    def reset(self):
        pass

    def __str__(self):
        return f"{self.backend.store.path} (new generation {self.build.name})"


class WhooshRebuilder:
    def __init__(self, index):
        self.index = index
        self.build = None

    def start(self):
        backend = self.index.backend
        self.build = Build(backend.store, memory_mb=backend.rebuild_memory_mb)
        return RebuildIndex(self.index.backend, self.build)

    def finish(self):
        self.build.finish()
        logger.debug(
            "Search index %s rebuilt: %d objects in generation %s",
            self.index.backend.store.path,
            self.build.count,
            self.build.name,
        )
