"""The index directory on disk: its file names, format, locks and atomic writes.

Layout of the index directory (``PATH``)::

    CURRENT                 name of the live generation, replaced atomically (os.replace)
    g<time>-<pid>/          one whoosh index per generation (a rebuild makes a new one)
    REBUILDING              name of the generation a running rebuild is filling
    journal-<gen>.log       updates made while that rebuild runs, replayed into it at the end
    .swap.lock              flock: writers hold it shared, the swap takes it exclusively
    .rebuild.lock           flock: held by the running rebuild (one at a time)

``HubCodec`` objects are pickled into each generation's table of contents, so an index names
the class by module path: ``hub.search.store`` keeps re-exporting it for indexes written before
it moved here.
"""

import contextlib
import fcntl
import os
import re
import threading
from pathlib import Path

from whoosh.codec.whoosh3 import W3Codec

GENERATION_RE = re.compile(r"^g[0-9a-f]+-\d+$")
CURRENT = "CURRENT"
MARKER = "REBUILDING"
SWAP_LOCK = ".swap.lock"
REBUILD_LOCK = ".rebuild.lock"


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
