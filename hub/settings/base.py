"""Settings shared by every environment. Environment variables are listed in README.md."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from hub.base_url import setting as base_url_setting
from hub.env import env_admins, env_bool, env_int, env_list, env_str, release_id

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("HUB_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)  # the embedded default keeps its database and index here

SECRET_KEY = env_str("SECRET_KEY", "insecure-local-development-key-not-for-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "hub",
    "home",
    "community",
    "community.editions",
    "events",
    "funding",
    # Translating pages and snippets in the admin (before wagtail.locales' place: its own
    # locale screens add "synchronise from another locale").
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_countries",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # /healthz/ and /readyz/ (hub/health.py) answer before anything reads the host, a session,
    # the cache or the database: a probe by IP over HTTP, with the database down, gets JSON.
    "hub.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files (an SVG opened on its own, say) get the policy too.
    "hub.middleware.HubCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The content generation everything cached is keyed on, read as each request starts.
    "hub.cache.GenerationMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "community.mfa.AdminRequiresMFAMiddleware",
    # After sessions, auth and CSRF (whose cookie is still set on the way out); a stored page
    # skips the Site lookup and the view. Redirects act on 404s only, which are never stored.
    # Counts readers' page views (pages from the cache too) with nothing about who (hub/usage).
    "hub.usage.counting.UsageMiddleware",
    "hub.page_cache.PageCacheMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "hub.middleware.CachedSiteMiddleware",
]
# Anonymous readers' pages are kept this long at most (hub/page_cache.py); 0 turns it off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60)

ROOT_URLCONF = "hub.urls"
WSGI_APPLICATION = "hub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "hub.context_processors.display_preferences",
            ],
        },
    },
]

# --- Database: SQLite under var/ unless DATABASE_URL points elsewhere (PostgreSQL in production).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'hub.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; the timeout makes writers wait, not fail.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: per-process memory by default; a shared cache (Redis or files) in production.
# Every key carries the release, so a deploy never reads what the previous code pickled.
RELEASE = release_id(BASE_DIR)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "KEY_PREFIX": f"hub-{RELEASE}",
    }
}
# Sessions in the database, with forged session keys (a NUL byte, say) refused before the query.
SESSION_ENGINE = "hub.sessions"

# --- Accounts (django-allauth handles every account flow).
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "my_account"
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
# Editors sign in through allauth too: one login page, one set of rate limits.
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
# Wagtail still answers at /admin/login/: that form spends allauth's login limits too. Its own
# password reset (/admin/password_reset/) had no limit at all: editors reset through allauth.
WAGTAILADMIN_USER_LOGIN_FORM = "community.forms.admin_login.RateLimitedAdminLoginForm"
WAGTAIL_PASSWORD_RESET_ENABLED = False
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_PREVENT_ENUMERATION = True
# A signed-in member sent to the login page (the admin, which they may not open, does that)
# sees it with the admin's "no permission" message, not a redirect back: that was a loop.
ACCOUNT_AUTHENTICATED_LOGIN_REDIRECTS = False
# Members never see or choose a username (allauth generates one): name them by e-mail address.
ACCOUNT_USER_DISPLAY = "community.views.account.user_display"
# A mail server that is down is logged and told to the user, never a server error.
ACCOUNT_ADAPTER = "community.account_adapter.AccountAdapter"
# allauth's forms in the site's words ("E-mail address", "Keep me logged in"); sign-up asks for
# the member's name and hashes the password for a known address too (both answers take as long).
# "Your password was changed", "an e-mail address was added", "two-factor log-in is off": the
# notices that tell a member when someone else did it (templates/account/email/).
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_FORMS = {
    name: f"community.forms.signup.{form}"
    for name, form in {
        "login": "LoginForm",
        "signup": "SignupForm",
        "add_email": "AddEmailForm",
        "change_password": "ChangePasswordForm",
        "set_password": "SetPasswordForm",
        "reset_password": "ResetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
        "reauthenticate": "ReauthenticateForm",
    }.items()
}
# Two-factor sign-in (allauth.mfa): optional for members, required before the admin opens for
# anyone who can reach it (community/mfa.py). WebAuthn needs HTTPS (or localhost).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
HUB_REQUIRE_MFA_FOR_STAFF = True
# allauth's own limits stay on; the hub's public forms use the same mechanism with their own keys.
ACCOUNT_RATE_LIMITS = {
    "newsletter_signup": "10/m/ip,100/h/ip,3/h/key",
    "event_registration": "10/m/ip,100/h/ip",
    "contact_person": "5/m/ip,20/h/ip",
    "contact_biobank": "5/m/ip,20/h/ip,3/h/key",
    # Anyone may write to a partner, as to a biobank: the same limits, per address and per
    # listing and sender (key).
    "contact_partner": "5/m/ip,20/h/ip,3/h/key",
    "partnership_submission": "10/h/user",
    # Each hand-over to the Negotiator is a request to an outside service (or mails to biobanks).
    "basket_request": "5/m/ip,20/h/ip",
}

# --- Internationalisation: English first, Dutch and French are a catalogue away.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("nl", _("Dutch")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Content in the three languages too: each page and translatable snippet has a locale; editors
# translate with wagtail-localize. A page not (yet) translated is read in its source language
# under the reader's prefix (hub/i18n.py).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
# One date and number format per language (hub/formats/<lang>/formats.py): "8 April 2027".
FORMAT_MODULE_PATH = ["hub.formats"]
# Not on for every number: it would also turn ids in links and form values into "1,234".
# Counts show the language's separator with |floatformat:"g" ("18,000", "18.000").
USE_THOUSAND_SEPARATOR = False
# One form language for every form: templates/forms/ (hub/forms_rendering.py).
FORM_RENDERER = "hub.forms_rendering.HubFormRenderer"

# --- Static and media files.
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000  # Wagtail's page editor posts many fields

# --- E-mail: printed on the console unless SMTP is configured.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Biobank Community Hub <hub@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks (django-tasks): mail (hub/outbox) and Wagtail's search and reference
# index updates. The database queue, worked by `manage.py db_worker` (`make run` starts one);
# TASKS_BACKEND=immediate runs each task inside the request that queued it (tests, scripts).
TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
if TASKS_BACKEND not in ("database", "immediate"):
    raise ImproperlyConfigured(f"TASKS_BACKEND={TASKS_BACKEND!r}: use database or immediate.")
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if TASKS_BACKEND == "database"
        else "django_tasks.backends.immediate.ImmediateBackend",
    }
}
# Finished tasks are kept this long for the admin (`manage.py prune_db_task_results` daily);
# sent mails too (`manage.py send_queued_mails` drops older ones).
OUTBOX_RETENTION_DAYS = env_int("OUTBOX_RETENTION_DAYS", 30)

# --- Wagtail.
WAGTAIL_SITE_NAME = "Biobank Community Hub"
# The one base URL of every absolute link (mails, feeds, sitemap, exports; hub/base_url.py) and
# of Wagtail's admin links. WAGTAILADMIN_BASE_URL is still read when it is unset (deprecated).
HUB_BASE_URL = base_url_setting(
    env_str("HUB_BASE_URL") or env_str("WAGTAILADMIN_BASE_URL") or "http://127.0.0.1:8000"
)
WAGTAILADMIN_BASE_URL = HUB_BASE_URL
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no third-party requests from the admin
WAGTAIL_ENABLE_UPDATE_CHECK = False  # no calls to releases.wagtail.org from editors' browsers
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "key",
    "odp",
    "ods",
    "odt",
    "pdf",
    "pptx",
    "rtf",
    "txt",
    "xlsx",
    "zip",
]
# --- Uploads. Only editors upload (images and documents, in the admin); the public site takes
# no files. Sizes in MB, overridable per site; the contents must match the extension.
WAGTAILDOCS_MAX_UPLOAD_SIZE = env_int("MAX_DOCUMENT_UPLOAD_MB", 20) * 1024 * 1024
WAGTAILDOCS_DOCUMENT_FORM_BASE = "community.forms.documents.HubDocumentForm"
# Refuses restricted collections where /media/ is not served through hub/media.py.
WAGTAILIMAGES_IMAGE_FORM_BASE = "community.forms.images.HubImageForm"
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]  # no SVG: it runs scripts
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("MAX_IMAGE_UPLOAD_MB", 10) * 1024 * 1024
# Decoding a huge image takes memory in proportion to its pixels (a 50 MP photo: ~200 MB).
WAGTAILIMAGES_MAX_IMAGE_PIXELS = env_int("MAX_IMAGE_MEGAPIXELS", 50) * 1_000_000
# The hub's whoosh backend (hub/search), index on local disk under var/search; sites that
# outgrow one machine switch this setting to Wagtail's Elasticsearch/OpenSearch backend.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "hub.search.backend", "PATH": VAR_DIR / "search"},
}
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# --- Settings kept in their own files: the browser policies (CSP, Permissions-Policy, the map's
# tile host), newsletter sending, usage figures.
from hub.settings.newsletter import *  # noqa: E402,F403
from hub.settings.policies import *  # noqa: E402,F403
from hub.settings.usage import *  # noqa: E402,F403

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"

# --- Hub behaviour.
NEWSLETTER_CONFIRMATION_DAYS = env_int("NEWSLETTER_CONFIRMATION_DAYS", 7)
# A public registration waiting for its address to be confirmed holds nothing after this long.
EVENTS_PENDING_HOURS = env_int("EVENTS_PENDING_HOURS", 24)
# Registrations of events that ended longer ago are anonymised by `manage.py purge_registrations`.
EVENT_REGISTRATION_RETENTION_DAYS = env_int("EVENT_REGISTRATION_RETENTION_DAYS", 365)
# Contact messages (to people, biobanks, partners) are kept this long: staff can see them and
# resend them if the mail failed; `manage.py purge_contact_messages` deletes older ones.
CONTACT_MESSAGE_RETENTION_DAYS = env_int("CONTACT_MESSAGE_RETENTION_DAYS", 180)
# The request basket hands its selection over to this BBMRI-ERIC Negotiator (v3), as the
# discovery service registered there with these credentials; unset: readers write to each
# biobank instead (community.biobanks.basket).
NEGOTIATOR_URL = env_str("NEGOTIATOR_URL", "")
if NEGOTIATOR_URL and not NEGOTIATOR_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(f"NEGOTIATOR_URL={NEGOTIATOR_URL!r}: use an http(s):// address.")
NEGOTIATOR_USERNAME = env_str("NEGOTIATOR_USERNAME", "")
NEGOTIATOR_PASSWORD = env_str("NEGOTIATOR_PASSWORD", "")

# --- Logs, error mails and readiness (docs/operations.md, "Health, logs and errors").
# Everything is logged to stderr; LOG_FORMAT=json makes it one JSON object a line.
LOG_FORMAT = env_str("LOG_FORMAT", "text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r}: use text or json.")
# Django mails them every server error (with DEBUG off); SENTRY_DSN: Sentry reports them too.
ADMINS = env_admins("ADMINS")
# /readyz/ fails when a queued task has waited longer (no worker?), or, if set, when the last
# successful catalogue sync is older (0: reported, never failing).
READY_MAX_TASK_AGE_SECONDS = env_int("READY_MAX_TASK_AGE_SECONDS", 900)
READY_MAX_SYNC_AGE_HOURS = env_int("READY_MAX_SYNC_AGE_HOURS", 0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"disallowed_host": {"()": "hub.log_filters.DisallowedHostAsWarning"}},
    "formatters": {"json": {"()": "hub.observability.JSONFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"}
        | ({"formatter": "json"} if LOG_FORMAT == "json" else {})
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # Scanners send any Host header: worth a line, not a traceback at ERROR.
        "django.security.DisallowedHost": {"filters": ["disallowed_host"]},
        # Wagtail logs every page action and django-tasks every task at INFO: too chatty.
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}
