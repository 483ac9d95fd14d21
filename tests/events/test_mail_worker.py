"""Event mails go through the outbox and the background worker (issue 17): no request waits on
the mail server, and what the worker sends arrives, calendar file included."""

import email
import socket
import threading
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.test import Client

from events.models import Registration
from events.permissions import grant_organiser_permissions
from hub.outbox.models import OutgoingMail

SMTP = "django.core.mail.backends.smtp.EmailBackend"


def form_data(**overrides):
    return {
        "name": "Ada Lovelace",
        "email": "ada@example.org",
        "organisation": "Lab",
        "consent": "on",
        **overrides,
    }


class HangingServer:
    """A mail server that accepts connections and never says a word (not even its greeting):
    anything that talked to it would wait for EMAIL_TIMEOUT. Counts the connections."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.socket.settimeout(0.1)
        self.port = self.socket.getsockname()[1]
        self.accepted = []
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while self.running:
            try:
                connection, _address = self.socket.accept()
            except (TimeoutError, OSError):
                continue
            self.accepted.append(connection)  # kept open, never answered

    def connections(self) -> int:
        """How many connections were made, including any not accepted yet (the backlog)."""
        self.running = False
        self.thread.join()
        self.socket.setblocking(False)
        while True:
            try:
                self.accepted.append(self.socket.accept()[0])
            except BlockingIOError:
                break
        return len(self.accepted)

    def close(self):
        self.running = False
        for connection in self.accepted:
            connection.close()
        self.socket.close()


@pytest.fixture
def hanging_smtp(settings):
    """The production setup with a mail server that hangs: the database task queue (nothing
    runs in the request), SMTP to a server that accepts and never answers."""
    server = HangingServer()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_TIMEOUT = 30
    yield server
    server.close()


def run_worker() -> None:
    """What `manage.py db_worker` does, once, in this process: run every task that is ready."""
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-events",
        excluded_queue_names=[],
    )
    worker.run()


# Real commits (no test transaction around the request), as in production.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_registration_waits_on_a_hanging_mail_server(make_event, hanging_smtp, settings):
    from django_tasks_db.models import DBTaskResult

    event = make_event("Hanging mail day", capacity=1)
    client = Client()
    response = client.post(event.url + "register/", form_data())
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "You are registered. We are sending a confirmation to ada@example.org." in page
    waiting = client.post(event.url + "register/", form_data(email="bo@example.org"), follow=True)
    assert "number 1 on the waiting list" in waiting.content.decode()

    # Both answered without ever talking to the mail server.
    assert hanging_smtp.connections() == 0
    assert Registration.objects.filter(event=event).count() == 2
    stored = OutgoingMail.objects.order_by("pk")
    assert [(m.kind, m.to, m.state, m.attempts) for m in stored] == [
        ("events.confirmed", ["ada@example.org"], OutgoingMail.State.QUEUED, 0),
        ("events.waitlisted", ["bo@example.org"], OutgoingMail.State.QUEUED, 0),
    ]
    # Handed to the worker's queue: the worker, once the mail server works, sends them.
    deliveries = DBTaskResult.objects.filter(task_path="hub.outbox.tasks.deliver_mail")
    assert [task.status for task in deliveries] == ["READY", "READY"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@example.org", "bo@example.org"]
    assert set(OutgoingMail.objects.values_list("state", flat=True)) == {OutgoingMail.State.SENT}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_organiser_message_waits_on_a_hanging_mail_server(
    make_event, events_index, register, organiser, hanging_smtp
):
    grant_organiser_permissions(events_index)
    event = make_event("Many people")
    for number in range(5):
        register(event, name=f"Person {number}", email=f"p{number}@example.org")
    client = Client()
    client.force_login(organiser())
    response = client.post(
        f"/admin/events/{event.pk}/message/",
        {
            "audience": "confirmed",
            "subject": "Parking",
            "body": "Use the north entrance.",
            "token": "from-the-preview",
            "action": "send",
        },
        follow=True,
    )
    assert "Your message is being sent to 5 people." in response.content.decode()
    assert hanging_smtp.connections() == 0
    messages = OutgoingMail.objects.filter(kind="events.organiser_message")
    assert sorted(m.to[0] for m in messages) == [f"p{n}@example.org" for n in range(5)]
    assert {m.state for m in messages} == {OutgoingMail.State.QUEUED}


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    port = free_port()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    settings.EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 10
    yield inbox
    server.stop()


def test_the_confirmation_arrives_through_the_outbox_with_its_calendar_file(
    make_event, smtp_server, committed
):
    event = make_event("Quality webinar")
    with committed():
        response = Client().post(event.url + "register/", form_data())
    assert response.status_code == 302

    [(recipients, content)] = smtp_server.messages
    assert recipients == ["ada@example.org"]
    received = email.message_from_bytes(content, policy=policy.default)
    assert received["Subject"] == "Registration confirmed: Quality webinar"
    assert received["Reply-To"] == "events@example.org"
    body = received.get_body(preferencelist=("plain",)).get_content()
    assert "Ada Lovelace" in body and "http://testserver/events/quality-webinar/" in body
    # The calendar file, and the check-in code (a small PNG: the mail is plain text).
    calendar, code = list(received.iter_attachments())
    assert code.get_filename() == "check-in-code.png" and code.get_content_type() == "image/png"
    assert code.get_content().startswith(b"\x89PNG") and len(code.get_content()) < 4000
    assert calendar.get_filename() == "quality-webinar.ics"
    assert calendar.get_content_type() == "text/calendar"
    ics = calendar.get_content()
    assert "BEGIN:VEVENT" in ics and "SUMMARY:Quality webinar" in ics

    registration = Registration.objects.get()
    assert registration.mail_failed_at is None
    assert OutgoingMail.objects.get().state == OutgoingMail.State.SENT
