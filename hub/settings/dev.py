"""Local development: the embedded default (SQLite, console e-mail, index under var/)."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, env_bool

# manage.py's default. A cron job or a shell started without DJANGO_SETTINGS_MODULE on a
# production machine would otherwise run with console mail and a per-process cache against
# the production database.
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3" and not env_bool(
    "HUB_ALLOW_DEV_SETTINGS", False
):
    raise ImproperlyConfigured(
        "The development settings (hub.settings.dev, manage.py's default) refuse a database "
        "other than SQLite. On a production machine set "
        "DJANGO_SETTINGS_MODULE=hub.settings.production (in the environment or in the file "
        "named by HUB_ENV_FILE); to develop against this database on purpose, set "
        "HUB_ALLOW_DEV_SETTINGS=true."
    )

DEBUG = env_bool("DEBUG", True)
# Plain storage so the site runs without collectstatic.
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_AUTOREFRESH = True
# The local demo's admin opens without setting up an authenticator app; production requires it
# of everyone who can reach the admin (community/mfa.py). HUB_REQUIRE_MFA_FOR_STAFF=true tries it.
HUB_REQUIRE_MFA_FOR_STAFF = env_bool("HUB_REQUIRE_MFA_FOR_STAFF", False)
