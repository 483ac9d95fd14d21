"""Tests: fast hashing, mail kept in memory, SQLite in memory unless DATABASE_URL is set."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "tests-only-secret-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks (mail delivery, index updates) run at once, when the transaction that queued them
# commits; tests of the database queue and the real worker set the database backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
ALLOWED_HOSTS = ["*"]
HUB_BASE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"
if not os.environ.get("DATABASE_URL"):
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
PAGE_CACHE_SECONDS = 0  # on in tests/test_page_cache.py only: others read what they just saved
WHITENOISE_AUTOREFRESH = True  # serve from the finders; no collectstatic before tests
# Admin tests sign staff in with force_login (no second factor); tests/community/test_mfa.py
# turns the requirement back on and signs in for real.
HUB_REQUIRE_MFA_FOR_STAFF = False
# A shared on-disk index would outlive each test's rollback: tests/search gives each test its
# own whoosh index (hub.search.testing); everything else searches the database.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
