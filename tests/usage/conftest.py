"""Fixtures of the usage-figures tests: a browser's user agent, a clean tally."""

import pytest
from django.test import Client

from hub.usage import counting

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


@pytest.fixture(autouse=True)
def fresh_tally(settings):
    """Nothing left over from another test; counts written only when a test says so."""
    settings.USAGE_ENABLED = True
    settings.USAGE_FLUSH_HITS = 10_000
    settings.USAGE_FLUSH_SECONDS = 3600
    counting.tally.take()
    counting._complaints.update(last=0.0, lost=0)
    yield
    counting.tally.take()


@pytest.fixture
def reader():
    """A new anonymous reader with a browser (the test client sends no user agent)."""
    return lambda **headers: Client(HTTP_USER_AGENT=BROWSER, **headers)
