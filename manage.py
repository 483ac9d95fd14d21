#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    from django.core.exceptions import ImproperlyConfigured

    from hub.env import load_env_file

    # Before the settings module is chosen: HUB_ENV_FILE may name it (cron, a shell and the
    # worker then run with the web's configuration, not the dev default).
    try:
        load_env_file()
    except ImproperlyConfigured as error:
        sys.exit(f"manage.py: {error}")
    # The embedded default; hub.settings.dev refuses a non-SQLite database (production's).
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
