"""Usage figures (hub/usage): counted on the server, with no cookie and nothing about who.
Read by hub/settings/base.py."""

from hub.env import env_bool, env_int

# Off: nothing is counted (the report stays empty); the middleware stays in place.
USAGE_ENABLED = env_bool("USAGE_ENABLED", True)
# Each process adds its counts to the database every so many seconds or hits, whichever first.
USAGE_FLUSH_SECONDS = env_int("USAGE_FLUSH_SECONDS", 60)
USAGE_FLUSH_HITS = env_int("USAGE_FLUSH_HITS", 200)
# The words of searches that found nothing are deleted after this many days
# (`manage.py purge_usage_searches`, daily from cron).
USAGE_SEARCH_RETENTION_DAYS = env_int("USAGE_SEARCH_RETENTION_DAYS", 90)
# URL names counted besides Wagtail's pages: public pages that are plain Django views.
USAGE_PUBLIC_ROUTES = ("search", "newsletter", "newsletter_archive")
