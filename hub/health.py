"""Health endpoints for load balancers, service managers and monitoring.

``/healthz/``  liveness: the process answers ``{"status": "ok"}``. It touches no database, no
               session and no cache: restarting the process cannot fix those.
``/readyz/``   readiness: one entry per part (``database``, ``cache``, ``search``, ``tasks``,
               ``catalogue_sync``). 503 when the database fails: this machine cannot serve
               pages. The others are shared by every web machine, or absorbed by the pages
               (a cache outage is a miss, a missing index falls back): a load balancer that
               took every machine out for them would take the site down, so they make the
               answer "degraded" with 200. ``/readyz/?all=1`` (for monitoring) is 503 when
               any check fails.

Both are answered by ``HealthCheckMiddleware``, first in MIDDLEWARE, before anything reads the
host, a session, the cache or the content generation (the page cache and the Site lookup do,
and a database that is down turns those into the 503 maintenance page). So a load balancer may
probe by IP address (not in ALLOWED_HOSTS) over plain HTTP (no SECURE_SSL_REDIRECT), without
a cookie or CSRF token, and always gets JSON. Never cached (``Cache-Control: no-store``).

A failing check answers with the exception's class only; the message (which may name hosts)
goes to the log, at most once a minute per check.
"""

import logging
import time

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import load_backend
from django.http import HttpResponseNotAllowed, JsonResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger("hub.health")

# Seconds a new database connection may take (libpq's minimum is 2): a server that is gone
# without refusing (a dropped route, a full backlog) must not hold the probe for minutes.
DB_CONNECT_TIMEOUT = 3
LOG_EVERY_SECONDS = 60
_logged_at: dict[str, float] = {}


def healthz(request):
    return _answer(request, {"status": "ok"}, ok=True)


def readyz(request):
    checks = {"database": _run("database", check_database)}
    database_up = checks["database"]["status"] == "ok"
    skipped = {"status": "skipped", "reason": "database unavailable"}
    checks["cache"] = _run("cache", check_cache)
    checks["search"] = (
        _run("search", check_search) if database_up or not _search_uses_database() else skipped
    )
    for name, check in (("tasks", check_tasks), ("catalogue_sync", check_catalogue_sync)):
        checks[name] = _run(name, check) if database_up else skipped
    every = all(check["status"] == "ok" for check in checks.values())
    status = "ok" if every else ("degraded" if database_up else "fail")
    ok = every if request.GET.get("all") == "1" else database_up
    return _answer(request, {"status": status, "checks": checks}, ok=ok)


class HealthCheckMiddleware:
    """Answers /healthz/ and /readyz/ (with or without the slash) before any other middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = VIEWS.get(request.path_info)
        if view is None:
            return self.get_response(request)
        return view(request)


def _answer(request, body, *, ok):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    response = JsonResponse(body, status=200 if ok else 503)
    # Not logged by Django as a server error (django.request at ERROR: a mail to ADMINS and a
    # Sentry event for every probe during an outage); _run logs the failure, once a minute.
    response._has_been_logged = True
    add_never_cache_headers(response)  # includes no-store: no proxy or browser keeps an answer
    response["X-Content-Type-Options"] = "nosniff"
    if request.method == "HEAD":
        response.content = b""
    return response


def _run(name, check) -> dict:
    try:
        result = check() or {}
    except CheckFailed as failure:
        return {"status": "fail", "error": str(failure), **failure.detail}
    except Exception as error:  # noqa: BLE001 - any failure of a part is "not ready"
        now = time.monotonic()
        if now - _logged_at.get(name, float("-inf")) >= LOG_EVERY_SECONDS:
            _logged_at[name] = now
            logger.warning("Readiness check %s failed: %s: %s", name, type(error).__name__, error)
        return {"status": "fail", "error": type(error).__name__}
    return {"status": "ok", **result}


class CheckFailed(Exception):
    """A part answered, but not as it should (a backlog too old, a sync too long ago): the
    message and `detail` are shown (they name no host)."""

    def __init__(self, message, **detail):
        super().__init__(message)
        self.detail = detail


# --- The checks --------------------------------------------------------------------------------


def check_database() -> dict:
    """``SELECT 1`` on a new connection with a short connect timeout (the worker's own
    persistent connection has none: it may wait for the operating system's TCP timeout)."""
    current = connections[DEFAULT_DB_ALIAS]
    settings_dict = dict(current.settings_dict)
    options = dict(settings_dict.get("OPTIONS") or {})
    options.pop("pool", None)  # one connection, not a pool of its own
    if current.vendor == "postgresql":
        options["connect_timeout"] = DB_CONNECT_TIMEOUT
    settings_dict["OPTIONS"] = options
    probe = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, DEFAULT_DB_ALIAS)
    try:
        with probe.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        probe.close()
    return {"vendor": current.vendor}


