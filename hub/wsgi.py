"""WSGI entry point: `gunicorn hub.wsgi` (production settings unless told otherwise).

`HUB_ENV_FILE` is read first, as by manage.py: the web, cron and the worker share one file."""

import os

from django.core.wsgi import get_wsgi_application

from hub.env import load_env_file

load_env_file()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.production")

application = get_wsgi_application()
