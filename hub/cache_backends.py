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
- what this process wrote or deleted meanwhile is deleted from the real cache before it is read
  again: a value it could not replace or delete (a half-failing server that still answers
  reads) is never read back stale;
- the outage is logged once when it starts (then at most once a minute) and when it ends.
"""

import logging
import time
import uuid

from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger("hub.cache")

RETRY_SECONDS = 5
LOG_EVERY_SECONDS = 60
FALLBACK_ENTRIES = 1000
MISSED_KEYS = 10_000  # beyond this many, the whole cache is cleared when it is back
WRITES = {"set", "add", "touch", "delete", "incr", "set_many", "delete_many"}


def _written_keys(name, args, kwargs) -> list:
    if name == "set_many":
        return list((args[0] if args else kwargs["data"]).keys())
    if name == "delete_many":
        return list(args[0] if args else kwargs["keys"])
    return [args[0] if args else kwargs["key"]]


def _tolerant(name):
    """The real backend's `name` (the class after the mixin), or the fallback's when down."""

    def call(self, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return self._in_fallback(name, args, kwargs)
        try:
            if self._missed:
                self._forget_missed()
            result = getattr(super(ResilientCacheMixin, self), name)(*args, **kwargs)
        except ValueError:
            raise  # incr/decr of a missing key: an answer, not an outage
        except Exception as error:  # noqa: BLE001 - any failure of the cache is an outage
            self._went_down(error)
            return self._in_fallback(name, args, kwargs)
        if self._down_since is not None:
            logger.warning(
                "Cache %s is back after %.0f s.", self._label, time.monotonic() - self._down_since
            )
            self._down_since = None
        return result

    return call


class ResilientCacheMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._fallback = LocMemCache(
            f"hub-fallback-{id(self)}",
            {
                "TIMEOUT": self.default_timeout,
                "OPTIONS": {"MAX_ENTRIES": FALLBACK_ENTRIES},
                "KEY_PREFIX": self.key_prefix,
                "VERSION": self.version,
            },
        )
        self._down_until = 0.0
        self._down_since = None
        self._logged_at = float("-inf")
        self._label = type(self).__name__
        self._missed: dict[object, set] = {}  # version -> keys written only to the fallback
        self._missed_count = 0

    def _in_fallback(self, name, args, kwargs):
        if name in WRITES:
            version = kwargs.get("version")
            for key in _written_keys(name, args, kwargs):
                self._missed.setdefault(version, set()).add(key)
                self._missed_count += 1
        return getattr(self._fallback, name)(*args, **kwargs)

    def _forget_missed(self) -> None:
        """Before the real cache is read again: drop what it holds for the keys this process
        wrote elsewhere meanwhile (raises, like any call, if it is still down)."""
        real = super()
        if self._missed_count > MISSED_KEYS:
            logger.warning(
                "Cache %s: too many keys written during the outage, clearing it.", self._label
            )
            real.clear()
        else:
            for version, keys in self._missed.items():
                real.delete_many(list(keys), version=version)
        self._missed.clear()
        self._missed_count = 0
        self._fallback.clear()

    def _went_down(self, error) -> None:
        now = time.monotonic()
        self._down_until = now + RETRY_SECONDS
        if self._down_since is None:
            self._down_since = now
        if now - self._logged_at >= LOG_EVERY_SECONDS:
            self._logged_at = now
            logger.warning(
                "Cache %s unavailable (%s: %s): serving without it, retrying every %d s.",
                self._label,
                type(error).__name__,
                error,
                RETRY_SECONDS,
            )

    def health_check(self) -> None:
        """A set, get and delete on the real cache, never the fallback; raises what it raised.

        For /readyz/ (hub/health.py): the methods below hide an outage from pages on purpose.
        Nothing here changes what pages get (the fallback window is left as it is)."""
        real = super()
        key = f"hub-health:{uuid.uuid4().hex}"
        real.set(key, "ok", 30)
        if real.get(key) != "ok":
            raise RuntimeError("a value written to the cache was not read back")
        real.delete(key)

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
