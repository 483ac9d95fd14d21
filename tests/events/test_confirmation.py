"""Registration abuse (issue 15, findings 6 and 9): a public registration holds a seat only once
its address is confirmed, a rotating X-Forwarded-For does not bypass the rate limit, and the
answer to an address already registered is the same as to a new one."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from events import confirmation, tokens
from events.models import EventPage, Registration, RegistrationStatus
from hub.outbox.models import OutgoingMail

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+(/events/\S+/registration/\S+/\S+/\S+/)")


@pytest.fixture
def client(client, django_capture_on_commit_callbacks):
    """The test client, sending the mails a request schedules after commit, as in real use."""

    class MailingClient:
        def __getattr__(self, name):
            return getattr(client, name)

        def post(self, *args, **kwargs):
            with django_capture_on_commit_callbacks(execute=True):
                return client.post(*args, **kwargs)

    return MailingClient()


def main_html(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def messages_html(response) -> str:
    html = main_html(response)
    return html[html.index('<div class="messages"') : html.index("</div>")]


def form_data(**overrides):
    return {
        "name": "Ada Lovelace",
        "email": "ada@example.org",
        "organisation": "Lab",
        "consent": "on",
        **overrides,
    }


def mailed_link(message) -> str:
    found = LINK.search(message.body)
    assert found, message.body
    return found.group(1)


def is_link_for(link: str, registration) -> bool:
    """The mailed link opens this registration's own page. Compared unsigned: the signature
    carries the second it was made, so two links to the same page may differ."""
    page, *token = link.rstrip("/").rsplit("/", 3)
    expected_page = tokens.manage_path(registration).rstrip("/").rsplit("/", 3)[0]
    stamp = int(registration.created_at.timestamp())
    return page == expected_page and tokens.read_token("/".join(token)) == (registration.pk, stamp)


def seats_left(event):
    return EventPage.objects.get(pk=event.pk).seats_left()


# --- Confirming the address ------------------------------------------------------------------


def test_the_option_is_on_by_default():
    assert EventPage(capacity=20).confirm_email is True


def test_a_public_registration_waits_for_the_address_and_holds_no_seat(client, make_event):
    event = make_event(capacity=2, confirm_email=True)
    response = client.post(event.url + "register/", form_data(), follow=True)

    html = main_html(response)
    assert "check your mailbox" in html and "ada@example.org" in html
    assert "You are registered" not in html
    assert "2 places left" in html
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.PENDING
    assert seats_left(event) == 2
    [message] = mail.outbox
    assert message.to == ["ada@example.org"] and "Confirm" in message.subject
    assert is_link_for(mailed_link(message), registration)
    assert not message.attachments  # no calendar entry before there is a place


def test_the_mailed_link_confirms_and_takes_a_seat(client, make_event):
    event = make_event(capacity=2, confirm_email=True)
    client.post(event.url + "register/", form_data())
    link = mailed_link(mail.outbox[0])

    # Opening the link shows a button: a mail scanner that fetches links confirms nothing.
    page = client.get(link)
    assert page.status_code == 200 and "Confirm my registration" in main_html(page)
    assert seats_left(event) == 2

    response = client.post(link, {"action": "confirm"}, follow=True)
    assert "Confirmed: you have a place." in main_html(response)
    assert Registration.objects.get().is_confirmed
    assert seats_left(event) == 1
    confirmation = mail.outbox[-1]
    assert confirmation.subject.startswith("Registration confirmed")
    assert confirmation.attachments  # the .ics, now that there is a place

    # A second click changes nothing and mails no one.
    client.post(link, {"action": "confirm"})
    assert seats_left(event) == 1 and len(mail.outbox) == 2


def test_the_seat_is_taken_when_confirming_not_when_registering(client, make_event):
    """Two pending for one seat: the first to confirm gets it, the other the waiting list."""
    event = make_event(capacity=1, confirm_email=True)
    client.post(event.url + "register/", form_data(email="early@example.org"))
    client.post(event.url + "register/", form_data(email="quick@example.org"))
    early, quick = (mailed_link(message) for message in mail.outbox)

    client.post(quick, {"action": "confirm"})
    response = client.post(early, {"action": "confirm"}, follow=True)
    assert "number 1 on the waiting list" in main_html(response)
    assert Registration.objects.get(email="quick@example.org").is_confirmed
    assert Registration.objects.get(email="early@example.org").is_waitlisted


def test_an_expired_registration_is_released_and_its_link_says_so(client, make_event, settings):
    settings.EVENTS_PENDING_HOURS = 24
    event = make_event(capacity=1, confirm_email=True)
    client.post(event.url + "register/", form_data())
    # Registered 25 hours ago: the link mailed then (it carries the registration's time).
    Registration.objects.update(created_at=timezone.now() - timedelta(hours=25))
    link = tokens.manage_path(Registration.objects.get())

    page = client.get(link)
    html = main_html(page)
    assert page.status_code == 410
    assert "expired" in html and f'href="{event.url}#registration"' in html
    client.post(link, {"action": "confirm"})
    assert not Registration.objects.filter(status=RegistrationStatus.CONFIRMED).exists()
    assert seats_left(event) == 1

    # It blocks nothing: the same address registers again and gets a new link.
    mail.outbox.clear()
    response = client.post(event.url + "register/", form_data(name="Ada again"), follow=True)
    assert "check your mailbox" in main_html(response)
    registration = Registration.objects.get()
    assert registration.name == "Ada again" and registration.is_pending
    assert is_link_for(mailed_link(mail.outbox[0]), registration)


def test_the_release_command_deletes_expired_registrations_only(make_event, register):
    event = make_event(capacity=5, confirm_email=True)
    register(event, email="old@example.org", unverified_address=True)
    register(event, email="fresh@example.org", unverified_address=True)
    kept = register(event, email="kept@example.org", unverified_address=True)
    confirmation.confirm_pending(kept)
    Registration.objects.exclude(email="fresh@example.org").update(
        created_at=timezone.now() - timedelta(days=2)
    )

    call_command("release_pending_registrations")
    assert sorted(Registration.objects.values_list("email", "status")) == [
        ("fresh@example.org", "pending"),
        ("kept@example.org", "confirmed"),
    ]
    # The outbox's copy of the released one's mail goes with it: the address is not kept.
    assert sorted(address for m in OutgoingMail.objects.all() for address in m.to) == [
        "fresh@example.org",
        "kept@example.org",
        "kept@example.org",
    ]


def test_members_with_a_verified_address_and_organisers_need_no_confirmation(
    client, make_event, user_factory, register
):
    event = make_event(capacity=5, confirm_email=True)
    client.force_login(user_factory(email="member@example.org"))
    client.post(event.url + "register/", form_data(email="member@example.org"))
    assert Registration.objects.get(email="member@example.org").is_confirmed
    assert register(event, email="added@example.org", by_organiser=True).is_confirmed


def test_with_the_option_off_a_registration_is_confirmed_at_once(client, make_event):
    event = make_event(capacity=2, confirm_email=False)
    response = client.post(event.url + "register/", form_data(), follow=True)
    assert "You are registered" in main_html(response)
    assert Registration.objects.get().is_confirmed


# --- The rate limit counts the connecting address --------------------------------------------


def test_a_rotating_forwarded_for_header_does_not_bypass_the_rate_limit(make_event, settings):
    """Finding 6: 40 registrations, each with a new X-Forwarded-For, from one address."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    event = make_event(capacity=50, confirm_email=True)
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    statuses = [
        attacker.post(
            event.url + "register/",
            form_data(email=f"fake{n}@example.org"),
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        ).status_code
        for n in range(40)
    ]
    assert statuses == [302] * 10 + [429] * 30
    assert Registration.objects.count() == 10
    # And those ten hold nothing: nobody confirmed an address.
    assert seats_left(event) == 50
    assert set(Registration.objects.values_list("status", flat=True)) == {"pending"}

    # The limit is per connecting address, not for everyone.
    other = Client(REMOTE_ADDR="192.0.2.8")
    assert (
        other.post(
            event.url + "register/",
            form_data(email="real@example.org"),
            HTTP_X_FORWARDED_FOR="198.51.100.1",
        ).status_code
        == 302
    )


