"""Local development: the embedded default (SQLite, console e-mail, index under var/)."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
# Plain storage so the site runs without collectstatic.
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_AUTOREFRESH = True
# The local demo's admin opens without setting up an authenticator app; production requires it
# of everyone who can reach the admin (community/mfa.py). HUB_REQUIRE_MFA_FOR_STAFF=true tries it.
HUB_REQUIRE_MFA_FOR_STAFF = env_bool("HUB_REQUIRE_MFA_FOR_STAFF", False)
