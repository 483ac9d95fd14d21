"""Tests under the several-machines configuration (docs/operations.md, run by `.ci/scaleout`).

What every web machine of a scaled-out site shares, for real: PostgreSQL with Wagtail's
database search backend (PostgreSQL full-text search, production's `SEARCH_BACKEND=database`),
a Redis cache (the hub's resilient backend) and the database task queue (django-tasks-db),
whose tasks run only when a worker runs them: `tests/scaleout_plugin.py` runs the real worker
around each request of the test client.
"""

from django.core.exceptions import ImproperlyConfigured

from hub.env import env_str

from .test import *  # noqa: F403
from .test import DATABASES, INSTALLED_APPS, RELEASE

if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "hub.settings.test_scaleout needs PostgreSQL: set DATABASE_URL=postgres://…"
    )

WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# A database number and key prefix of its own: every test starts with cache.clear(), which
# flushes the whole Redis database (other tests use db 0 on the same server).
CACHES = {
    "default": {
        "BACKEND": "hub.cache_backends.ResilientRedisCache",
        "LOCATION": env_str("SCALEOUT_REDIS_URL", "redis://127.0.0.1:6379/13"),
        "KEY_PREFIX": f"hub-scaleout-{RELEASE}",
        # As production: a Redis that hangs costs a request 250 ms, not seconds.
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
    }
}

if "django_tasks_db" not in INSTALLED_APPS:
    INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks_db"]
# The queues production declares (base settings), on the database backend.
_declared = globals().get("TASKS", {}).get("default", {})
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": _declared.get("QUEUES", ["default"]),
    }
}
