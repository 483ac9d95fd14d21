"""pytest plugin of the scale-out leg (`.ci/scaleout`, settings hub.settings.test_scaleout).

Loaded with `-p tests.scaleout_plugin`; it does nothing under other settings.

- **The database task queue, run by its real worker.** Tasks (search-index updates, reference
  index, mails) are rows in the database that only `manage.py db_worker` runs. Before and after
  every request of Django's test client, the pending ones are run by django-tasks-db's own
  `Worker` in batch mode (claim, run, record the result: the code `db_worker` runs), so a page
  shows what it shows on a machine whose worker has caught up, and a request that queues work
  gets it done before the test reads the outcome; likewise after the on-commit callbacks a
  test runs (mails are queued when their transaction commits). A task that fails fails the
  test.
- **The search backend under test is Wagtail's database backend** (PostgreSQL full text): the
  `search_backend` fixture (hub/search/testing.py), which elsewhere gives a throw-away whoosh
  index, gives it here. This module replaces that fixture in `hub.search.testing` as pytest
  loads it, before any conftest imports it.
"""

import io
import logging
from contextlib import contextmanager

import pytest
from django.db import DEFAULT_DB_ALIAS

import hub.search.testing

DEFAULT_TASK_QUEUE_NAME = "default"  # `manage.py db_worker` without --queue-name
WORKER_ID = "pytest-scaleout"
RAN = {"tasks": 0}
SETTINGS_MODULE = "hub.settings.test_scaleout"


def _scaled_out() -> bool:
    from django.conf import settings

    return settings.SETTINGS_MODULE == SETTINGS_MODULE


def run_queued_tasks() -> int:
    """Run every task that is ready, with the worker `manage.py db_worker` runs; how many ran."""
    from django.db import connection
    from django_tasks_db.management.commands import db_worker

    # `db_worker` logs each start and stop at INFO (its command sets the level; not called here).
    logging.getLogger("django_tasks_db").setLevel(logging.WARNING)

    worker = db_worker.Worker(
        queue_names=[DEFAULT_TASK_QUEUE_NAME],  # as docs/systemd/hub-worker.service
        interval=0,
        batch=True,  # until none is ready, then return
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=WORKER_ID,
        excluded_queue_names=[],
    )
    # The worker calls close_old_connections() between tasks, as a long-running process must;
    # inside a test's transaction that would close the connection and lose the test's rows.
    real_close = db_worker.close_old_connections
    db_worker.close_old_connections = lambda: None
    # The worker is another process in production: its queries are not the request's, which
    # tests count (CaptureQueriesContext reads connection.queries_log).
    logged = len(connection.queries_log)
    try:
        worker.run()
    finally:
        db_worker.close_old_connections = real_close
        while len(connection.queries_log) > logged:
            connection.queries_log.pop()
    RAN["tasks"] += worker._run_tasks
    return worker._run_tasks


# Wagtail queues an index update at every save; when the object is deleted before the worker
# runs it, the update fails (DoesNotExist) while the deletion itself took the object out of
# both indexes (modelsearch and Wagtail remove it at once, not through a task). Harmless.
INDEX_TASKS = {
    "modelsearch.tasks.insert_or_update_object_task",
    "wagtail.tasks.update_reference_index_task",
}


def _failed_tasks() -> list[str]:
    from django_tasks_db.models import DBTaskResult

    return [
        f"{task.task_path}: {task.traceback}"
        for task in DBTaskResult.objects.failed().filter(worker_ids__contains=[WORKER_ID])
        if not (
            task.task_path in INDEX_TASKS and task.exception_class_path.endswith(".DoesNotExist")
        )
    ]


def work() -> None:
    """Run the queued tasks; fail if one failed."""
    if run_queued_tasks():
        failed = _failed_tasks()
        assert not failed, "tasks failed in the worker:\n" + "\n".join(failed)


@pytest.fixture(autouse=True)
def _worker_around_requests(monkeypatch):
    if not _scaled_out():
        yield
        return
    from django.core.cache import cache
    from django.test import TestCase
    from django.test.client import Client

    real_request = Client.request

    def request_with_worker(self, **environ):
        work()  # what the test's own saves queued
        response = real_request(self, **environ)
        work()  # what the request queued
        return response

    # Mails are queued when the transaction commits: in a test, when the callbacks captured by
    # `django_capture_on_commit_callbacks(execute=True)` run, at the end of its block.
    real_capture = TestCase.captureOnCommitCallbacks

    @contextmanager
    def capture_then_work(cls, *, using=DEFAULT_DB_ALIAS, execute=False):
        with real_capture(using=using, execute=execute) as callbacks:
            yield callbacks
        if execute:
            work()

    monkeypatch.setattr(Client, "request", request_with_worker)
    monkeypatch.setattr(TestCase, "captureOnCommitCallbacks", classmethod(capture_then_work))
    yield
    # The resilient cache would quietly serve from memory: this leg is about the real Redis.
    assert cache._down_since is None, "Redis was unreachable: the scale-out tests need it"


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef, request):
    """A module's or session's fixture that saved content (the demo, say) leaves its tasks
    queued in its own transaction: run them there, once, as a worker would have, rather than
    in every test (whose rollback would undo the work each time)."""
    result = yield
    if fixturedef.scope in ("module", "session") and _scaled_out() and _database_reachable():
        work()
    return result


def _database_reachable() -> bool:
    from django.db import connection

    try:
        connection.ensure_connection()
    except RuntimeError:  # pytest-django: database access not allowed here
        return False
    return connection.in_atomic_block  # inside the fixture's own transaction


@pytest.fixture
def search_backend(settings, db):
    """Wagtail's database backend as `default`, built by `update_index`; later saves reach it
    through the task queue (see above)."""
    from django.core.management import call_command
    from modelsearch.backends import get_search_backend

    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
    call_command("update_index", stdout=io.StringIO())
    return get_search_backend("default")


def pytest_terminal_summary(terminalreporter, exitstatus):
    if _scaled_out_by_option(terminalreporter.config):
        ran = RAN["tasks"]
        terminalreporter.write_line(
            f"scale-out: the database worker ran {ran} tasks"
            + ("" if ran else " (none: the queue was not exercised, the run fails)")
        )


def pytest_sessionfinish(session, exitstatus):
    # Tests passed but no task ever went through the queue: the leg tested nothing of it.
    if _scaled_out_by_option(session.config) and exitstatus == 0 and not RAN["tasks"]:
        session.exitstatus = 1


def _scaled_out_by_option(config) -> bool:
    import os

    options = getattr(config, "known_args_namespace", config.option)
    settings_module = getattr(options, "ds", None) or os.environ.get("DJANGO_SETTINGS_MODULE")
    return settings_module == SETTINGS_MODULE


def pytest_load_initial_conftests(early_config):
    """Before any conftest imports the `search_backend` fixture (pytest-django reads the
    settings module the same way: --ds, then the environment)."""
    if _scaled_out_by_option(early_config):
        hub.search.testing.search_backend = search_backend
