"""/healthz/ and /readyz/ as a load balancer and an operator's monitoring see them.

In-process: the answers and headers on a working site, what each readiness check reports and
when it fails (a real Redis stopped and started, a missing search index, a task backlog, an
old catalogue sync), and that the liveness probe touches no database, session or cache.

On PostgreSQL, for real: gunicorn started as the README says (``-c hub/gunicorn.conf.py``, its
configuration from ``HUB_ENV_FILE``, ``LOG_FORMAT=json``) talks to the test database through a
TCP relay of this test; the relay is stopped (connections refused and the open ones cut), made
to hang (connections accepted, never answered) and started again, while /readyz/ is asked.
"""

import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from contextlib import suppress
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache.backends.base import BaseCache
from django.utils import timezone

from hub.search.testing import search_backend  # noqa: F401 - the fixture
from tests.faults.conftest import pg_server, pg_url
from tests.faults.test_cache_faults import OwnRedis

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]
CHECKS = {"database", "cache", "search", "tasks", "catalogue_sync"}
LOAD_BALANCER = {"HTTP_HOST": "10.0.0.7"}  # probing by address, over plain HTTP


def readyz(client, all_checks=False, **headers):
    """/readyz/ as the load balancer asks it, or with every check deciding (monitoring)."""
    url = "/readyz/?all=1" if all_checks else "/readyz/"
    response = client.get(url, **(LOAD_BALANCER | headers))
    assert response["Content-Type"] == "application/json"
    return response.status_code, response.json()


@pytest.fixture
def behind_a_proxy(settings):
    """Production's host check and HTTPS redirect, which a probe by address over HTTP passes."""
    settings.ALLOWED_HOSTS = ["hub.example.org"]
    settings.SECURE_SSL_REDIRECT = True


# --- Liveness ----------------------------------------------------------------------------------


class UnusableCache(BaseCache):
    """A cache that fails the test if anything uses it."""

    def __init__(self, location, params):
        super().__init__(params)

    def __getattribute__(self, name):
        if name in {"get", "set", "add", "delete", "get_many", "incr", "has_key", "touch"}:
            raise AssertionError(f"/healthz/ used the cache ({name})")
        return super().__getattribute__(name)


def test_healthz_answers_without_database_session_or_cache(
    client, settings, behind_a_proxy, django_assert_num_queries
):
    # The page cache and the Site lookup would read the cache and the content generation.
    settings.PAGE_CACHE_SECONDS = 60
    settings.CACHES = {"default": {"BACKEND": "tests.ops.test_health.UnusableCache"}}
    client.cookies["sessionid"] = "0123456789abcdefghijklmnopqrstuv"
    with django_assert_num_queries(0):
        response = client.get("/healthz/", **LOAD_BALANCER)
        head = client.head("/healthz", **LOAD_BALANCER)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert "Set-Cookie" not in response and not response.cookies
    assert head.status_code == 200 and head.content == b""


def test_health_endpoints_take_no_post(client):
    assert client.post("/healthz/").status_code == 405
    assert client.post("/readyz/").status_code == 405


# --- Readiness ---------------------------------------------------------------------------------


def test_readyz_on_a_working_site(client, behind_a_proxy):
    status, body = readyz(client)
    assert status == 200, body
    assert body["status"] == "ok"
    assert set(body["checks"]) == CHECKS
    assert all(check["status"] == "ok" for check in body["checks"].values()), body
    assert body["checks"]["tasks"]["ready"] == 0
    assert body["checks"]["catalogue_sync"]["last_success"] is None  # never synced: reported
    response = client.get("/readyz/", **LOAD_BALANCER)
    assert "no-store" in response["Cache-Control"]


def test_readyz_names_the_cache_while_redis_is_down_and_recovers(client, settings):
    redis = OwnRedis()
    redis.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "hub.cache_backends.ResilientRedisCache",
            "LOCATION": redis.url,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex[:8]}",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    try:
        status, body = readyz(client)
        assert status == 200, body
        assert body["checks"]["cache"] == {"status": "ok", "backend": "ResilientRedisCache"}

        redis.stop()
        from django.core.cache import cache

        assert cache.get("anything") is None  # pages see a miss, not an error...
        status, body = readyz(client)
        # ...the readiness check sees the outage, and keeps the machine in (pages work)...
        assert status == 200 and body["status"] == "degraded"
        assert body["checks"]["cache"]["status"] == "fail"
        assert body["checks"]["database"]["status"] == "ok"
        assert readyz(client, all_checks=True)[0] == 503  # ...while monitoring is told

        redis.start()  # the same port
        status, body = readyz(client)
        assert status == 200, body
    finally:
        redis.stop()


