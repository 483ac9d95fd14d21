"""Cache backends for which an outage is a miss, never an error page.

Django's Redis and file caches raise when the server is down, refuses, hangs past the socket
timeout, or the disk fails; every page reads the cache (the page cache, the menu, rate limits),
so one failing part took every page down, the admin included. Here any error of the real cache
switches this process to a small memory cache of its own for `RETRY_SECONDS`, after which the
real one is tried again:

- pages are computed from the database (what is cached is keyed on the content generation,
  which lives in the database: nothing stale comes back, hub.cache);
- rate limits keep counting, per process instead of shared, rather than refusing everyone
  (allauth takes a failed `add` for a lock held by someone else) or nobody;
- a hanging server costs one socket timeout per `RETRY_SECONDS` and process, not one per call;
- the outage is logged once when it starts (then at most once a minute) and when it ends.
"""

import logging
import time

from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger("hub.cache")

RETRY_SECONDS = 5
LOG_EVERY_SECONDS = 60
FALLBACK_ENTRIES = 1000


def _tolerant(name):
    """The real backend's `name` (the class after the mixin), or the fallback's when down."""

    def call(self, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return getattr(self._fallback, name)(*args, **kwargs)
        try:
            result = getattr(super(ResilientCacheMixin, self), name)(*args, **kwargs)
        except ValueError:
            raise  # incr/decr of a missing key: an answer, not an outage
        except Exception as error:  # noqa: BLE001 - any failure of the cache is an outage
            self._went_down(error)
            return getattr(self._fallback, name)(*args, **kwargs)
        if self._down_since is not None:
            logger.warning("Cache %s is back after %.0f s.", self._label,
                           time.monotonic() - self._down_since)
            self._down_since = None
        return result

    return call


class ResilientCacheMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._fallback = LocMemCache(f"hub-fallback-{id(self)}", {
            "TIMEOUT": self.default_timeout, "OPTIONS": {"MAX_ENTRIES": FALLBACK_ENTRIES},
            "KEY_PREFIX": self.key_prefix, "VERSION": self.version,
        })
        self._down_until = 0.0
        self._down_since = None
        self._logged_at = float("-inf")
        self._label = type(self).__name__

    def _went_down(self, error) -> None:
        now = time.monotonic()
        self._down_until = now + RETRY_SECONDS
        if self._down_since is None:
            self._down_since = now
        if now - self._logged_at >= LOG_EVERY_SECONDS:
            self._logged_at = now
            logger.warning(
                "Cache %s unavailable (%s: %s): serving without it, retrying every %d s.",
                self._label, type(error).__name__, error, RETRY_SECONDS,
            )

    # Every public operation Django's caches offer (get_or_set and friends are built on these).
    get = _tolerant("get")
    set = _tolerant("set")
    add = _tolerant("add")
    touch = _tolerant("touch")
    delete = _tolerant("delete")
    has_key = _tolerant("has_key")
    incr = _tolerant("incr")
    get_many = _tolerant("get_many")
    set_many = _tolerant("set_many")
    delete_many = _tolerant("delete_many")
    clear = _tolerant("clear")


class ResilientRedisCache(ResilientCacheMixin, RedisCache):
    """Django's RedisCache; set short socket timeouts in OPTIONS (hub.settings.production)."""


class ResilientFileBasedCache(ResilientCacheMixin, FileBasedCache):
    """Django's file cache (one machine without Redis); a full or failing disk is a miss."""
