"""Settings for the real worker that tests/outbox/test_worker.py starts: the test database the
test process uses, the database task queue and a real SMTP server on 127.0.0.1."""

import os

from hub.settings.test import *  # noqa: F403

DATABASES["default"]["NAME"] = os.environ["HUB_TEST_DB_NAME"]  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["HUB_TEST_SMTP_PORT"])
EMAIL_TIMEOUT = 5
