"""Stopping and restarting a real SMTP server loses no mail and sends none twice (issue 17).

An aiosmtpd server on 127.0.0.1 stands in for the mail server. While it is stopped, a newsletter
sign-up and a contact message are accepted as usual and their mails wait in the outbox with the
error; once it runs again, `manage.py send_queued_mails` (cron's catch-up) delivers each of them
exactly once, and a second run delivers nothing.
"""

import email
import socket
from email import policy
from io import StringIO

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.utils import timezone

from community.models import ContactMessage, Person, Subscriber
from hub.outbox.models import OutgoingMail
from tests.community.commits import production_commits

pytestmark = pytest.mark.django_db


class Inbox:
    """aiosmtpd handler: keeps every message the server accepted."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


class MailServer:
    """A real SMTP server on a fixed free port, that can be stopped and started again."""

    def __init__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.inbox = Inbox()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def received(self) -> list[tuple[str, str]]:
        return sorted((str(m["To"]), str(m["Subject"])) for m in self.inbox.messages)


@pytest.fixture
def mail_server(settings):
    server = MailServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    server.start()
    with production_commits():
        yield server
    server.stop()


def send_queued_mails() -> str:
    """Cron's run once the retries are due (the outbox waits a minute before the first)."""
    OutgoingMail.objects.filter(state=OutgoingMail.State.QUEUED).update(
        next_attempt_at=timezone.now()
    )
    out = StringIO()
    call_command("send_queued_mails", stdout=out)
    return out.getvalue()


def test_mails_wait_while_the_server_is_stopped_and_go_once_when_it_is_back(client, mail_server):
    person = Person.objects.create(name="Quality officer", email="quality@example.org")
    # The server runs: a sign-up's mail goes at once.
    client.post("/newsletter/", {"email": "first@example.org", "consent": "on"})
    assert [to for to, _subject in mail_server.received()] == ["first@example.org"]

    mail_server.stop()
    signup = client.post("/newsletter/", {"email": "reader@example.org", "consent": "on"})
    assert signup.status_code == 302 and "Check your inbox" in client.get(signup["Location"]).text
    message = client.post(
        f"/contact/{person.pk}/",
        {"name": "Sam", "email": "sam@example.org", "message": "Your protocol, please?"},
    )
    assert message.status_code == 302 and "Thank you" in client.get(message["Location"]).text
    assert Subscriber.objects.filter(email="reader@example.org").exists()
    assert ContactMessage.objects.get().message == "Your protocol, please?"
    waiting = OutgoingMail.objects.filter(state=OutgoingMail.State.QUEUED)
    assert sorted(m.to[0] for m in waiting) == ["quality@example.org", "reader@example.org"]
    assert all("refused" in m.last_error.lower() for m in waiting), [m.last_error for m in waiting]
    assert len(mail_server.inbox.messages) == 1, "nothing reached a stopped server"

    mail_server.start()
    assert "2 sent" in send_queued_mails()
    received = mail_server.received()
    assert [to for to, _subject in received] == [
        "first@example.org",
        "quality@example.org",
        "reader@example.org",
    ]
    [to_person] = [m for m in mail_server.inbox.messages if m["To"] == "quality@example.org"]
    assert "Your protocol, please?" in to_person.get_content()
    assert str(to_person["Reply-To"]) == "sam@example.org"
    assert not OutgoingMail.objects.exclude(state=OutgoingMail.State.SENT).exists()

    assert "0 sent" in send_queued_mails()
    assert mail_server.received() == received, "a second run sends nothing twice"
