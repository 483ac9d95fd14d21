"""The mail server is down: what a visitor sent is stored, the failure is logged, the page says
the e-mail could not be sent (never "we have sent you an e-mail"), and the mail can be sent
again: by the organiser (event registrations), by signing in again (sign-up), or by
`manage.py resend_failed_mails` (contact messages). With the mail server back, it arrives.

Mails go out after the transaction commits. In production (no ATOMIC_REQUESTS) that is before
the view answers; here each test runs inside a transaction, so `on_commit` is made to run at
once, as it does in production.
"""

import logging
import re
from io import StringIO
from smtplib import SMTPServerDisconnected

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
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
    assert re.search(r"could not (be )?sen[dt]", text), text[:2000]
    for claim in FALSE_CLAIMS:
        assert claim not in text, f"the page claims {claim!r} while the mail failed: {text[:2000]}"


def assert_failure_logged(caplog, *fragments):
    failures = [r for r in caplog.records if r.levelno >= logging.ERROR and r.exc_info]
    assert failures, "the failed send was not logged with its exception"
    logged = " ".join(r.getMessage() for r in failures)
    assert re.search(r"could not send", logged, re.IGNORECASE), logged
    for fragment in fragments:
        assert fragment in logged, logged


def resend_command() -> str:
    out = StringIO()
    call_command("resend_failed_mails", stdout=out, stderr=out)
    return out.getvalue()


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
    assert registration.is_pending and registration.mail_failed_at is not None
    html = main(response)
    assert "You are registered" not in html and "could not send" in html
    assert_told_honestly(html)
    assert_failure_logged(caplog)

    organiser = Client()
    organiser.force_login(user_factory("organiser@example.org", is_superuser=True, is_staff=True))
    listing = organiser.get(f"/admin/events/{event.pk}/").content.decode()
    assert "mail failed" in listing and "ada@example.org" in listing
    resend = f"/admin/events/{event.pk}/registrations/{registration.pk}/resend/"

    # Still down: the organiser is told, the mark stays.
    page = organiser.post(resend, follow=True).content.decode()
    assert "could not be sent" in page
    assert Registration.objects.get(pk=registration.pk).mail_failed_at is not None

    smtp_back(settings)
    page = organiser.post(resend, follow=True).content.decode()
    assert "has been sent again" in page
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


# --- A sign-up (allauth): signing in again sends the verification mail ----------------------


