"""A catalogue sync killed half-way (SIGKILL in its write phase) leaves the database exactly as
it was, and running it again completes.

`manage.py sync_catalogue` runs in a child process against a database of its own: a SQLite file,
and, when the tests run on PostgreSQL (DATABASE_URL), a PostgreSQL database `hub_killsync` on
the same server. The export is synthetic (bench/catalogue_bench.py's generator), big enough for a
write phase of several seconds. The child's stderr is a terminal, so the command shows its
progress bars; the test waits for "Adding collections" (biobanks already written in the open
transaction), checks that the child holds an open write transaction, and kills it.
"""

import fcntl
import hashlib
import os
import pty
import re
import select
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from bench.catalogue_bench import generate

REPO = Path(__file__).resolve().parents[2]
SOURCE_KEY = "killtest"
BASELINE_BIOBANKS = 200
BIG_BIOBANKS = 1500
WRITE_PHASE_MARKER = b"Adding collections"
KILLSYNC_DB = "hub_killsync"
MARKER_TIMEOUT = 180  # seconds; a loaded CI machine is slow to start the child


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    """A small export (the hub's data before), and a bigger one that changes most of it."""
    folder = tmp_path_factory.mktemp("exports")
    generate(folder / "baseline", BASELINE_BIOBANKS, 3, seed=1)
    generate(folder / "big", BIG_BIOBANKS, 3, seed=2)
    return folder


def child_env(database_url: str, var_dir: Path) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    env.update(
        DJANGO_SETTINGS_MODULE="hub.settings.test",
        DATABASE_URL=database_url,
        HUB_VAR_DIR=str(var_dir),
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env, *args, timeout=600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def sync(env, source: Path) -> subprocess.CompletedProcess:
    # The big export replaces most of the baseline: more than the default share withdrawn.
    result = manage(
        env, "sync_catalogue", str(source), "--source-key", SOURCE_KEY, "--allow-mass-withdraw"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Catalogue sync" in result.stdout
    return result


def sync_killed_in_write_phase(env, source: Path, holds_write_transaction) -> str:
    """Start the sync with a terminal as stderr, SIGKILL it once it writes; returns stderr."""
    master, slave = pty.openpty()
    # A window size, or tqdm draws nothing on this terminal.
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 200, 0, 0))
    process = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "sync_catalogue",
            str(source),
            "--source-key",
            SOURCE_KEY,
            "--allow-mass-withdraw",
        ],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=slave,
    )
    os.close(slave)
    seen = b""
    try:
        deadline = time.monotonic() + MARKER_TIMEOUT
        while WRITE_PHASE_MARKER not in seen:
            assert time.monotonic() < deadline, f"no {WRITE_PHASE_MARKER!r} in: {seen[-2000:]!r}"
            assert process.poll() is None, (
                f"the sync ended ({process.returncode}) before its write phase: "
                f"{process.stdout.read()!r} {seen[-2000:]!r}"
            )
            ready, _w, _x = select.select([master], [], [], 0.2)
            if ready:
                try:
                    seen += os.read(master, 65536)
                except OSError:  # EIO: the child closed the terminal
                    break
        time.sleep(0.3)  # well inside the writes: biobanks are written, collections going in
        assert process.poll() is None, "the sync finished before it could be killed"
        assert holds_write_transaction(), "the sync holds no open write transaction"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)
    assert process.returncode == -signal.SIGKILL
    stdout = process.stdout.read().decode()
    process.stdout.close()
    assert "Catalogue sync" not in stdout, "the sync had finished: nothing was killed half-way"
    return seen.decode(errors="replace")


def state(cursor, tables: list[str]) -> dict:
    """Row counts of every table, and checksums of the biobank and collection rows."""
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - names from the catalog
        counts[table] = cursor.fetchone()[0]
    digests = {}
    for table in ("community_biobank", "community_collection"):
        cursor.execute(f'SELECT * FROM "{table}" ORDER BY id')  # noqa: S608
        digests[table] = hashlib.sha256(repr(cursor.fetchall()).encode()).hexdigest()
    return {"counts": counts, "checksums": digests}


