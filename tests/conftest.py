"""Shared fixtures.

Pages and models come from tests/factories.py; `site_tree` replays the whole demo for the tests
that are about it.

Tests that need PostgreSQL (marker `postgres`) or Chromium (marker `browser`) skip locally
with the reason, but fail under CI=true: CI must never pass by skipping them.
"""

import io
import os
import shutil
from typing import NamedTuple

import pytest

from hub.env import env_bool

# pytest-django's live_server runs beside Playwright's sync API (an event loop in this thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

IN_CI = env_bool("CI", False)
CHROMIUM = "/usr/bin/chromium"
DATABASE_SEARCH = "wagtail.search.backends.database"


# What the PostgreSQL leg of CI runs besides the tests marked `postgres` and `shared_data`: the
# tests of code whose behaviour depends on the database (row locks, raw SQL, constraints and
# case-insensitive uniqueness, data migrations, date arithmetic in queries, NUL bytes and integer
# ranges in input, query counts). Everything else runs once, on SQLite (.ci/run); any test can
# still be run on PostgreSQL by hand with DATABASE_URL.
DATABASE_SENSITIVE = (
    "catalogue/",
    "community/test_accounts.py",
    "community/test_contact_messages.py",
    "community/test_contact_migration.py",
    "community/test_group_sharing.py",
    "community/test_groups.py",
    "community/test_interests.py",
    "community/test_newsletter.py",
    "editions/test_sending.py",
    "events/test_concurrency.py",
    "events/test_confirmation.py",
    "events/test_mail_worker.py",
    "events/test_migrations.py",
    "events/test_organiser_messages.py",
    "events/test_registrant_flow.py",
    "events/test_services.py",
    "funding/test_alerts.py",
    "funding/test_call_list.py",
    "funding/test_partnerships.py",
    "funding/test_status.py",
    "home/test_routing.py",
    "home/test_setup_site.py",
    "hostile/test_fuzz_forms.py",
    "hostile/test_fuzz_listings.py",
    "outbox/",
    "test_dashboard.py",
    "test_postgres.py",
    "test_query_counts.py",
    "usage/test_store.py",
)
TESTS_DIR = os.path.dirname(os.path.abspath(__file__))


def pytest_collection_modifyitems(config, items):
    for item in items:
        relative = os.path.relpath(str(item.path), TESTS_DIR).replace(os.sep, "/")
        if relative.startswith(DATABASE_SENSITIVE):
            item.add_marker(pytest.mark.database)