def check_cache() -> dict:
    """A set, get and delete that reach the cache itself: the resilient backends
    (hub/cache_backends.py) answer from memory when it is down, and say so only here."""
    from django.core.cache import DEFAULT_CACHE_ALIAS, caches

    cache = caches[DEFAULT_CACHE_ALIAS]
    check = getattr(cache, "health_check", None)
    if check is not None:
        check()
    else:
        key = f"hub-health:{time.monotonic_ns()}"
        cache.set(key, "ok", 30)
        if cache.get(key) != "ok":
            raise RuntimeError("a value written to the cache was not read back")
        cache.delete(key)
    return {"backend": type(cache).__name__}


def _search_backend():
    from wagtail.search.backends import get_search_backend

    return get_search_backend("default")


def _search_uses_database() -> bool:
    return "database" in type(_search_backend()).__module__


def check_search() -> dict:
    """The whoosh index exists and opens (the backend itself would quietly search the database
    instead); any other backend answers a search."""
    from wagtail.models import Page

    backend = _search_backend()
    store = getattr(backend, "store", None)
    if store is not None:  # hub.search.backend
        searcher = store.searcher()  # raises IndexUnavailable: missing, corrupt, unreadable
        return {"backend": "whoosh", "documents": searcher.doc_count()}
    list(backend.search("health", Page)[:1])
    return {"backend": type(backend).__module__}


def check_tasks() -> dict:
    """The database task queue's backlog: tasks ready to run and how long the oldest has
    waited. Past READY_MAX_TASK_AGE_SECONDS the worker is missing or cannot keep up."""
    if not apps.is_installed("django_tasks_db"):
        return {"detail": "no database task queue"}
    from django.db.models import Case, Count, F, Min, When
    from django_tasks_db.models import DBTaskResult, get_date_max

    backlog = DBTaskResult.objects.ready().aggregate(
        ready=Count("pk"),
        # Waiting since it was queued, or since the time it was deferred to (a retry).
        waiting_since=Min(
            Case(When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after"))
        ),
    )
    oldest = backlog["waiting_since"]
    age = max(0, round((timezone.now() - oldest).total_seconds())) if oldest else 0
    limit = settings.READY_MAX_TASK_AGE_SECONDS
    result = {"ready": backlog["ready"], "oldest_waiting_seconds": age, "max_seconds": limit}
    if limit and age > limit:
        raise CheckFailed("the oldest ready task waited too long (no worker?)", **result)
    return result


def check_catalogue_sync() -> dict:
    """When the catalogue was last synced successfully (informational, unless
    READY_MAX_SYNC_AGE_HOURS is set: then older, or never, fails)."""
    sync_run = apps.get_model("community", "SyncRun")
    last = (
        sync_run.objects.filter(status="success")
        .order_by("-started_at", "-pk")
        .values("source_key", "started_at", "finished_at")
        .first()
    )
    limit = settings.READY_MAX_SYNC_AGE_HOURS or None
    if last is None:
        result = {"last_success": None, "age_hours": None, "max_hours": limit}
        if limit:
            raise CheckFailed("no successful catalogue sync yet", **result)
        return result
    when = last["finished_at"] or last["started_at"]
    age = round((timezone.now() - when).total_seconds() / 3600, 1)
    result = {
        "last_success": when.isoformat(),
        "source": last["source_key"],
        "age_hours": age,
        "max_hours": limit,
    }
    if limit and age > limit:
        raise CheckFailed("the last successful catalogue sync is too old", **result)
    return result


VIEWS = {
    "/healthz/": healthz,
    "/healthz": healthz,
    "/readyz/": readyz,
    "/readyz": readyz,
}
