"""The real worker (`manage.py db_worker`, django-tasks-db) against a real SMTP server: a mail
queued while the server is down is retried by the worker itself once the server is back, and
arrives exactly once."""

import os
import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.core.mail import EmailMessage
from django.db import connection
from django.utils import timezone

from hub import outbox
from hub.outbox.models import OutgoingMail

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content.decode()))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_worker(port: int) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.outbox.worker_settings",
        "HUB_TEST_DB_NAME": connection.settings_dict["NAME"],
        "HUB_TEST_SMTP_PORT": str(port),
    }
    return subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_a_mail_queued_while_the_server_is_down_arrives_once_when_it_is_back(database_queue):
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()  # the worker below runs whatever is queued
    port = free_port()  # nothing listens yet: the mail server is down
    stored = outbox.queue(
        EmailMessage("Your seat", "See you on the day.", to=["ada@example.org"]), kind="test"
    )
    deliveries = DBTaskResult.objects.filter(task_path="hub.outbox.tasks.deliver_mail")
    assert deliveries.count() == 1  # handed to the queue, not sent by this process

    run_worker(port)
    stored.refresh_from_db()
    assert stored.state == OutgoingMail.State.QUEUED and stored.attempts == 1
    assert "refused" in stored.last_error.lower()
    # The worker queued its own retry for later.
    assert deliveries.filter(status="READY", run_after__gt=timezone.now()).count() == 1

    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        # An hour later: the retry is due.
        earlier = timezone.now() - timedelta(seconds=1)
        OutgoingMail.objects.update(next_attempt_at=earlier)
        DBTaskResult.objects.filter(status="READY").update(run_after=earlier)
        run_worker(port)
        run_worker(port)  # a second pass finds nothing to send
    finally:
        server.stop()

    assert len(inbox.messages) == 1
    recipients, content = inbox.messages[0]
    assert recipients == ["ada@example.org"] and "Subject: Your seat" in content
    stored.refresh_from_db()
    assert stored.state == OutgoingMail.State.SENT and stored.attempts == 2
