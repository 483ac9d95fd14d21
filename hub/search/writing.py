"""Writing the index: locked updates of the live generation, journalled for a running rebuild.

Each update takes whoosh's write lock (an ``flock``) with a timeout, waiting while another
process or thread writes, then deletes the object's documents and adds the new ones in one
commit, so concurrent workers never lose an update. While a rebuild runs, updates go to the
live generation *and* to the rebuild's journal; the rebuild replays the journal into the new
generation under the exclusive swap lock, then points ``CURRENT`` at it. Readers therefore
switch from a complete old index to a complete new one, never to a half-built one.
"""

import fcntl
import os
import pickle
import struct

from whoosh import query as wq
from whoosh.writing import LockError

from hub.search import schema as hs
from hub.search.disk import (
    GENERATION_RE,
    MARKER,
    REBUILD_LOCK,
    SWAP_LOCK,
    HubCodec,
    IndexUnavailable,
    flocked,
)

MERGE_AT_SEGMENTS = 8


def dedupe_ops(ops):
    """Keep the last operation per key, in order of their last occurrence."""
    last = {}
    for op in ops:
        last.pop(op[1], None)
        last[op[1]] = op
    return list(last.values())


class StoreWriting:
    """What ``Store`` does to write: apply operations, journal them for a running rebuild.

    A mixin of ``hub.search.store.Store``, which provides the paths (``_p``), the open indexes
    (``_open_index``) and ``current_generation``.
    """

    def _writer(self, ix):
        return ix.writer(timeout=self.write_timeout, delay=0.02, codec=HubCodec())

    def _ensure_fields(self, writer):
        if hs.FORMAT not in writer.schema:
            # An index of an older layout is never brought up to date piecemeal: rebuilt.
            raise IndexUnavailable(
                f"the search index in {self.path} was built with an older layout "
                "(run manage.py update_index)"
            )
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
