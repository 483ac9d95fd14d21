"""django-modelsearch's backend test suite, run against hub.search.backend.

These tests need their own Django settings (modelsearch's test app), so they only run in their
own invocation::

    .venv/bin/pytest tests/conformance --ds=tests.conformance.settings -p no:cacheprovider

In the hub's main run (settings hub.settings.test) this folder is not collected at all.
"""

import os

CONFORMANCE_SETTINGS = "tests.conformance.settings"

if os.environ.get("DJANGO_SETTINGS_MODULE") != CONFORMANCE_SETTINGS:
    collect_ignore_glob = ["test_*.py"]
