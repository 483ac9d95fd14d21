"""The outbox: a mail is stored with what it tells about, sent once by the worker after commit,
retried when the mail server fails, marked failed for staff in the end, and sent again on
request — never lost and never sent twice."""

from datetime import timedelta
from io import StringIO
from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from hub import outbox
from hub.outbox import delivery
from hub.outbox.models import OutgoingMail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
State = OutgoingMail.State


class DownBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


DOWN = f"{__name__}.DownBackend"


def message(to="ada@example.org", subject="Your seat", **extra):
    return EmailMultiAlternatives(
        subject=subject, body="See you there.", to=[to] if to else [], **extra
    )


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the code hands over on commit, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_queued_mail_goes_once_the_transaction_commits_with_everything_in_it(committed):
    sent = message(reply_to=["office@example.org"], headers={"List-Id": "hub"})
    sent.attach_alternative("<p>See you there.</p>", "text/html")
    sent.attach("day.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    sent.attach("logo.png", b"\x89PNG\r\n\x1a\n\x00", "image/png")
    with committed():
        stored = outbox.queue(sent, kind="test.seat")
        assert mail.outbox == []  # nothing leaves before the commit
    received = mail.outbox[0]
    assert (received.subject, received.to, received.reply_to) == (
        "Your seat",
        ["ada@example.org"],
        ["office@example.org"],
    )
    assert received.extra_headers["List-Id"] == "hub"
    assert received.alternatives[0][0] == "<p>See you there.</p>"
    assert [(name, content) for name, content, _ in received.attachments] == [
        ("day.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"),
        ("logo.png", b"\x89PNG\r\n\x1a\n\x00"),
    ]
    stored.refresh_from_db()
    assert stored.state == State.SENT and stored.sent_at is not None and stored.attempts == 1


def test_a_rolled_back_transaction_sends_nothing(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        outbox.queue(message())
        raise RuntimeError("the registration failed")
    assert mail.outbox == [] and not OutgoingMail.objects.exists()


def test_a_mail_without_recipients_is_not_stored():
    assert outbox.queue(message(to=None)) is None
    assert not OutgoingMail.objects.exists()


def test_a_failed_send_waits_for_a_retry_and_goes_once_the_server_is_back(committed, settings):
    settings.EMAIL_BACKEND = DOWN
    with committed():
        stored = outbox.queue(message())
    stored.refresh_from_db()
    assert stored.state == State.QUEUED and stored.attempts == 1
    assert "Connection unexpectedly closed" in stored.last_error
    assert stored.next_attempt_at > timezone.now() + timedelta(seconds=30)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_queued_mails", stdout=StringIO())
    assert mail.outbox == []  # not due yet
    OutgoingMail.objects.update(next_attempt_at=timezone.now())
    out = StringIO()
    call_command("send_queued_mails", stdout=out)
    call_command("send_queued_mails", stdout=StringIO())
    assert len(mail.outbox) == 1
    assert "1 sent" in out.getvalue()
    stored.refresh_from_db()
    assert stored.state == State.SENT and stored.last_error == ""


def test_after_the_last_attempt_the_mail_is_failed_marked_and_cron_says_so(committed, settings):
    settings.EMAIL_BACKEND = DOWN
    settings.OUTBOX_RETRY_DELAYS = (0,)
    member = UserFactory()
    with committed():
        stored = outbox.queue(message(), about=member)
    assert OutgoingMail.objects.get().state == State.QUEUED  # first attempt: one retry left
    with pytest.raises(CommandError, match="1 failed"):
        call_command("send_queued_mails", stdout=StringIO())
    stored.refresh_from_db()
    assert stored.state == State.FAILED and stored.attempts == 2


def test_what_the_mail_is_about_is_marked_failed_and_cleared_when_it_goes(committed, settings):
    from events.models import Registration
    from tests.factories import EventPageFactory

    settings.EMAIL_BACKEND = DOWN
    settings.OUTBOX_RETRY_DELAYS = ()
    event = EventPageFactory()
    registration = Registration.objects.create(event=event, name="Ada", email="ada@example.org")
    with committed():
        stored = outbox.queue(message(), about=registration)
    registration.refresh_from_db()
    assert registration.mail_failed_at is not None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with committed():
        assert delivery.requeue(OutgoingMail.objects.all()) == 1
    registration.refresh_from_db()
    stored.refresh_from_db()
    assert registration.mail_failed_at is None and stored.state == State.SENT
    assert len(mail.outbox) == 1


def test_two_workers_given_the_same_mail_send_it_once(settings):
    with transaction.atomic():
        stored = outbox.queue(message())  # handed over on a commit that never comes (test)
    assert delivery.deliver(stored.pk) == "sent"
    assert delivery.deliver(stored.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_a_mail_whose_worker_died_mid_send_is_failed_not_sent_again():
    stored = outbox.queue(message())
    OutgoingMail.objects.filter(pk=stored.pk).update(
        state=State.SENDING, attempts=1, next_attempt_at=timezone.now() - timedelta(hours=1)
    )
    with pytest.raises(CommandError, match="1 left by a stopped worker"):
        call_command("send_queued_mails", stdout=StringIO())
    stored.refresh_from_db()
    assert stored.state == State.FAILED and "may have gone" in stored.last_error
    assert mail.outbox == []


def test_a_copy_waits_until_the_message_itself_went(committed, settings):
    settings.EMAIL_BACKEND = DOWN
    with committed():
        first = outbox.queue(message(subject="A message for you"))
        outbox.queue(message(to="sender@example.org", subject="Your message"), after=first)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutgoingMail.objects.update(next_attempt_at=timezone.now())
    # The copy is not due while the message waits; once the message goes, the copy follows.
    assert [m.subject for m in OutgoingMail.objects.due()] == ["A message for you"]
    with committed():
        delivery.deliver(first.pk)
    assert [m.subject for m in mail.outbox] == ["A message for you", "Your message"]


def test_old_sent_mails_are_deleted_and_waiting_ones_kept(settings):
    settings.OUTBOX_RETENTION_DAYS = 30
    old = outbox.queue(message(subject="Old"))
    OutgoingMail.objects.filter(pk=old.pk).update(
        state=State.SENT, sent_at=timezone.now() - timedelta(days=31)
    )
    waiting = outbox.queue(message(subject="Waiting"))
    OutgoingMail.objects.filter(pk=waiting.pk).update(
        next_attempt_at=timezone.now() + timedelta(hours=1)
    )
    call_command("send_queued_mails", stdout=StringIO())
    assert list(OutgoingMail.objects.values_list("subject", flat=True)) == ["Waiting"]


# --- The admin ---------------------------------------------------------------------------------


@pytest.fixture
def failed_mail(settings, committed):
    settings.EMAIL_BACKEND = DOWN
    settings.OUTBOX_RETRY_DELAYS = ()
    with committed():
        stored = outbox.queue(message(subject="Your seat at the Biobanks Day"))
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return stored


def test_staff_see_a_failed_mail_with_its_error_and_send_it_again(client, failed_mail, committed):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    listing = client.get("/admin/outgoing_mail/?state=failed")
    assert "Your seat at the Biobanks Day" in listing.text
    inspect = client.get(f"/admin/outgoing_mail/inspect/{failed_mail.pk}/")
    assert "Connection unexpectedly closed" in inspect.text and "Send again" in inspect.text
    confirm = client.get(f"/admin/outgoing_mail/resend/{failed_mail.pk}/")
    assert "ada@example.org" in confirm.text
    with committed():
        answer = client.post(f"/admin/outgoing_mail/resend/{failed_mail.pk}/", follow=True)
    assert "will be sent again" in answer.text
    with committed():  # a second click finds nothing failed: no second mail
        client.post(f"/admin/outgoing_mail/resend/{failed_mail.pk}/")
    assert [m.subject for m in mail.outbox] == ["Your seat at the Biobanks Day"]


def test_editors_without_the_permission_cannot_send_again(client, failed_mail):
    from django.contrib.auth.models import Permission

    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get("/admin/outgoing_mail/").status_code in (302, 403)
    answer = client.post(f"/admin/outgoing_mail/resend/{failed_mail.pk}/")
    assert answer.status_code in (302, 403)
    failed_mail.refresh_from_db()
    assert failed_mail.state == State.FAILED and mail.outbox == []