# --- An address already registered -----------------------------------------------------------


def comparable(response, address) -> str:
    """The main content with the address and the (per-response) CSRF token taken out."""
    html = main_html(response).replace(address, "ADDRESS")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_a_duplicate_gets_the_answer_of_a_new_registration_and_the_registrant_a_mail(
    client, make_event, register
):
    event = make_event(capacity=5, confirm_email=True)
    existing = register(event, name="Original", email="ada@example.org")
    before = Registration.objects.get(pk=existing.pk)
    mail.outbox.clear()

    new = client.post(event.url + "register/", form_data(email="new@example.org"), follow=True)
    duplicate = client.post(
        event.url + "register/",
        form_data(name="Someone Else", email="Ada@Example.org"),
        follow=True,
    )

    assert duplicate.status_code == new.status_code == 200
    assert duplicate.redirect_chain == new.redirect_chain
    assert comparable(duplicate, "Ada@example.org") == comparable(new, "new@example.org")
    assert "already" not in main_html(duplicate)
    # Nothing written for the duplicate.
    assert Registration.objects.count() == 2
    after = Registration.objects.get(pk=existing.pk)
    assert (after.name, after.status, after.created_at) == (
        "Original",
        before.status,
        before.created_at,
    )
    # The registrant is told, with their own link (which keeps working).
    to_ada = [message for message in mail.outbox if message.to == ["ada@example.org"]]
    [message] = to_ada
    assert is_link_for(mailed_link(message), after)
    assert "Confirmed" in message.body or "you have a place" in message.body


