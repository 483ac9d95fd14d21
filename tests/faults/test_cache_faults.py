"""The cache fails in every way a real Redis can: keys evicted at random, the server stopped, a
server that accepts and never answers. Readers must never get a members-only page or an old
version, and every page must still answer from the database.

Real Redis servers: the machine's own on 127.0.0.1:6379 for eviction (each test under a key
prefix of its own), and one this module starts on a free port for the outage, so that stopping
it disturbs nobody else.
"""

import logging
import random
import shutil
import socket
import subprocess
import threading
import time
import uuid

import pytest
from django.core.cache import cache
from django.test import Client
from wagtail.models import Page, PageViewRestriction

from hub import cache_backends
from tests.conftest import _missing

pytestmark = pytest.mark.django_db

SHARED_REDIS = "redis://127.0.0.1:6379/0"


def _redis_answers(url: str) -> bool:
    import redis

    try:
        return redis.Redis.from_url(url, socket_timeout=1).ping()
    except redis.RedisError:
        return False


def _use_redis(settings, url, *, timeout=0.2):
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "hub.cache_backends.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
        }
    }
    settings.PAGE_CACHE_SECONDS = 60
    return prefix


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OwnRedis:
    """A redis-server of this test's own, on a free port, with nothing on disk."""

    def __init__(self):
        self.binary = shutil.which("redis-server")
        if not self.binary:
            _missing("needs redis-server (apt-get install -y redis-server)")
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            if _redis_answers(self.url):
                return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


@pytest.fixture
def own_redis():
    server = OwnRedis()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def shared_redis(settings):
    if not _redis_answers(SHARED_REDIS):
        _missing(f"needs a Redis server on {SHARED_REDIS}")
    import redis

    prefix = _use_redis(settings, SHARED_REDIS)
    client = redis.Redis.from_url(SHARED_REDIS)
    yield client, prefix
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


