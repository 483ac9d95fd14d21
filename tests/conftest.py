"""Shared fixtures.

Tests that need PostgreSQL (marker `postgres`) or Chromium (marker `browser`) skip locally
with the reason, but fail under CI=true: CI must never pass by skipping them.
"""

import io
import os
import shutil

import pytest

from hub.env import env_bool

# pytest-django's live_server runs beside Playwright's sync API (an event loop in this thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

IN_CI = env_bool("CI", False)
CHROMIUM = "/usr/bin/chromium"


def _missing(reason: str):
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this test must run, not skip)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _require_real_parts(request):
    if request.node.get_closest_marker("postgres"):
        from django.db import connection

        if connection.vendor != "postgresql":
            _missing("needs PostgreSQL: set DATABASE_URL=postgres://…")
    if request.node.get_closest_marker("browser") and not shutil.which(CHROMIUM):
        _missing(f"needs Debian's chromium at {CHROMIUM} (apt-get install -y chromium)")


@pytest.fixture
def site_tree(db):
    """The demo content, as `make run` loads it; returns the home page."""
    from django.core.management import call_command

    from home.models import HomePage

    call_command("load_demo", stdout=io.StringIO())
    return HomePage.objects.get()


@pytest.fixture
def user_factory(db):
    """Make a member with a verified e-mail address, as allauth would after sign-up."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    def make(email="member@example.org", password="a-Long-passw0rd!", **fields):
        user = get_user_model().objects.create_user(
            username=email, email=email, password=password, **fields
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return user

    return make