def test_readyz_fails_without_a_search_index_and_passes_with_one(client, settings, tmp_path):
    from hub.search import store

    store.reset_stores()
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "hub.search.backend", "PATH": str(tmp_path / "no-index")}
    }
    try:
        status, body = readyz(client)
        assert readyz(client, all_checks=True)[0] == 503
    finally:
        store.reset_stores()
    assert status == 200 and body["status"] == "degraded"
    assert body["checks"]["search"] == {"status": "fail", "error": "IndexUnavailable"}


def test_readyz_reports_the_whoosh_index(client, search_backend):  # noqa: F811
    status, body = readyz(client)
    assert status == 200, body
    assert body["checks"]["search"]["backend"] == "whoosh"
    assert body["checks"]["search"]["documents"] >= 1  # Wagtail's root pages at least


def _queue_task(*, waiting: timedelta, run_after=None):
    from django_tasks_db.models import DBTaskResult, get_date_max

    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="tests.ops.never_run",
        backend_name="default",
        run_after=run_after or get_date_max(),
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - waiting)
    return task


def test_readyz_counts_the_task_backlog_and_fails_when_a_task_waits_too_long(client, settings):
    settings.READY_MAX_TASK_AGE_SECONDS = 900
    _queue_task(waiting=timedelta(seconds=30))
    # A retry, queued two hours ago, due again a minute ago: it has waited one minute.
    _queue_task(waiting=timedelta(hours=2), run_after=timezone.now() - timedelta(minutes=1))
    _queue_task(waiting=timedelta(hours=3), run_after=timezone.now() + timedelta(hours=1))
    status, body = readyz(client)
    assert status == 200, body
    tasks = body["checks"]["tasks"]
    assert tasks["ready"] == 2  # the one deferred to later is not waiting yet
    assert 60 <= tasks["oldest_waiting_seconds"] < 900

    _queue_task(waiting=timedelta(minutes=20))  # nothing worked the queue for 20 minutes
    assert readyz(client)[0] == 200  # not this machine's fault: it stays in
    status, body = readyz(client, all_checks=True)
    assert status == 503
    tasks = body["checks"]["tasks"]
    assert tasks["status"] == "fail"
    assert tasks["ready"] == 3
    assert tasks["oldest_waiting_seconds"] >= 20 * 60
    assert {name for name, check in body["checks"].items() if check["status"] != "ok"} == {"tasks"}


def _sync_run(status, hours_ago):
    from community.models import SyncRun

    run = SyncRun.objects.create(
        source="/srv/exports/bbmri-nl", source_key="bbmri-nl", format="bbmri_nl", status=status
    )
    moment = timezone.now() - timedelta(hours=hours_ago)
    SyncRun.objects.filter(pk=run.pk).update(started_at=moment, finished_at=moment)


def test_readyz_reports_the_last_successful_sync_and_fails_only_past_the_limit(client, settings):
    _sync_run("success", hours_ago=30)
    _sync_run("failed", hours_ago=1)  # a failed sync is not the last success
    status, body = readyz(client)
    assert status == 200, body
    sync = body["checks"]["catalogue_sync"]
    assert sync["source"] == "bbmri-nl"
    assert 29.9 <= sync["age_hours"] <= 30.1

    settings.READY_MAX_SYNC_AGE_HOURS = 24
    status, body = readyz(client, all_checks=True)
    assert status == 503
    assert body["checks"]["catalogue_sync"]["status"] == "fail"

    _sync_run("success", hours_ago=2)
    assert readyz(client, all_checks=True)[0] == 200


def test_readyz_fails_when_a_sync_is_required_and_never_ran(client, settings):
    settings.READY_MAX_SYNC_AGE_HOURS = 24
    status, body = readyz(client, all_checks=True)
    assert status == 503
    assert body["checks"]["catalogue_sync"]["error"] == "no successful catalogue sync yet"


