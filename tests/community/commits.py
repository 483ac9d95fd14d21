"""Commits where production has them, inside a test's transaction.

Production runs without ATOMIC_REQUESTS: each service's own `transaction.atomic()` is the
outermost one, and what it schedules with `transaction.on_commit` (the outbox handing a mail to
the worker, which the tests' task backend runs at once) happens when that block ends, or at
once outside any block. A test runs inside its own transaction, so nothing would ever commit;
`django_capture_on_commit_callbacks` runs the callbacks only when its `with` ends, after a
command has already reported. `production_commits()` runs them where production would, so a
command that hands mails over and then reports what became of them reports what it would in
production.
"""

from contextlib import contextmanager
from unittest import mock

from django.db import connection, transaction
from django.db.transaction import Atomic


@contextmanager
def production_commits():
    test_depth = len(connection.atomic_blocks)  # the test's own blocks
    start = len(connection.run_on_commit)
    original_exit = Atomic.__exit__
    original_on_commit = transaction.on_commit

    def run_pending():
        # Callbacks may schedule more (a mail sent hands over the copies that wait for it).
        while len(connection.run_on_commit) > start:
            _sids, callback, robust = connection.run_on_commit.pop(start)
            _run(callback, robust)

    def exit_block(self, exc_type, exc_value, traceback):
        result = original_exit(self, exc_type, exc_value, traceback)
        if self.using in (None, connection.alias) and len(connection.atomic_blocks) == test_depth:
            run_pending()  # the code under test's outermost block ended: its commit
        return result

    def on_commit(func, using=None, robust=False):
        if len(connection.atomic_blocks) == test_depth:  # outside any block of its own
            _run(func, robust)
        else:
            original_on_commit(func, using=using, robust=robust)

    with (
        mock.patch.object(Atomic, "__exit__", exit_block),
        mock.patch.object(transaction, "on_commit", on_commit),
    ):
        yield


def _run(callback, robust):
    if not robust:
        callback()
        return
    try:
        callback()
    except Exception:  # as Django does for robust callbacks: logged, never raised
        import logging

        logging.getLogger("django.db.backends.base").exception(
            "Error calling %s in on_commit() (production_commits).", callback
        )
