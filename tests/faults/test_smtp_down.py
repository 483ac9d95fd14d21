"""The mail server is down, for event registrations: what a visitor sent is stored and the
page says the e-mail is being sent (never "we have sent you an e-mail"); the mail waits in the
outbox with the error and is retried; after the last attempt the organiser sees "mail failed"
and sends it again. Every other kind of mail: tests/faults/test_smtp_down_mails.py.

Mails go out after the transaction commits. In production (no ATOMIC_REQUESTS) that is before
the view answers; here each test runs inside a transaction, so `on_commit` is made to run at
once, as it does in production.
"""

import logging
import re
from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client

pytestmark = pytest.mark.django_db

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD = "Cryo-Vial-Freezer-42!"
# What a page must not claim while the mail server is down.
FALSE_CLAIMS = [
    "We have sent",
    "we have sent",
    "is on its way",
    "on its way to you",
    "Confirmation email sent",
    "Confirmation e-mail sent",
    "We have forwarded",
]


class RefusingBackend(BaseEmailBackend):
    """No SMTP server listening (what Django's SMTP backend raises on connect)."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


class DisconnectingBackend(BaseEmailBackend):
    """The SMTP server hangs up in the middle of the conversation."""

    def send_messages(self, email_messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture(params=[RefusingBackend, DisconnectingBackend], ids=["refused", "disconnected"])
def smtp_down(request, settings, monkeypatch, caplog):
    """Every send fails; `on_commit` runs at once (as outside a test's transaction)."""
    cache.clear()  # allauth's rate limits and cooldowns live in the cache
    settings.EMAIL_BACKEND = f"{__name__}.{request.param.__name__}"
    monkeypatch.setattr("django.db.transaction.on_commit", lambda func, *a, **kw: func())
    caplog.set_level(logging.WARNING)
    yield request.param
    cache.clear()


def smtp_back(settings):
    settings.EMAIL_BACKEND = LOCMEM
    mail.outbox.clear()


def main(response) -> str:
    html = response.content.decode()
    assert "<main" in html, html[:500]
    return html[html.index("<main") : html.index("</main>")]


def assert_told_honestly(html: str):
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "We are sending" in text, text[:2000]
    for claim in FALSE_CLAIMS:
        assert claim not in text, f"the page claims {claim!r} while the mail waits: {text[:2000]}"


# --- An event registration: the organiser resends from the admin ---------------------------


def test_event_registration_is_kept_and_the_organiser_resends(
    client, site_tree, smtp_down, caplog, settings, user_factory
):
    from events.models import EventPage, Registration

    event = EventPage.objects.get(slug="webinar-access-requests")  # open, seats left
    response = client.post(
        event.url + "register/",
        {
            "name": "Ada Lovelace",
            "email": "ada@example.org",
            "organisation": "Lab",
            "consent": "on",
        },
        follow=True,
    )
    assert response.status_code == 200
    registration = Registration.objects.get(event=event, email="ada@example.org")
    # The event asks for the address to be confirmed first: no seat is held until then.
    assert registration.is_pending
    html = main(response)
    assert "You are registered" not in html
    assert_told_honestly(html)
    # The mail waits in the outbox with the server's error, to be retried by the worker.
    from hub.outbox.models import OutgoingMail

    [waiting] = OutgoingMail.objects.all()
    assert waiting.state == OutgoingMail.State.QUEUED and waiting.to == ["ada@example.org"]
    assert waiting.last_error

    # The last attempt fails too: the organiser sees it.
    settings.OUTBOX_RETRY_DELAYS = ()
    OutgoingMail.objects.update(next_attempt_at=waiting.created_at)
    from hub.outbox import delivery

    assert delivery.deliver(waiting.pk) == "failed"
    organiser = Client()
    organiser.force_login(user_factory("organiser@example.org", is_superuser=True, is_staff=True))
    listing = organiser.get(f"/admin/events/{event.pk}/").content.decode()
    assert "mail failed" in listing and "ada@example.org" in listing
    resend = f"/admin/events/{event.pk}/registrations/{registration.pk}/resend/"
    seen = re.search(
        r'name="seen" value="([^"]*)"', listing[listing.index(f"/{registration.pk}/resend/") :]
    ).group(1)

    smtp_back(settings)
    page = organiser.post(resend, {"seen": seen}, follow=True).content.decode()
    assert "is on its way again" in page
    [message] = mail.outbox
    assert message.to == ["ada@example.org"] and event.title in message.subject + message.body
    from events import tokens

    # The link that confirms the address: this registration's own page (read through its token:
    # the signature carries the second it was made, so it is not compared as text).
    [link] = re.findall(r"https?://\S+(/events/\S+/registration/\S+/\S+/\S+/)", message.body)
    token = "/".join(link.rstrip("/").rsplit("/", 3)[1:])
    assert link.startswith(event.url) and tokens.read_token(token)[0] == registration.pk
    assert Registration.objects.get(pk=registration.pk).mail_failed_at is None
    assert "mail failed" not in organiser.get(f"/admin/events/{event.pk}/").content.decode()