def _missing(reason: str):
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this test must run, not skip)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _default_language():
    """A request under /nl/ or /fr/ leaves its language active in the thread (Django's
    LocaleMiddleware): every test starts, and ends, in the default language."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _require_real_parts(request):
    if request.node.get_closest_marker("postgres"):
        from django.db import connection

        if connection.vendor != "postgresql":
            _missing("needs PostgreSQL: set DATABASE_URL=postgres://…")
    if request.node.get_closest_marker("browser") and not shutil.which(CHROMIUM):
        _missing(f"needs Debian's chromium at {CHROMIUM} (apt-get install -y chromium)")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The cache outlives each test's rollback: start every test without what others cached."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_content_types(request):
    """A transactional test without serialized rollback starts on a database that an earlier
    one flushed: the content types there (if any) are not those whose IDs this process cached
    (a serialized rollback restores the original rows, and their IDs)."""
    marker = request.node.get_closest_marker("django_db")
    kwargs = marker.kwargs if marker else {}
    if kwargs.get("transaction") and not kwargs.get("serialized_rollback"):
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()


@pytest.fixture
def site_tree(db, _demo_snapshot, settings):
    """The demo content, as `make run` loads it; returns the home page.

    For tests about the demo itself or that sweep every kind of page; a test that needs a few
    pages builds them with tests/factories.py (`home_page`, `NewsPageFactory()`, …)."""
    from django.core.cache import cache
    from django.core.management import call_command

    from home.models import HomePage

    if _demo_snapshot:  # always, unless the demo could not be recorded
        _demo_snapshot.restore()
        cache.clear()  # Wagtail caches site root paths; the pages just changed under it
        if settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] != DATABASE_SEARCH:
            # The snapshot holds the database backend's index; others never saw the rows.
            call_command("update_index", stdout=io.StringIO())
    else:
        call_command("load_demo", stdout=io.StringIO())
    return HomePage.objects.get(locale__language_code="en")


class SqliteSnapshot:
    """What `load_demo` adds to a fresh test database, recorded once per run as row deltas.

    `load_demo` takes seconds; replaying its delta (rows added or changed, rows removed) with
    INSERT … SELECT from an attached file takes milliseconds, inside the test's own transaction,
    so the rollback that ends each test still undoes it. Rows a test made before asking for
    `site_tree` (a member, say) stay, as they would with `load_demo`.
    """

    ID_OFFSET = 1_000_000

    def __init__(self, connection, folder):
        import sqlite3

        from django.core.management import call_command

        raw = connection.connection
        with sqlite3.connect(folder / "base.sqlite3") as base:
            raw.backup(base)
        # Demo rows get ids from ID_OFFSET on, clear of the rows tests make before `site_tree`.
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM sqlite_sequence")
            cursor.execute(
                "INSERT INTO sqlite_sequence (name, seq) SELECT name, %s FROM sqlite_master"
                " WHERE type = 'table' AND sql LIKE '%%AUTOINCREMENT%%'",
                [self.ID_OFFSET],
            )
        call_command("load_demo", stdout=io.StringIO())
        with sqlite3.connect(folder / "demo.sqlite3") as demo:
            raw.backup(demo)
        with sqlite3.connect(folder / "base.sqlite3") as base:
            base.backup(raw)  # the test database as the migrations left it
        cursor = connection.cursor()
        cursor.execute("ATTACH DATABASE %s AS demo", [str(folder / "demo.sqlite3")])
        cursor.execute("ATTACH DATABASE %s AS base", [str(folder / "base.sqlite3")])
        rows = cursor.execute(
            "SELECT name, sql FROM demo.sqlite_master WHERE type = 'table'"
        ).fetchall()
        virtual = [name for name, sql in rows if sql and sql.upper().startswith("CREATE VIRTUAL")]
        self.tables = []
        for n, (name, _sql) in enumerate(rows):
            # FTS shadow tables are filled by SQLite itself when the virtual table is written.
            if (
                name.startswith("sqlite_")
                or name == "django_migrations"
                or any(name.startswith(v + "_") for v in virtual)
            ):
                continue
            columns = ", ".join(
                f'"{c[1]}"' for c in cursor.execute(f'PRAGMA demo.table_info("{name}")').fetchall()
            )
            rows_of = f'SELECT rowid, {columns} FROM {{}}."{name}"'  # noqa: S608
            cursor.execute(
                f'CREATE TABLE demo."_put_{n}" AS {rows_of.format("demo")} '
                f"EXCEPT {rows_of.format('base')}"
            )
            cursor.execute(
                f'CREATE TABLE demo."_gone_{n}" AS SELECT rowid AS gone FROM base."{name}" '  # noqa: S608
                f'EXCEPT SELECT rowid FROM demo."{name}"'
            )
            put, gone = (
                cursor.execute(f'SELECT count(*) FROM demo."_{kind}_{n}"').fetchone()[0]  # noqa: S608
                for kind in ("put", "gone")
            )
            if put or gone:
                self.tables.append((name, n, columns))
        self.connection = connection

    def restore(self):
        from django.db import transaction

        with transaction.atomic(), self.connection.cursor() as cursor:
            for name, n, columns in self.tables:
                cursor.execute(
                    f'DELETE FROM main."{name}" WHERE rowid IN (SELECT gone FROM demo."_gone_{n}")'  # noqa: S608
                )
                cursor.execute(
                    f'INSERT OR REPLACE INTO main."{name}" (rowid, {columns}) '  # noqa: S608
                    f'SELECT * FROM demo."_put_{n}"'
                )


class PostgresSnapshot:
    """The same row delta on PostgreSQL, held as JSON and replayed with json_populate_recordset.

    `load_demo` runs once inside a transaction that is rolled back. Sequences are not rolled
    back, so rows that tests make later get ids clear of the demo's.
    """

    def __init__(self, connection):
        from django.core.management import call_command
        from django.db import transaction
        from django.test import TestCase

        tables = [t for t in connection.introspection.table_names() if t != "django_migrations"]
        with connection.cursor() as cursor:
            self.pks = {
                t: connection.introspection.get_primary_key_columns(cursor, t)[0] for t in tables
            }
            before = {t: self._rows(cursor, t) for t in tables}
        with transaction.atomic():
            # Run what load_demo defers to a commit (the catalogue's search index update).
            with TestCase.captureOnCommitCallbacks(execute=True):
                call_command("load_demo", stdout=io.StringIO())
            with connection.cursor() as cursor:
                after = {t: self._rows(cursor, t) for t in tables}
                self.columns = {t: self._columns(cursor, t) for t in tables}
            transaction.set_rollback(True)
        self.tables = []
        for table in tables:
            put = [row for pk, row in after[table].items() if before[table].get(pk) != row]
            gone = [pk for pk in before[table] if pk not in after[table]]
            if put or gone:
                self.tables.append((table, put, gone))
        self.connection = connection

    def _rows(self, cursor, table) -> dict:
        cursor.execute(f'SELECT "{self.pks[table]}", row_to_json(t)::text FROM "{table}" t')  # noqa: S608
        return dict(cursor.fetchall())

    @staticmethod
    def _columns(cursor, table) -> str:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s"
            " AND table_schema = current_schema() AND is_generated = 'NEVER'"
            " ORDER BY ordinal_position",
            [table],
        )
        return ", ".join(f'"{name}"' for (name,) in cursor.fetchall())

    def restore(self):
        from django.db import transaction

        with transaction.atomic(), self.connection.cursor() as cursor:
            for table, put, gone in self.tables:
                pk = self.pks[table]
                if gone:
                    cursor.execute(f'DELETE FROM "{table}" WHERE "{pk}" = ANY(%s)', [gone])  # noqa: S608
                if put:
                    columns = self.columns[table]
                    cursor.execute(
                        f'DELETE FROM "{table}" WHERE "{pk}" IN (SELECT "{pk}" FROM '  # noqa: S608
                        f'json_populate_recordset(NULL::"{table}", %s::json))',
                        ["[" + ",".join(put) + "]"],
                    )
                    cursor.execute(
                        f'INSERT INTO "{table}" ({columns}) SELECT {columns} FROM '  # noqa: S608
                        f'json_populate_recordset(NULL::"{table}", %s::json)',
                        ["[" + ",".join(put) + "]"],
                    )


@pytest.fixture(scope="session")
def _demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo content as a replayable delta (SqliteSnapshot or PostgresSnapshot)."""
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "sqlite":
            return SqliteSnapshot(connection, tmp_path_factory.mktemp("demo"))
        return PostgresSnapshot(connection)


