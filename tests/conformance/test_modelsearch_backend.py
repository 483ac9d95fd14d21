"""django-modelsearch's own backend conformance suite (``BackendTests``) on the whoosh backend.

Needs the fixture modelsearch does not ship (``search.json``), read from
``$HUB_SHARED_DIR/conformance/modelsearch``. Without it the module is skipped with the reason,
except under CI=true, where it fails: CI must never pass by skipping the conformance suite.
"""

from pathlib import Path

import pytest
from django.conf import settings

from hub.env import env_bool

FIXTURE = Path(settings.CONFORMANCE_FIXTURE_DIR) / "search.json"

if not FIXTURE.is_file():
    reason = (
        f"modelsearch's conformance fixture {FIXTURE} is missing "
        "(set HUB_SHARED_DIR to the folder holding conformance/modelsearch/search.json)"
    )
    if env_bool("CI", False):
        pytest.fail(f"{reason} (CI=true: the conformance suite must run)", pytrace=False)
    pytest.skip(reason, allow_module_level=True)

from django.test import TestCase  # noqa: E402
from modelsearch.test.testapp import models  # noqa: E402
from modelsearch.tests.test_backends import BackendTests  # noqa: E402


class TestHubWhooshBackend(BackendTests, TestCase):
    backend_path = "hub.search.backend"

    def test_reset_indexes(self):
        """After reset_indexes(), searches find nothing (the index is empty, not missing)."""
        self.backend.reset_indexes()
        results = self.backend.search("JavaScript", models.Book)
        self.assertEqual(results.count(), 0)
        self.assertEqual(list(results), [])
