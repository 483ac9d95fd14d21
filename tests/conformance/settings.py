"""Settings for django-modelsearch's own backend test suite, run against hub.search.backend.

Run on its own (different Django settings from the hub's suite)::

    .venv/bin/pytest tests/conformance --ds=tests.conformance.settings -p no:cacheprovider

modelsearch ships its tests and test app but not their fixture (``search.json``): it is read
from ``$HUB_SHARED_DIR/conformance/modelsearch`` (default: the ``shared`` folder next to the
repository, i.e. ``../shared``).
"""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from modelsearch.test.settings import *  # noqa: F403

REPO_DIR = Path(__file__).resolve().parent.parent.parent
SHARED_DIR = Path(os.environ.get("HUB_SHARED_DIR", str(REPO_DIR.parent / "shared")))
CONFORMANCE_FIXTURE_DIR = SHARED_DIR / "conformance" / "modelsearch"
FIXTURE_DIRS = [str(CONFORMANCE_FIXTURE_DIR)]

# One throw-away index directory per test run (a run is one process), removed at exit.
if os.environ.get("HUB_CONFORMANCE_INDEX_DIR"):
    SEARCH_INDEX_DIR = Path(os.environ["HUB_CONFORMANCE_INDEX_DIR"])
else:
    SEARCH_INDEX_DIR = Path(tempfile.mkdtemp(prefix="hub-conformance-index-"))
    atexit.register(shutil.rmtree, SEARCH_INDEX_DIR, ignore_errors=True)

MODELSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "hub.search.backend",
        "PATH": str(SEARCH_INDEX_DIR),
        # Conformance means the index answers: no silent database fallback here.
        "FALLBACK": None,
    }
}

USE_TZ = True
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"hub.search": {"handlers": ["console"], "level": "WARNING"}},
}
