"""Done when (issue 20): with an SMTP server on 127.0.0.1 and N confirmed subscribers, an edition
reaches each exactly once, also when the worker is stopped half-way and restarted. The real
worker (`manage.py db_worker`, the database queue) is killed (SIGKILL, no clean-up) while it
waits for the server's answer to a mail; a new worker then finishes the sending."""

import os
import signal
import subprocess
import sys
import threading

import pytest
from aiosmtpd.controller import Controller
from django.db import connection

from community.editions import sending
from community.editions.models import Delivery
from hub.outbox.models import OutgoingMail
from tests.outbox.test_worker import ROOT, free_port

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SUBSCRIBERS = 8
KILL_AT = 3  # the worker dies while the third mail is being accepted


class KillingInbox:
    """Accepts mails; at the KILL_AT-th it kills the worker before the worker hears "250"."""

    def __init__(self):
        self.messages, self.worker, self.killed = [], None, threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(tuple(envelope.rcpt_tos))
        if len(self.messages) == KILL_AT and self.worker is not None:
            os.kill(self.worker.pid, signal.SIGKILL)
            self.killed.set()
        return "250 OK"


def worker_command(port: int, *options: str):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.outbox.worker_settings",
        "HUB_TEST_DB_NAME": connection.settings_dict["NAME"],
        "HUB_TEST_SMTP_PORT": str(port),
        "NEWSLETTER_BATCH_SIZE": "3",
        "NEWSLETTER_BATCH_PAUSE_SECONDS": "0",
    }
    command = [sys.executable, "manage.py", "db_worker", "--no-startup-delay", *options]
    return {"args": command, "cwd": ROOT, "env": env}


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.NEWSLETTER_BATCH_SIZE = 3
    settings.NEWSLETTER_BATCH_PAUSE_SECONDS = 0


def test_an_edition_reaches_each_subscriber_once_across_a_worker_restart(
    database_queue, make_edition, subscribe
):
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()  # the workers below run whatever is queued
    emails = sorted(f"reader{n}@example.org" for n in range(SUBSCRIBERS))
    for email in emails:
        subscribe(email)
    edition = make_edition()
    assert sending.start(edition) == SUBSCRIBERS  # queued for the worker, nothing sent here
    assert not OutgoingMail.objects.exists()

    port = free_port()
    inbox = KillingInbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        options = worker_command(port, "--interval", "0.2")
        inbox.worker = subprocess.Popen(
            **options, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            assert inbox.killed.wait(timeout=90), "the worker never reached the third mail"
            assert inbox.worker.wait(timeout=30) == -signal.SIGKILL
        finally:
            if inbox.worker.poll() is None:
                inbox.worker.kill()
        assert len(inbox.messages) == KILL_AT  # half-way: the others are still waiting
        assert (
            Delivery.objects.count() < SUBSCRIBERS
            or OutgoingMail.objects.filter(state=OutgoingMail.State.QUEUED).exists()
        )

        inbox.worker = None  # the new worker is left alone
        for _ in range(2):  # a second pass finds nothing more to send
            subprocess.run(
                **worker_command(port, "--batch"), capture_output=True, timeout=120, check=True
            )
    finally:
        server.stop()

    assert sorted(to for (to,) in inbox.messages) == emails  # each exactly once
    assert Delivery.objects.filter(edition=edition).count() == SUBSCRIBERS
    # The mail the killed worker was sending stays marked as being sent: never sent twice.
    assert OutgoingMail.objects.filter(state=OutgoingMail.State.SENT).count() == SUBSCRIBERS - 1