@pytest.fixture
def home_page(db):
    """A home page as the default Site's root, with nothing under it (tests/factories.py adds
    what a test needs: `sections("news")`, `NewsPageFactory()`, …)."""
    from tests.factories import site_root

    return site_root()


class Queries(NamedTuple):
    cold: list[str]  # the first reader's, with an empty cache and a new content generation
    warm: list[str]  # the next reader's
    html: str


@pytest.fixture
def cold_and_warm(client):
    """cold_and_warm(url, params=None) -> Queries: the SQL of one page, cold and warm.

    A budget checked only warm hides an N+1 behind the cache; the cold count is what the
    first reader after every publish pays. Compare both before and after adding items."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hub.cache import forget_cached

    def measure(url, params=None) -> Queries:
        client.get(url, params)  # rows Wagtail makes on the first read ever (site settings)
        cache.clear()
        forget_cached()
        measured = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as context:
                response = client.get(url, params)
            assert response.status_code == 200, f"{url}: HTTP {response.status_code}"
            measured.append([query["sql"] for query in context.captured_queries])
        return Queries(*measured, response.content.decode())

    return measure


@pytest.fixture
def user_factory(db):
    """Make a member with a verified e-mail address, as allauth would after sign-up."""
    from tests.factories import PASSWORD, UserFactory

    def make(email="member@example.org", password=PASSWORD, **fields):
        return UserFactory(email=email, password=password, **fields)

    return make