def check_kill_and_rerun(env, exports, read_state, holds_write_transaction, listed_biobanks):
    sync(env, exports / "baseline")
    before = read_state()
    assert before["counts"]["community_biobank"] >= BASELINE_BIOBANKS
    assert listed_biobanks() == BASELINE_BIOBANKS

    progress = sync_killed_in_write_phase(env, exports / "big", holds_write_transaction)
    assert "Adding biobanks" in progress

    after_kill = read_state()
    changed = {
        t: (before["counts"][t], n)
        for t, n in after_kill["counts"].items()
        if before["counts"].get(t) != n
    }
    assert not changed, f"the killed sync left rows behind (table: before, after): {changed}"
    assert after_kill == before, "the biobank or collection rows changed"

    result = sync(env, exports / "big")  # the rerun completes
    assert re.search(r"biobanks \d+ added", result.stdout)
    after_rerun = read_state()
    assert after_rerun["checksums"] != before["checksums"]
    assert after_rerun["counts"]["community_syncrun"] == before["counts"]["community_syncrun"] + 1
    assert listed_biobanks() == BIG_BIOBANKS


# --- SQLite -----------------------------------------------------------------------------------


def migrated_sqlite_file(path: Path, env) -> None:
    """A migrated database at `path`: a copy of the in-memory test database when the tests run
    on SQLite (fast; the test has written nothing yet), else `manage.py migrate`."""
    from django.db import connection

    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return
    result = manage(env, "migrate", "--no-input", "-v0")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.sqlite_only
@pytest.mark.django_db
def test_sqlite_sync_killed_half_way_leaves_nothing_and_a_rerun_completes(tmp_path, exports):
    path = tmp_path / "hub.sqlite3"
    env = child_env(f"sqlite:///{path}", tmp_path)
    migrated_sqlite_file(path, env)

    def read_state():
        db = sqlite3.connect(path)
        try:
            tables = [
                name
                for (name,) in db.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                    "'sqlite_%'"
                    " ORDER BY name"
                )
            ]
            return state(db.cursor(), tables)
        finally:
            db.close()

    def holds_write_transaction():
        db = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            return "locked" in str(error)
        else:
            db.execute("ROLLBACK")
            return False
        finally:
            db.close()

    def listed_biobanks():
        db = sqlite3.connect(path)
        try:
            return db.execute(
                "SELECT count(*) FROM community_biobank WHERE withdrawn = 0 AND source_key = ?",
                [SOURCE_KEY],
            ).fetchone()[0]
        finally:
            db.close()

    check_kill_and_rerun(env, exports, read_state, holds_write_transaction, listed_biobanks)


# --- PostgreSQL ------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_sync_killed_half_way_leaves_nothing_and_a_rerun_completes(
    tmp_path, exports, pg_copy_of_test_database
):
    url, connect = pg_copy_of_test_database(KILLSYNC_DB)
    env = child_env(url, tmp_path)

    def others(db) -> int:
        return db.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [KILLSYNC_DB],
        ).fetchone()[0]

    def read_state():
        with connect() as db:
            # The killed child's server process ends (rolling back) once it sees the socket
            # closed: wait for it.
            deadline = time.monotonic() + 30
            while others(db) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert not others(db), "the killed sync's session is still there"
            tables = [
                name
                for (name,) in db.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                    " ORDER BY tablename"
                )
            ]
            return state(db.cursor(), tables)

    def holds_write_transaction():
        """The sync's session has written to community_biobank, uncommitted."""
        with connect() as db:
            return (
                db.execute(
                    "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
                    " JOIN pg_stat_activity a ON a.pid = l.pid"
                    " WHERE c.relname = 'community_biobank' AND l.mode = 'RowExclusiveLock'"
                    " AND a.datname = %s AND a.xact_start IS NOT NULL",
                    [KILLSYNC_DB],
                ).fetchone()[0]
                > 0
            )

    def listed_biobanks():
        with connect() as db:
            return db.execute(
                "SELECT count(*) FROM community_biobank WHERE NOT withdrawn AND source_key = %s",
                [SOURCE_KEY],
            ).fetchone()[0]

    check_kill_and_rerun(env, exports, read_state, holds_write_transaction, listed_biobanks)
