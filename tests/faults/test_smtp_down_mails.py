"""The mail server is down: what a visitor sent is stored, the page answers at once and claims
nothing it cannot know, and the mail waits in the outbox with the error, for staff to see.
When the server is back, the outbox sends it (a retry, `manage.py send_queued_mails`), or,
after it failed for good, `manage.py resend_failed_mails` does: exactly once, and a second
run sends nothing.

Commits happen where production has them (tests/community/commits.py); the tests' task backend
runs the outbox's delivery at once.
"""

import re
from io import StringIO
from smtplib import SMTPServerDisconnected

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from hub.outbox.models import OutgoingMail
from tests.community.commits import production_commits

pytestmark = pytest.mark.django_db

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD = "Cryo-Vial-Freezer-42!"
# What a page cannot know when it answers: the mail goes later, from the outbox.
FALSE_CLAIMS = ["We have sent", "is on its way", "We have forwarded", "could not be sent"]


class RefusingBackend(BaseEmailBackend):
    """No SMTP server listening (what Django's SMTP backend raises on connect)."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


class DisconnectingBackend(BaseEmailBackend):
    """The SMTP server hangs up in the middle of the conversation."""

    def send_messages(self, email_messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


ERRORS = {RefusingBackend: "Connection refused", DisconnectingBackend: "unexpectedly closed"}


@pytest.fixture(params=[RefusingBackend, DisconnectingBackend], ids=["refused", "disconnected"])
def smtp_down(request, settings):
    """Every send fails with this error; commits as in production."""
    cache.clear()  # allauth's rate limits and cooldowns live in the cache
    settings.EMAIL_BACKEND = f"{__name__}.{request.param.__name__}"
    with production_commits():
        yield ERRORS[request.param]
    cache.clear()


@pytest.fixture
def fails_for_good(settings):
    """No retries: the first failure is final (the outbox's ~10 hours of retries, at once)."""
    settings.OUTBOX_RETRY_DELAYS = ()


def smtp_back(settings):
    settings.EMAIL_BACKEND = LOCMEM
    mail.outbox.clear()


def main(response) -> str:
    html = response.content.decode()
    assert "<main" in html, html[:500]
    return html[html.index("<main") : html.index("</main>")]


def assert_claims_nothing(html: str):
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    for claim in FALSE_CLAIMS:
        assert claim not in text, f"the page claims {claim!r}: {text[:2000]}"


def waiting_mail(kind: str, error: str) -> OutgoingMail:
    """The one mail of `kind`, waiting for its next attempt with the server's error."""
    [waiting] = OutgoingMail.objects.filter(kind=kind)
    assert waiting.state == OutgoingMail.State.QUEUED and error in waiting.last_error
    return waiting


def send_queued() -> str:
    """The cron run of `manage.py send_queued_mails`, once the retry is due."""
    OutgoingMail.objects.filter(state=OutgoingMail.State.QUEUED).update(
        next_attempt_at=timezone.now()
    )
    out = StringIO()
    call_command("send_queued_mails", stdout=out)
    return out.getvalue()


def resend() -> tuple[str, bool]:
    """`manage.py resend_failed_mails`: its output and whether it exited 0."""
    out = StringIO()
    try:
        call_command("resend_failed_mails", stdout=out)
    except CommandError as error:
        return f"{out.getvalue()}{error}", False
    return out.getvalue(), True


# --- Accounts (allauth): the mail waits, and arrives when the server is back ----------------


def test_sign_up_is_kept_and_the_verification_arrives_when_the_server_is_back(smtp_down, settings):
    client = Client(raise_request_exception=False)
    response = client.post(
        "/accounts/signup/",
        {
            "first_name": "New",
            "last_name": "Member",
            "email": "new.member@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302, "a mail server down is no server error"
    user = get_user_model().objects.get(email__iexact="new.member@example.org")
    assert not EmailAddress.objects.get(user=user).verified
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert_claims_nothing(main(page))
    waiting_mail("account.email_confirmation_signup", smtp_down)
    assert mail.outbox == []

    smtp_back(settings)
    send_queued()
    [message] = mail.outbox
    assert message.to == ["new.member@example.org"]
    link = re.search(r"http://testserver(/accounts/confirm-email/[^/\s]+/)", message.body)
    assert link, message.body
    client.post(link.group(1))
    assert EmailAddress.objects.get(user=user).verified
    send_queued()
    assert len(mail.outbox) == 1, "sent once"


def test_password_reset_mail_waits_and_arrives(smtp_down, settings, user_factory):
    user_factory("member@example.org")
    client = Client(raise_request_exception=False)
    response = client.post("/accounts/password/reset/", {"email": "member@example.org"})
    assert response.status_code == 302
    assert_claims_nothing(main(client.get(response["Location"])))
    waiting_mail("account.password_reset_key", smtp_down)

    smtp_back(settings)
    send_queued()
    [message] = mail.outbox
    assert message.to == ["member@example.org"] and "/accounts/password/reset/key/" in message.body


# --- The newsletter -------------------------------------------------------------------------


def test_newsletter_sign_up_is_kept_and_the_confirmation_arrives(smtp_down, settings, client):
    from community.models import Subscriber

    response = client.post(
        "/newsletter/", {"email": "reader@example.org", "consent": "on"}, follow=True
    )
    assert response.status_code == 200 and "Check your inbox" in main(response)
    assert_claims_nothing(main(response))
    assert Subscriber.objects.filter(email="reader@example.org", confirmed_at=None).exists()
    waiting_mail("newsletter.confirm", smtp_down)

    smtp_back(settings)
    send_queued()
    [message] = mail.outbox
    link = re.search(r"http://testserver(/newsletter/confirm/[^/\s]+/)", message.body)
    client.get(link.group(1))
    assert Subscriber.objects.get().confirmed_at is not None


# --- Contact messages: failed for good, then `manage.py resend_failed_mails` ---------------


def test_message_to_a_contact_person_is_kept_and_resent_once(
    client, site_tree, smtp_down, fails_for_good, settings, user_factory
):
    from community.models import ContactMessage, Person

    person = Person.objects.get(locale__language_code="en", name="Quality officer")
    response = client.post(
        f"/contact/{person.pk}/",
        {
            "name": "Sam Sender",
            "email": "sam@example.org",
            "message": "Could your biobank share its pre-analytical protocol?",
        },
        follow=True,
    )
    assert response.status_code == 200 and "Thank you for your message" in main(response)
    assert_claims_nothing(main(response))
    stored = ContactMessage.objects.get()
    assert (stored.target, stored.email) == (person, "sam@example.org")
    assert stored.mail_failed_at is not None  # it failed for good: marked for staff
    [failed] = OutgoingMail.objects.failed()
    assert failed.to == [person.email] and smtp_down in failed.last_error

    out, ok = resend()  # still down: kept for the next run, and cron hears of it
    assert not ok and "1 could not be sent" in out
    assert ContactMessage.objects.get().mail_failed_at is not None
    staff = Client()
    staff.force_login(user_factory("staff@example.org", is_superuser=True, is_staff=True))
    assert "sam@example.org" in staff.get("/admin/contact_messages/").content.decode()
    outgoing = staff.get("/admin/outgoing_mail/?state=failed").content.decode()
    assert "Message from Sam Sender" in outgoing  # staff see what failed

    smtp_back(settings)
    out, ok = resend()
    assert ok and "Messages to people: 1 sent" in out
    [message] = mail.outbox
    assert message.to == [person.email] and message.reply_to == ["sam@example.org"]
    assert "pre-analytical protocol" in message.body
    assert ContactMessage.objects.get().mail_failed_at is None
    assert resend()[1] and send_queued() and len(mail.outbox) == 1, "sent once"


@pytest.mark.parametrize("signed_in", [True, False], ids=["member", "anonymous"])
def test_biobank_contact_request_is_kept_and_resent_with_the_copy_after_it(
    client, site_tree, smtp_down, fails_for_good, settings, user_factory, signed_in
):
    """A member writing from their verified address gets the copy once the message went; a
    visitor without an account gets none, on the resend either."""
    from community.models import Biobank, ContactMessage

    biobank = Biobank.objects.get(slug="uza")
    if signed_in:
        client.force_login(user_factory("ada@example.org"))
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
    assert_claims_nothing(main(response))
    stored = ContactMessage.objects.get()
    assert (stored.target, stored.sent_to) == (biobank, biobank.contact_email)
    assert stored.mail_failed_at is not None
    to_biobank, *copies = OutgoingMail.objects.order_by("pk")
    assert to_biobank.state == "failed"
    assert len(copies) == (1 if signed_in else 0)
    for copy in copies:
        assert copy.state == "queued" and copy.attempts == 0, "no copy before the message went"

    smtp_back(settings)
    out, ok = resend()
    assert ok and "Messages to biobanks: 1 sent" in out
    sent_to_biobank, *sent_copies = mail.outbox
    assert sent_to_biobank.to == [biobank.contact_email]
    assert sent_to_biobank.reply_to == ["ada@example.org"]
    assert "colon cancer" in sent_to_biobank.body
    assert [sent.to for sent in sent_copies] == ([["ada@example.org"]] if signed_in else [])
    for sent_copy in sent_copies:
        assert biobank.contact_email not in sent_copy.body
    assert ContactMessage.objects.get().mail_failed_at is None
    resend()
    send_queued()
    assert len(mail.outbox) == 1 + len(copies)


def test_partnership_contact_is_kept_and_resent(
    client, site_tree, smtp_down, fails_for_good, settings, user_factory
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
    assert_claims_nothing(main(response))
    assert "will be forwarded" in main(response)
    stored = ContactMessage.objects.get()
    assert stored.target == listing and stored.mail_failed_at is not None

    smtp_back(settings)
    assert resend()[1]
    to_partner, copy = mail.outbox
    assert to_partner.to == [listing.contact_email]
    assert to_partner.reply_to == ["researcher@example.org"]
    assert copy.to == ["researcher@example.org"] and listing.contact_email not in copy.body
    resend()
    assert len(mail.outbox) == 2


def test_every_kind_of_failed_mail_is_resent_by_the_one_command(
    client, smtp_down, fails_for_good, settings
):
    """Not only contact messages: a newsletter mail that failed for good goes again too."""
    client.post("/newsletter/", {"email": "reader@example.org", "consent": "on"})
    [failed] = OutgoingMail.objects.failed()
    assert failed.kind == "newsletter.confirm"

    smtp_back(settings)
    out, ok = resend()
    assert ok and "Mails newsletter.confirm: 1 sent" in out
    [message] = mail.outbox
    assert message.to == ["reader@example.org"]
    out, ok = resend()
    assert ok and "Failed mails sent again: 0 sent" in out and len(mail.outbox) == 1


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
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_resend_runs_at_once_send_each_message_once(settings):
    import threading

    from django.db import connection

    from community.models import ContactMessage, Person
    from community.services import contact
    from community.services.mail import organisation_name

    organisation_name()  # the site settings row exists, as on any running site
    person = Person.objects.create(name="Quality officer", email="quality@example.org")
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    settings.OUTBOX_RETRY_DELAYS = ()
    for n in range(2):
        contact.send(person, name=f"Sender {n}", email=f"s{n}@example.org", message=f"No. {n}")
    assert ContactMessage.objects.mail_failed().count() == 2
    SlowBackend.entered, SlowBackend.release = threading.Event(), threading.Event()
    settings.EMAIL_BACKEND = f"{__name__}.SlowBackend"
    mail.outbox = []
    outputs = []

    def run():
        try:
            outputs.append(resend()[0])
        finally:
            connection.close()

    first = threading.Thread(target=run)
    first.start()
    try:
        assert SlowBackend.entered.wait(10), "the first run never reached the mail server"
        # The first run is mailing message 0: a second run must leave it, send message 1 only.
        SlowBackend.entered.clear()
        second = threading.Thread(target=run)
        second.start()
        assert SlowBackend.entered.wait(10), "the second run never reached the mail server"
    finally:
        SlowBackend.release.set()
        first.join(20)
    second.join(20)
    assert sorted(m.reply_to[0] for m in mail.outbox) == ["s0@example.org", "s1@example.org"]
    assert not ContactMessage.objects.mail_failed().exists()
    assert sum(int(re.search(r"Messages to people: (\d+) sent", out)[1]) for out in outputs) == 2


# --- An event registration: the organiser resends from the admin ---------------------------


def test_event_registration_is_kept_and_the_organiser_resends(
    client, site_tree, smtp_down, settings, user_factory
):
    from events.models import EventPage, Registration

    event = EventPage.objects.get(
        locale__language_code="en", slug="webinar-access-requests"
    )  # open, seats left
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
    assert "You are registered" not in html and "We are sending" in html
    assert_claims_nothing(html)
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