# --- PostgreSQL unreachable, for real ----------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class DatabaseRelay:
    """127.0.0.1:`port` relayed to the database server: `stop()` (connections refused, the open
    ones cut), `hang()` (connections accepted and never answered), `start()` again."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.port = _free_port()
        self.mode = "forward"
        self.listener = None
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        self.start()

    def start(self):
        self._drop_connections()
        self.mode = "forward"
        if self.listener is None:
            listener = socket.socket()
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", self.port))
            listener.listen(64)
            self.listener = listener
            threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def hang(self):
        self.start()
        self.mode = "hang"

    def stop(self):
        if self.listener is not None:
            with suppress(OSError):
                self.listener.shutdown(socket.SHUT_RDWR)
            self.listener.close()
            self.listener = None
        self._drop_connections()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            with self.lock:
                self.sockets.append(client)
            if self.mode == "hang":
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self.lock:
                self.sockets.append(upstream)
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def _drop_connections(self):
        with self.lock:
            sockets, self.sockets = self.sockets, []
        for sock in sockets:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


def _get(port, path, host="10.0.0.7"):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers={"Host": host})  # no X-Forwarded-Proto
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


@pytest.fixture
def served_through_relay(tmp_path):
    """gunicorn on production settings from an env file, its database behind a relay."""
    from django.db import connection

    server = pg_server(connection)
    relay = DatabaseRelay((server["host"], server["port"]))
    database = pg_url(
        {**server, "host": "127.0.0.1", "port": relay.port}, connection.settings_dict["NAME"]
    )
    env_file = tmp_path / "hub.env"
    env_file.write_text(
        "DJANGO_SETTINGS_MODULE=hub.settings.production\n"
        f"SECRET_KEY='{secrets.token_urlsafe(60)}'\n"
        "ALLOWED_HOSTS=hub.example.org\n"
        f"DATABASE_URL={database}\n"
        "DATABASE_CONN_MAX_AGE=60\n"  # persistent connections: cut under the workers' feet
        f"HUB_VAR_DIR={tmp_path / 'var'}\n"
        "LOG_FORMAT=json\n"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST", "HUB_", "LOG_", "SENTRY"))
        and key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DEBUG", "SECRET_KEY"}
    }
    env["HUB_ENV_FILE"] = str(env_file)
    index = subprocess.run(
        [sys.executable, "manage.py", "update_index"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert index.returncode == 0, index.stdout + index.stderr

    port = _free_port()
    stdout, stderr = tmp_path / "gunicorn.out", tmp_path / "gunicorn.err"
    with open(stdout, "wb") as out, open(stderr, "wb") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "hub/gunicorn.conf.py", "hub.wsgi"]
            + ["--workers", "2", "--bind", f"127.0.0.1:{port}"],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=err,
        )
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, stderr.read_text()[-3000:]
            assert time.monotonic() < deadline, "gunicorn did not answer within 120 s"
            with suppress(OSError):
                if _get(port, "/healthz/")[0] == 200:
                    break
            time.sleep(0.2)
        yield relay, port, stdout, stderr
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        relay.stop()


@pytest.mark.postgres
def test_readyz_turns_503_while_postgresql_is_unreachable_and_200_when_it_returns(
    served_through_relay,
):
    relay, port, stdout, stderr = served_through_relay

    def ready(times=2):  # twice: both workers, each with its persistent connection
        answers = [_get(port, "/readyz/") for _ in range(times)]
        return [(status, json.loads(body)) for status, body in answers]

    for status, body in ready():
        assert status == 200, body
        assert set(body["checks"]) == CHECKS
        assert body["checks"]["search"]["backend"] == "whoosh"

    relay.stop()
    for status, body in ready():
        assert status == 503, body  # JSON, not the maintenance page or a 500
        assert body["checks"]["database"] == {"status": "fail", "error": "OperationalError"}
        assert body["checks"]["tasks"]["status"] == "skipped"
    assert _get(port, "/healthz/") == (200, '{"status": "ok"}')

    relay.start()
    for status, body in ready():
        assert status == 200, body

    relay.hang()  # the server's address answers nothing: the connect timeout decides
    [(status, body)] = ready(times=1)
    assert status == 503, body
    assert body["checks"]["database"]["status"] == "fail"

    relay.start()
    for status, body in ready():
        assert status == 200, body

    # The access log: JSON on stdout, without the token or the query string of a mailed link.
    _get(port, "/newsletter/confirm/SECRETTOKEN123/?utm_source=mail", host="hub.example.org")
    time.sleep(0.5)  # the access log line is written after the response
    access = [json.loads(line) for line in stdout.read_text().splitlines() if line.strip()]
    requests = [entry["message"] for entry in access if entry["logger"] == "gunicorn.access"]
    assert any('"GET /readyz/ HTTP/1.1" 503' in line for line in requests), requests
    assert any('"GET /readyz/ HTTP/1.1" 200' in line for line in requests)
    assert any('"GET /newsletter/confirm/…/?… HTTP/1.1"' in line for line in requests), requests
    assert "SECRETTOKEN123" not in stdout.read_text()
    assert "utm_source" not in stdout.read_text()
    # Errors and the application's log: JSON on stderr, the outage logged by hub.health.
    errors = [json.loads(line) for line in stderr.read_text().splitlines() if line.strip()]
    assert any(entry["logger"] == "gunicorn.error" for entry in errors)
    assert any(
        entry["logger"] == "hub.health" and "database" in entry["message"] for entry in errors
    ), errors
    # ...and not as a server error for every probe (a mail to ADMINS, a Sentry event each).
    assert not [entry for entry in errors if entry["logger"] == "django.request"]