def test_a_duplicate_of_a_pending_registration_mails_the_confirmation_link_again(
    client, make_event
):
    event = make_event(capacity=5, confirm_email=True)
    client.post(event.url + "register/", form_data())
    client.post(event.url + "register/", form_data(name="Mallory"))
    first, second = mail.outbox
    registration = Registration.objects.get()
    assert is_link_for(mailed_link(first), registration)
    assert is_link_for(mailed_link(second), registration)
    assert second.subject == first.subject
    assert registration.name == "Ada Lovelace"


def test_without_confirmation_a_duplicate_gets_the_same_message_too(client, make_event, register):
    event = make_event(capacity=None, confirm_email=False)
    register(event, email="ada@example.org")
    new = client.post(event.url + "register/", form_data(email="new@example.org"), follow=True)
    duplicate = client.post(event.url + "register/", form_data(), follow=True)
    assert messages_html(duplicate).replace("ada@example.org", "ADDRESS") == messages_html(
        new
    ).replace("new@example.org", "ADDRESS")
    assert "You are registered" in messages_html(duplicate)
    assert mail.outbox[-1].to == ["ada@example.org"]


class RefusingBackend:
    """A mail server that refuses every message."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        from smtplib import SMTPRecipientsRefused

        raise SMTPRecipientsRefused({})


# The mail is queued and handed to the worker after a real commit, as in production.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_when_the_confirmation_mail_fails_it_waits_and_organisers_resend_it(make_event, settings):
    from events import organising
    from hub.outbox import delivery

    client = Client()

    event = make_event(capacity=5, confirm_email=True)
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    settings.OUTBOX_RETRY_DELAYS = (0,)  # one retry, due at once
    response = client.post(event.url + "register/", form_data(), follow=True)
    # The page cannot know how the mail will fare: it says it is being sent, no more.
    html = main_html(response)
    assert "We are sending an e-mail to ada@example.org" in html and "We have sent" not in html
    registration = Registration.objects.get()
    [waiting] = OutgoingMail.objects.all()
    assert waiting.state == OutgoingMail.State.QUEUED and "Refused" in waiting.last_error
    assert registration.is_pending and registration.mail_failed_at is None

    delivery.deliver_due()  # the last retry fails too: now the organisers see it
    registration.refresh_from_db()
    assert registration.mail_failed_at is not None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert organising.resend_mail(registration) == organising.Resend.QUEUED
    [message] = mail.outbox
    assert "Confirm" in message.subject
    assert is_link_for(mailed_link(message), registration)