@pytest.fixture
def hanging_server():
    """A port that accepts connections and never answers; counts the connections."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(50)
    accepted = []

    def accept():
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            accepted.append(connection)  # kept open, never read

    threading.Thread(target=accept, daemon=True).start()
    yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0", accepted
    listener.close()
    for connection in accepted:
        connection.close()


def _about():
    return Page.objects.get(url_path__endswith="/about/", locale__language_code="en").specific


def _anonymous(path="/about/"):
    return Client().get(path)


# --- 1. Eviction: the generation is not a key that can be lost ---------------------------------


def test_random_evictions_never_serve_a_restricted_page_or_an_old_title(site_tree, shared_redis):
    client, prefix = shared_redis
    about = _about()
    rng = random.Random(15)  # noqa: S311 - a repeatable sequence of faults
    restricted = False
    for round_number in range(40):
        change = rng.choice(["restrict", "title", "none"])
        if change == "restrict":
            if restricted:
                PageViewRestriction.objects.filter(page=about).delete()
            else:
                PageViewRestriction.objects.create(
                    page=about, restriction_type=PageViewRestriction.LOGIN
                )
            restricted = not restricted
        elif change == "title":
            about.title = f"About us, edition {round_number}"
            about.save_revision().publish()
        # Between requests the cache loses a random part of what it holds (or everything).
        keys = list(client.scan_iter(f"{prefix}:*"))
        lost = keys if rng.random() < 0.1 else rng.sample(keys, k=len(keys) // 2)
        if lost:
            client.delete(*lost)
        for _ in range(2):  # the second one may come from the page cache
            response = _anonymous()
            if restricted:
                assert response.status_code == 302, f"round {round_number}: members-only served"
                assert "/accounts/login/" in response["Location"]
            else:
                assert response.status_code == 200, f"round {round_number}"
                assert about.title in response.content.decode(), f"round {round_number}: stale"
        assert about.title in _anonymous("/").content.decode() or restricted


def test_a_flushed_cache_is_recomputed_not_resurrected(site_tree, shared_redis):
    client, prefix = shared_redis
    about = _about()
    assert _anonymous().status_code == 200  # stored
    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)
    assert _anonymous().status_code == 302
    client.delete(*client.scan_iter(f"{prefix}:*"))  # e.g. Redis restarted, or memory full
    assert _anonymous().status_code == 302
    assert _anonymous().status_code == 302


# --- 2. Outage: the server stops, then comes back ---------------------------------------------


def test_pages_answer_from_the_database_while_redis_is_down(
    site_tree, own_redis, settings, monkeypatch, caplog, user_factory
):
    _use_redis(settings, own_redis.url)
    monkeypatch.setattr(cache_backends, "RETRY_SECONDS", 0)  # try the server on every call
    assert _anonymous()["X-Page-Cache"] == "miss"
    assert _anonymous()["X-Page-Cache"] == "hit"

    own_redis.stop()
    caplog.set_level(logging.WARNING, logger="hub.cache")
    for path in (
        "/",
        "/about/",
        "/news/",
        "/events/",
        "/biobanks/",
        "/search/?q=biobank",
        "/accounts/login/",
        "/admin/login/",
    ):
        assert _anonymous(path).status_code == 200, path
    assert _anonymous("/admin/").status_code == 302  # to the login page, not an error
    # Changes show at once: nothing cached is believed while the server is away.
    about = _about()
    about.title = "About us while Redis is down"
    about.save_revision().publish()
    assert "About us while Redis is down" in _anonymous().content.decode()
    # Signing in (rate-limited through the cache) still works.
    user_factory("reader@example.org", password="a-Long-passw0rd!")
    response = Client().post(
        "/accounts/login/", {"login": "reader@example.org", "password": "a-Long-passw0rd!"}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert "unavailable" in caplog.text

    own_redis.start()  # the same port, an empty server
    assert "About us while Redis is down" in _anonymous().content.decode()
    assert _anonymous()["X-Page-Cache"] == "hit"  # the cache is used again
    assert "is back" in caplog.text


def test_rate_limits_still_count_per_process_while_redis_is_down(own_redis, settings):
    _use_redis(settings, own_redis.url)
    own_redis.stop()
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/m/ip"}
    answers = [
        Client()
        .post("/accounts/login/", {"login": "nobody@example.org", "password": "wrong"})
        .content.decode()
        for _ in range(5)
    ]
    assert "Too many failed login attempts" not in answers[0]
    assert "Too many failed login attempts" in answers[-1]


def test_a_value_written_during_an_outage_is_never_read_back_stale(
    own_redis, settings, monkeypatch
):
    """A server that answers reads but refuses writes (memory full, no eviction): a value this
    process could not replace must not come back from Redis once it takes writes again."""
    import redis

    _use_redis(settings, own_redis.url)
    monkeypatch.setattr(cache_backends, "RETRY_SECONDS", 0)
    server = redis.Redis.from_url(own_redis.url)
    cache.set("biobanks:index_url", "/old-biobanks/")
    cache.set("menu", "old menu")
    server.config_set("maxmemory-policy", "noeviction")
    server.config_set("maxmemory", 1)  # every write refused from now on, reads still answered
    cache.set("biobanks:index_url", "/biobanks/")
    cache.delete("menu")
    # The stand-in's value, or nothing (the stale one deleted, as DEL still works): never old.
    assert cache.get("biobanks:index_url") in ("/biobanks/", None)
    assert cache.get("menu") is None
    server.config_set("maxmemory", 0)
    assert cache.get("biobanks:index_url") is None  # recomputed, never "/old-biobanks/"
    assert cache.get("menu") is None
    cache.set("biobanks:index_url", "/biobanks/")
    assert cache.get("biobanks:index_url") == "/biobanks/"


# --- 3. A server that accepts and never answers -----------------------------------------------


def test_a_hanging_redis_costs_one_timeout_then_is_left_alone(
    site_tree, hanging_server, settings, caplog
):
    url, accepted = hanging_server
    _use_redis(settings, url, timeout=0.2)
    caplog.set_level(logging.WARNING, logger="hub.cache")
    for path in ["/", "/about/", "/news/", "/events/"] * 3:
        assert _anonymous(path).status_code == 200, path
    # One connection attempt, then the process stops asking for RETRY_SECONDS (not a timeout
    # for every one of the dozens of cache calls these twelve pages make).
    assert len(accepted) == 1
    assert caplog.text.count("unavailable") == 1


def test_an_outage_is_logged_once_a_minute_not_per_call(
    hanging_server, settings, caplog, monkeypatch
):
    url, _accepted = hanging_server
    _use_redis(settings, url, timeout=0.05)
    monkeypatch.setattr(cache_backends, "RETRY_SECONDS", 0)
    caplog.set_level(logging.WARNING, logger="hub.cache")
    for number in range(20):
        cache.set(f"key-{number}", number)
        assert cache.get(f"key-{number}") == number  # from the process's own stand-in
    assert caplog.text.count("unavailable") == 1


# --- 4. A deploy ------------------------------------------------------------------------------


def test_each_release_reads_only_its_own_keys(tmp_path, monkeypatch):
    from hub.env import release_id

    monkeypatch.delenv("HUB_RELEASE", raising=False)
    git = tmp_path / ".git"
    (git / "refs/heads").mkdir(parents=True)
    (git / "HEAD").write_text("ref: refs/heads/main\n")
    (git / "refs/heads/main").write_text("a" * 40 + "\n")
    first = release_id(tmp_path)
    (git / "refs/heads/main").write_text("b" * 40 + "\n")
    second = release_id(tmp_path)
    assert first != second
    monkeypatch.setenv("HUB_RELEASE", "2027.1")
    assert release_id(tmp_path) not in (first, second)
    assert release_id(tmp_path) == release_id(tmp_path / "elsewhere")
