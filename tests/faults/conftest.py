"""Fixtures of the fault tests."""

import shutil
import subprocess

import pytest


def pg_server(connection) -> dict:
    """psycopg connection arguments of the test database's server (no database name)."""
    settings = connection.settings_dict
    return {
        "host": settings["HOST"] or "127.0.0.1",
        "port": int(settings["PORT"] or 5432),
        "user": settings["USER"] or "postgres",
        "password": settings["PASSWORD"] or None,
    }


def pg_url(server: dict, dbname: str) -> str:
    password = f":{server['password']}" if server["password"] else ""
    return f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{dbname}"


def pg_dump_into(source: dict, source_db: str, target: dict, target_db: str) -> None:
    """Copy a database (schema and rows) with pg_dump | psql; the target database exists."""
    pg_dump, psql = shutil.which("pg_dump"), shutil.which("psql")
    if not (pg_dump and psql):
        pytest.fail("pg_dump and psql must be on PATH (Debian: apt-get install postgresql-client)")
    dump = subprocess.run(
        [pg_dump, "--no-owner", "--no-privileges", "-d", pg_url(source, source_db)],
        capture_output=True,
        check=True,
        timeout=300,
    )
    load = subprocess.run(
        [psql, "-q", "-v", "ON_ERROR_STOP=1", "-d", pg_url(target, target_db)],
        input=dump.stdout,
        capture_output=True,
        check=False,
        timeout=300,
    )
    assert load.returncode == 0, load.stderr.decode()[-3000:]


@pytest.fixture
def pg_copy_of_test_database():
    """pg_copy_of_test_database(name) -> (url, connect): a database `name` on the test
    server, holding what the test database held when the test began (migrated, empty); dropped
    at the end. Use in a test marked `django_db`: its own writes are not committed, so the copy
    never sees them."""
    import psycopg
    from django.db import connection

    server = pg_server(connection)
    made = []

    def admin(statement):
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as db:
            db.execute(statement)

    def make(name: str):
        assert name.startswith(("hub_killsync", "hub_faults")), name
        admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin(f"CREATE DATABASE {name}")
        made.append(name)
        pg_dump_into(server, connection.settings_dict["NAME"], server, name)
        return pg_url(server, name), lambda: psycopg.connect(dbname=name, autocommit=True, **server)

    yield make
    for name in made:
        admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
