"""Production: everything secret or site-specific comes from the environment; no defaults."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import VAR_DIR, base_url_setting, env_bool, env_int, env_list, env_str

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", required=True)
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("insecure"):
    raise ImproperlyConfigured("SECRET_KEY must be a random string of at least 50 characters.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names (comma-separated).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [f"https://{h}" for h in ALLOWED_HOSTS])
HUB_BASE_URL = base_url_setting(
    env_str("HUB_BASE_URL") or env_str("WAGTAILADMIN_BASE_URL") or f"https://{ALLOWED_HOSTS[0]}"
)
WAGTAILADMIN_BASE_URL = HUB_BASE_URL

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

# Each gunicorn worker keeps its database connection between requests: a new PostgreSQL
# connection costs a server process with cold catalogue caches on every page. The health
# check (base settings) replaces a connection that died, e.g. when the server restarted.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)  # noqa: F405

# Several gunicorn workers share rate-limit counters and the page cache: use Redis if there
# is one, otherwise files on this machine. Either way an outage or a hang is a miss, never an
# error page (hub/cache_backends.py): Redis gets short socket timeouts for that.
if env_str("REDIS_URL"):
    redis_timeout = env_int("REDIS_TIMEOUT_MS", 250) / 1000
    CACHES = {
        "default": {
            "BACKEND": "hub.cache_backends.ResilientRedisCache",
            "LOCATION": env_str("REDIS_URL"),
            "KEY_PREFIX": f"hub-{RELEASE}",  # noqa: F405
            "OPTIONS": {"socket_connect_timeout": redis_timeout, "socket_timeout": redis_timeout},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "hub.cache_backends.ResilientFileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "KEY_PREFIX": f"hub-{RELEASE}",  # noqa: F405
            # Django's default (300 files) culls a third of the stored pages and sections
            # whenever it is reached: a site of thousands of pages needs room.
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 20000)},
        }
    }

# More than one machine (docs/operations.md): a search cluster instead of the on-disk whoosh
# index (no code change: every model's search_fields go to the cluster), and uploaded media on
# S3-compatible storage (needs the `s3` extra).
SEARCH_ENGINES = (
    "opensearch2",
    "opensearch3",
    "elasticsearch7",
    "elasticsearch8",
    "elasticsearch9",
)
if env_str("SEARCH_URLS"):
    engine = env_str("SEARCH_ENGINE", "opensearch2")
    if engine not in SEARCH_ENGINES:
        raise ImproperlyConfigured(f"SEARCH_ENGINE={engine!r} is not one of {SEARCH_ENGINES}.")
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": f"wagtail.search.backends.{engine}",
            "URLS": env_list("SEARCH_URLS"),
            "INDEX_PREFIX": env_str("SEARCH_INDEX_PREFIX", "hub_"),
            "TIMEOUT": env_int("SEARCH_TIMEOUT", 10),
        }
    }
# Several web machines without a cluster: SEARCH_BACKEND=database keeps the index in the
# database they share (Wagtail's database backend: PostgreSQL full-text search, with the
# dutch and french configurations for Dutch and French content: hub/search/database.py), where
# the whoosh index would be one machine's files. No "did you mean" or misspelling retries
# there, and no accent folding (that needs PostgreSQL's unaccent extension).
search_backend = env_str("SEARCH_BACKEND", "whoosh")
if search_backend not in ("whoosh", "database"):
    raise ImproperlyConfigured(f"SEARCH_BACKEND={search_backend!r} is not 'whoosh' or 'database'.")
if search_backend == "database":
    if env_str("SEARCH_URLS"):
        raise ImproperlyConfigured("Set SEARCH_BACKEND=database or SEARCH_URLS, not both.")
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "hub.search.database"}}
if env_str("MEDIA_S3_BUCKET"):
    STORAGES["default"] = {  # noqa: F405
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("MEDIA_S3_BUCKET"),
            "endpoint_url": env_str("MEDIA_S3_ENDPOINT_URL"),
            "region_name": env_str("MEDIA_S3_REGION"),
            "custom_domain": env_str("MEDIA_S3_CUSTOM_DOMAIN"),
            "default_acl": None,  # the bucket's policy decides; never public-read by default
            "file_overwrite": False,
        },
    }
    SERVE_MEDIA = False

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
if env_bool("SECURE_PROXY_SSL_HEADER", True):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Rate limits count per client address. Only when every request passes through N proxies that
# append to X-Forwarded-For (and gunicorn is reachable from nowhere else) may the address they
# forwarded be trusted: a client reaching gunicorn directly writes that header itself.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True  # noqa: F405

LOGGING["root"]["level"] = env_str("LOG_LEVEL", "WARNING")  # noqa: F405

# Error reports to Sentry or a compatible service (the `sentry` extra); ADMINS get mails anyway.
if env_str("SENTRY_DSN"):
    from hub.observability import init_sentry

    init_sentry(
        env_str("SENTRY_DSN"),
        release=RELEASE,  # noqa: F405
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
    )
