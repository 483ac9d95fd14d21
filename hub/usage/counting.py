"""Counting what readers read, on the server, without knowing who they are.

`UsageMiddleware` sits before the page cache (hub/page_cache.py), so a page served from the
cache is counted like one rendered anew. A view counts when a GET (not HEAD) for a live
Wagtail page, or one of USAGE_PUBLIC_ROUTES, answered 200 with HTML to something that does not
call itself a bot; the admin, static files, media and previews never do. Nothing is read from
or written to the response: no cookie, no header, no Vary.

What is kept is a number per day and key: the page's path (never its query string), the
referring site's domain (never the rest of its URL), a document's id, the words of a search
that found nothing (lower-case, trimmed, at most 100 characters). No IP address, user agent,
cookie, session or user is stored, not even in memory.

Counts accumulate in this process (thread-safe) and are added to the database in one
transaction every USAGE_FLUSH_SECONDS or USAGE_FLUSH_HITS hits, after the response that made
the batch due has been sent (a response closer). A failed write drops that batch (logged, at
most once a minute): it loses counts, never a request.
"""

import atexit
import logging
import re
import threading
import time
from contextvars import ContextVar
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import timezone

logger = logging.getLogger("hub.usage")

# Crawlers, link previews, monitors and scripts; an empty user agent is no browser either.
BOTS = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|fetcher|"
    r"curl|wget|python|httpx|http-client|httpclient|java/|go-http|okhttp|libwww|scrapy|"
    r"headless|lighthouse|pingdom|uptime|monitor|validator|checker",
    re.IGNORECASE,
)
DOMAIN = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+$")
NOT_COUNTED = ("/admin/", "/static/", "/media/", "/documents/", "/accounts/", "/healthz/")
PAGE_ROUTE = "wagtail_serve"
LOG_EVERY_SECONDS = 60

# Whether the request being answered is a reader's (set by the middleware): a search that
# found nothing counts only then (not for bots, scripts or the autocomplete).
_reader: ContextVar[bool] = ContextVar("hub_usage_reader", default=False)


class Tally:
    """Counts of this process not yet written: {(kind, day, *key): n}."""

    def __init__(self):
        self._lock = threading.Lock()
        self._writing = threading.Lock()
        self._counts: dict[tuple, int] = {}
        self._hits = 0
        self._since = time.monotonic()

    def add(self, *key) -> None:
        with self._lock:
            self._counts[key] = self._counts.get(key, 0) + 1
            self._hits += 1

    def due(self) -> bool:
        if not self._hits:
            return False
        return (
            self._hits >= settings.USAGE_FLUSH_HITS
            or time.monotonic() - self._since >= settings.USAGE_FLUSH_SECONDS
        )

    def take(self) -> dict:
        with self._lock:
            batch, self._counts = self._counts, {}
            self._hits, self._since = 0, time.monotonic()
        return batch

    def pending(self) -> dict:
        with self._lock:
            return dict(self._counts)

    def flush(self) -> int:
        """Write what is pending; the number of hits written (0 when it failed)."""
        if not self._writing.acquire(blocking=False):
            return 0  # another thread is writing; these counts go with the next batch
        try:
            batch = self.take()
            if not batch:
                return 0
            from hub.usage import store

            try:
                store.write(batch)
            except Exception as error:  # noqa: BLE001 - a lost count, never a failed request
                _complain("lost %d usage count(s): the database write failed", batch, error)
                return 0
            return sum(batch.values())
        finally:
            self._writing.release()


tally = Tally()
flush = tally.flush
atexit.register(flush)  # a worker that stops cleanly writes what it counted

_complaints = {"last": 0.0, "lost": 0}


def _complain(message: str, batch: dict | None, error: Exception) -> None:
    """Log a failure at most once a minute, with how many counts were lost meanwhile."""
    _complaints["lost"] += sum(batch.values()) if batch else 1
    now = time.monotonic()
    if _complaints["last"] and now - _complaints["last"] < LOG_EVERY_SECONDS:
        return
    _complaints["last"] = now
    lost, _complaints["lost"] = _complaints["lost"], 0
    logger.warning(message + " (%s)", lost, error.__class__.__name__)


class UsageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reader = settings.USAGE_ENABLED and _is_reader(request)
        token = _reader.set(reader)
        try:
            response = self.get_response(request)
        finally:
            _reader.reset(token)
        try:
            if reader and _is_view(request, response):
                _count_view(request)
            if tally.due():
                # After the response has gone out: the reader never waits for the write.
                response._resource_closers.append(flush)
        except Exception as error:  # noqa: BLE001 - counting never breaks a page
            _complain("lost %d usage count(s): counting failed", None, error)
        return response


def _is_reader(request) -> bool:
    if request.method != "GET" or request.path_info.startswith(NOT_COUNTED):
        return False
    agent = request.META.get("HTTP_USER_AGENT", "")
    return bool(agent) and not BOTS.search(agent)


def _is_view(request, response) -> bool:
    if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
        return False
    try:
        name = resolve(request.path_info).url_name
    except Resolver404:
        return False
    return name == PAGE_ROUTE or name in settings.USAGE_PUBLIC_ROUTES


def normalise_path(path: str) -> str:
    return re.sub(r"/{2,}", "/", path)[:255]


def _count_view(request) -> None:
    day = timezone.localdate()
    path = normalise_path(request.path_info)
    tally.add("view", day, path)
    domain = referring_domain(request)
    if domain:
        tally.add("referrer", day, path, domain)


def referring_domain(request) -> str | None:
    """The other site a reader followed a link from: its host name only, "www." dropped."""
    try:
        parts = urlsplit(request.META.get("HTTP_REFERER", ""))
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not DOMAIN.match(host):
        return None
    base = urlsplit(getattr(settings, "HUB_BASE_URL", "")).hostname
    own = {request.get_host().split(":")[0].lower(), base}
    if host in own:
        return None
    return host.removeprefix("www.")[:100]


def normalise_query(query: str) -> str:
    return " ".join(str(query).split()).lower()[:100].strip()


def searched(kind: str, query: str, found: int) -> None:
    """Called by a search with its number of results: one that found nothing is counted."""
    if found or not _reader.get():
        return
    words = normalise_query(query)
    if words:
        tally.add("search", timezone.localdate(), kind, words)


def downloaded(sender, instance, request, **kwargs) -> None:
    """Wagtail's `document_served` signal: sent once the collection's view restrictions have
    let the reader in. Only the first piece of a ranged download (a PDF viewer's) counts."""
    try:
        if not settings.USAGE_ENABLED or request is None or request.method != "GET":
            return
        agent = request.META.get("HTTP_USER_AGENT", "")
        if not agent or BOTS.search(agent):
            return
        if request.META.get("HTTP_RANGE", "bytes=0-").replace(" ", "")[:8] != "bytes=0-":
            return
        tally.add("download", timezone.localdate(), instance.pk)
    except Exception as error:  # noqa: BLE001 - counting never breaks a download
        _complain("lost %d usage count(s): counting failed", None, error)