def test_sign_up_is_kept_and_signing_in_again_resends_the_verification(smtp_down, caplog, settings):
    client = Client(raise_request_exception=False)
    response = client.post(
        "/accounts/signup/",
        {"email": "new.member@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302, "a mail server down is no server error"
    user = get_user_model().objects.get(email__iexact="new.member@example.org")
    address = EmailAddress.objects.get(user=user)
    assert not address.verified
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = main(page)
    assert_told_honestly(html)
    assert "sign in" in html.lower()  # what to do to get the mail
    assert_failure_logged(caplog, "account/email/email_confirmation_signup")

    smtp_back(settings)
    client.logout()
    response = client.post(
        "/accounts/login/", {"login": "new.member@example.org", "password": PASSWORD}
    )
    assert response["Location"] == "/accounts/confirm-email/"
    [message] = mail.outbox
    assert message.to == ["new.member@example.org"]
    link = re.search(r"http://testserver(/accounts/confirm-email/[^/\s]+/)", message.body)
    assert link, message.body
    html = main(client.get(response["Location"]))
    assert "could not" not in html  # this time it was sent, and the page says so
    client.post(link.group(1))
    assert EmailAddress.objects.get(user=user).verified


def test_password_reset_says_the_mail_could_not_be_sent(smtp_down, caplog, settings, user_factory):
    user_factory("member@example.org")
    client = Client(raise_request_exception=False)
    response = client.post("/accounts/password/reset/", {"email": "member@example.org"})
    assert response.status_code == 302
    assert_told_honestly(main(client.get(response["Location"])))
    assert_failure_logged(caplog, "account/email/password_reset_key")

    smtp_back(settings)  # asking again works, and the page says the mail went
    response = client.post("/accounts/password/reset/", {"email": "member@example.org"})
    assert "We have sent you an email" in main(client.get(response["Location"]))
    [message] = mail.outbox
    assert message.to == ["member@example.org"] and "/accounts/password/reset/key/" in message.body


# --- Contact messages: stored, then `manage.py resend_failed_mails` -------------------------


def test_message_to_a_contact_person_is_kept_and_resent(
    client, site_tree, smtp_down, caplog, settings, user_factory
):
    from community.models import ContactMessage, Person

    person = Person.objects.get(name="Quality officer")
    response = client.post(
        f"/contact/{person.pk}/",
        {
            "name": "Sam Sender",
            "email": "sam@example.org",
            "message": "Could your biobank share its pre-analytical protocol?",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert_told_honestly(main(response))
    stored = ContactMessage.objects.get()
    assert (stored.target, stored.email) == (person, "sam@example.org")
    assert "pre-analytical protocol" in stored.message
    assert stored.mail_failed_at is not None
    assert_failure_logged(caplog)

    assert "1 could not be sent" in resend_command()  # still down: kept for the next run
    assert ContactMessage.objects.get().mail_failed_at is not None
    staff = Client()
    staff.force_login(user_factory("staff@example.org", is_superuser=True, is_staff=True))
    listing = staff.get("/admin/contact_messages/").content.decode()
    assert "sam@example.org" in listing  # staff see what is waiting

    smtp_back(settings)
    assert "1 sent" in resend_command()
    [message] = mail.outbox
    assert message.to == [person.email] and message.reply_to == ["sam@example.org"]
    assert "pre-analytical protocol" in message.body
    assert ContactMessage.objects.get().mail_failed_at is None
    resend_command()
    assert len(mail.outbox) == 1, "a message that went is not sent twice"


def test_biobank_contact_request_is_kept_and_resent(client, site_tree, smtp_down, caplog, settings):
    from community.models import Biobank, ContactMessage

    biobank = Biobank.objects.get(slug="uza")
    response = client.post(
        "/biobanks/uza/contact/",
        {
            "name": "Ada Researcher",
            "email": "ada@example.org",
            "organisation": "Lab",
            "message": "Do you have serum of colon cancer patients?",
            "consent": "on",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert_told_honestly(main(response))
    stored = ContactMessage.objects.get()
    assert (stored.target, stored.email, stored.sent_to) == (
        biobank,
        "ada@example.org",
        biobank.contact_email,
    )
    assert stored.mail_failed_at is not None
    assert_failure_logged(caplog)

    smtp_back(settings)
    assert "1 sent" in resend_command()
    to_biobank, copy = mail.outbox
    assert to_biobank.to == [biobank.contact_email]
    assert to_biobank.reply_to == ["ada@example.org"]
    assert "colon cancer" in to_biobank.body
    assert copy.to == ["ada@example.org"] and biobank.contact_email not in copy.body
    assert ContactMessage.objects.get().mail_failed_at is None
    resend_command()
    assert len(mail.outbox) == 2


def test_partnership_contact_is_kept_and_resent(
    client, site_tree, smtp_down, caplog, settings, user_factory
):
    from community.models import ContactMessage
    from funding.models import PartnershipListing

    listing = PartnershipListing.objects.public().order_by("pk").first()
    client.force_login(user_factory("researcher@example.org"))
    response = client.post(
        f"/partnerships/{listing.pk}/contact/",
        {
            "name": "Researcher",
            "email": "researcher@example.org",
            "message": "We would like 200 serum aliquots.",
            "website": "",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert_told_honestly(main(response))
    stored = ContactMessage.objects.get()
    assert stored.target == listing and stored.message == "We would like 200 serum aliquots."
    assert stored.mail_failed_at is not None
    assert_failure_logged(caplog)

    smtp_back(settings)
    assert "1 sent" in resend_command()
    to_partner, copy = mail.outbox
    assert to_partner.to == [listing.contact_email]
    assert to_partner.reply_to == ["researcher@example.org"]
    assert copy.to == ["researcher@example.org"] and listing.contact_email not in copy.body
    assert ContactMessage.objects.get().mail_failed_at is None
    resend_command()
    assert len(mail.outbox) == 2


# --- Two resend runs at once (cron overlapping a manual run) -------------------------------


class SlowBackend(BaseEmailBackend):
    """A slow mail server: each send waits until the test lets it go."""

    entered = None  # threading.Event set when a send starts
    release = None  # threading.Event the send waits for

    def send_messages(self, email_messages):
        type(self).entered.set()
        assert type(self).release.wait(10), "the test never let the send go"
        mail.outbox.extend(email_messages)
        return len(email_messages)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_resend_runs_at_once_send_each_message_once(settings):
    import threading

    from django.db import connection
    from django.utils import timezone

    from community.models import ContactMessage, Person
    from community.services.mail import organisation_name

    organisation_name()  # the site settings row exists, as on any running site
    person = Person.objects.create(name="Quality officer", email="quality@example.org")
    for n in range(2):
        ContactMessage.objects.create(
            target=person,
            name=f"Sender {n}",
            email=f"s{n}@example.org",
            message=f"Message {n}",
            sent_to=person.email,
            mail_failed_at=timezone.now(),
        )
    SlowBackend.entered, SlowBackend.release = threading.Event(), threading.Event()
    settings.EMAIL_BACKEND = f"{__name__}.SlowBackend"
    mail.outbox = []
    outputs = []

    def first_run():
        try:
            outputs.append(resend_command())
        finally:
            connection.close()

    runner = threading.Thread(target=first_run)
    runner.start()
    try:
        assert SlowBackend.entered.wait(10), "the first run never reached the mail server"
        # The first run is mailing message 0: a second run must skip it, send message 1 only.
        SlowBackend.entered.clear()
        second = threading.Thread(
            target=lambda: (outputs.append(resend_command()), connection.close())
        )
        second.start()
        assert SlowBackend.entered.wait(10), "the second run never reached the mail server"
    finally:
        SlowBackend.release.set()
        runner.join(20)
    second.join(20)
    assert sorted(m.reply_to[0] for m in mail.outbox) == ["s0@example.org", "s1@example.org"]
    assert not ContactMessage.objects.mail_failed().exists()
    assert sum(int(re.search(r"(\d+) sent", out)[1]) for out in outputs) == 2, outputs
