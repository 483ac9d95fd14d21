"""What a reader pays when the cache fails, and how long the hub takes to use it again (issue 15).

Run (from the repository root; Debian's ``redis-server`` on the PATH)::

    .venv/bin/python bench/cache_faults.py            # -n 200 requests per phase
    .venv/bin/python bench/cache_faults.py -n 50

It builds a throw-away SQLite database with the demo content (migrate + load_demo, ~1 min),
starts a redis-server of its own on a free port and requests pages in-process (Django's test
client, the hub's production cache backend ``ResilientRedisCache`` with 250 ms socket timeouts,
the page cache on) in five phases:

1. Redis up: stored pages (``X-Page-Cache: hit``);
2. Redis stopped (connection refused): every page from the database;
3. Redis that accepts and never answers (a socket of this script's): every page from the
   database, after one socket timeout per ``RETRY_SECONDS`` and process;
4. Redis started again on the same port: seconds until the process stores pages in it again;
5. the content generation read alone (one primary-key query), what every request pays for it.

Prints a Markdown table: p50 / p95 / max in milliseconds per phase, and the recovery time.
"""

import argparse
import io
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PATHS = ["/", "/about/", "/news/", "/events/", "/biobanks/"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_redis(port):
    process = subprocess.Popen(  # noqa: S603
        [
            shutil.which("redis-server"),
            "--port",
            str(port),
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
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return process
        time.sleep(0.05)
    raise RuntimeError("redis-server did not start")


def hanging_socket():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(50)
    held = []

    def accept():
        while True:
            try:
                held.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    return listener, listener.getsockname()[1]


def timed(client, n) -> list[float]:
    times = []
    for number in range(n):
        path = PATHS[number % len(PATHS)]
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return times


def row(name, times) -> str:
    times = sorted(times)
    p95 = times[int(len(times) * 0.95) - 1]
    return (
        f"| {name} | {statistics.median(times):.1f} | {p95:.1f} | {times[-1]:.1f} | {len(times)} |"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=200, help="requests per phase")
    args = parser.parse_args()

    var_dir = Path(tempfile.mkdtemp(prefix="hub-cache-faults-"))
    port = free_port()
    os.environ.update(
        HUB_VAR_DIR=str(var_dir), DJANGO_SETTINGS_MODULE="hub.settings.dev", DEBUG="false"
    )
    sys.path.insert(0, str(REPO))
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    print("Building the demo database (migrate, load_demo)…", file=sys.stderr)
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0, stdout=io.StringIO())

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PAGE_CACHE_SECONDS = 60
    location = {"url": f"redis://127.0.0.1:{port}/0"}

    def use_cache(url):
        from django.test.utils import override_settings

        # override_settings makes Django build a fresh cache backend (django.test.signals).
        override_settings(
            CACHES={
                "default": {
                    "BACKEND": "hub.cache_backends.ResilientRedisCache",
                    "LOCATION": url,
                    "KEY_PREFIX": "bench",
                    "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
                }
            }
        ).enable()

    from django.test import Client

    from hub import cache_backends
    from hub.cache import generation

    client = Client()
    redis = start_redis(port)
    lines = ["| Phase | p50 ms | p95 ms | max ms | requests |", "|---|---|---|---|---|"]
    try:
        use_cache(location["url"])
        timed(client, len(PATHS))  # store them
        lines.append(row("1. Redis up, stored pages", timed(client, args.n)))

        redis.terminate()
        redis.wait()
        lines.append(row("2. Redis stopped (refused)", timed(client, args.n)))

        listener, hang_port = hanging_socket()
        use_cache(f"redis://127.0.0.1:{hang_port}/0")
        lines.append(row("3. Redis hanging (no answer)", timed(client, args.n)))
        listener.close()

        import redis as redis_client

        use_cache(location["url"])
        timed(client, 1)  # the refused connection: this process now works without the cache
        redis = start_redis(port)
        back = time.monotonic()
        server = redis_client.Redis(port=port)
        while not server.dbsize():  # until this process stores pages in Redis again
            client.get(PATHS[int(time.monotonic() * 10) % len(PATHS)])
            time.sleep(0.05)
        recovery = time.monotonic() - back

        started = time.perf_counter()
        for _ in range(args.n):
            generation()
        per_read = (time.perf_counter() - started) * 1000 / args.n
    finally:
        redis.terminate()
        shutil.rmtree(var_dir, ignore_errors=True)

    print("\n".join(lines))
    print(
        f"\n4. Redis back: pages stored in it again after {recovery:.1f} s "
        f"(RETRY_SECONDS = {cache_backends.RETRY_SECONDS})."
    )
    print(f"5. The content generation read alone: {per_read:.3f} ms (SQLite, in-process).")


if __name__ == "__main__":
    main()
