"""Following calls, saved filters, `manage.py send_funding_reminders` (idempotent), renewal
reminders, and the unsubscribe links in every alert mail."""

import io
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from funding.models import CallFollow, DeadlineReminder, SavedFilter

pytestmark = pytest.mark.django_db


def run_reminders(committed):
    with committed():
        call_command("send_funding_reminders", stdout=io.StringIO())


def unsubscribe_link(message) -> str:
    match = re.search(r"https?://[^\s]+/funding/unsubscribe/[^\s]+/", message.body)
    assert match, message.body
    return match.group(0).split("testserver", 1)[-1]


def test_follow_and_unfollow_a_call(client, make_call, user_factory):
    call = make_call("Followed call", deadlines=(30,))
    response = client.post(call.url + "follow/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    member = user_factory()
    client.force_login(member)
    client.post(call.url + "follow/", {"action": "follow"})
    client.post(call.url + "follow/", {"action": "follow"})
    assert CallFollow.objects.filter(user=member, call=call).count() == 1
    assert "Stop following" in client.get(call.url).content.decode()
    client.post(call.url + "follow/", {"action": "unfollow"})
    assert not CallFollow.objects.exists()


def test_reminders_go_once_before_each_deadline(make_call, user_factory, committed):
    member = user_factory()
    soon = make_call("Soon", deadlines=(5, 60))
    later = make_call("Later", deadlines=(30,))
    CallFollow.objects.create(user=member, call=soon)
    CallFollow.objects.create(user=member, call=later)
    run_reminders(committed)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [member.email]
    assert "Soon" in mail.outbox[0].subject
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers
    run_reminders(committed)  # a second run the same day sends nothing twice
    assert len(mail.outbox) == 1
    assert DeadlineReminder.objects.count() == 1
    # Three weeks on, the deadline of "Later" is near: one more reminder, once.
    later_now = timezone.now() + timedelta(days=25)
    with mock.patch("django.utils.timezone.now", return_value=later_now):
        run_reminders(committed)
        run_reminders(committed)
    assert [m.subject for m in mail.outbox][1:] == [mail.outbox[1].subject]
    assert "Later" in mail.outbox[1].subject


def test_unsubscribe_link_stops_the_reminders(client, make_call, user_factory, committed):
    member = user_factory()
    call = make_call("Soon", deadlines=(3,))
    CallFollow.objects.create(user=member, call=call)
    run_reminders(committed)
    link = unsubscribe_link(mail.outbox[0])
    assert client.get(link).status_code == 200
    assert CallFollow.objects.exists()  # GET only asks
    assert "Done" in client.post(link).content.decode()
    assert not CallFollow.objects.exists()
    assert client.get("/funding/unsubscribe/forged-token/").status_code == 400


def test_saved_filter_mails_new_matches_once(client, make_call, user_factory, funder, committed):
    member = user_factory()
    client.force_login(member)
    eu = funder("European Programme")
    make_call("Old EU call", funder=eu, deadlines=(40,))
    response = client.post(
        "/funding/alerts/save/", {"funder": "european-programme", "name": "EU calls"}
    )
    assert response.status_code == 302
    saved = SavedFilter.objects.get()
    assert saved.filters == {"funder": "european-programme"}
    # Only calls published after the filter was saved count as new.
    later = timezone.now() + timedelta(minutes=5)
    with mock.patch("django.utils.timezone.now", return_value=later):
        make_call("New EU call", funder=eu, deadlines=(50,))
        make_call("New national call", deadlines=(50,))
    run_reminders(committed)
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "New EU call" in body and "Old EU call" not in body
    assert "national" not in body
    run_reminders(committed)
    assert len(mail.outbox) == 1
    client.logout()
    client.post(unsubscribe_link(mail.outbox[0]))
    assert not SavedFilter.objects.exists()


def test_saving_a_filter_needs_an_account_and_a_filter(client, funding_index, user_factory):
    response = client.post("/funding/alerts/save/", {"funder": "x", "name": "n"})
    assert "/accounts/login/" in response["Location"]
    client.force_login(user_factory())
    client.post("/funding/alerts/save/", {"name": "Everything", "status": "junk"})
    assert not SavedFilter.objects.exists()


def test_expiry_notice_goes_once_and_again_after_renewal(make_listing, user_factory, committed):
    owner = user_factory(email="owner@example.org")
    listing = make_listing("Expiring offer", expires_in=5, owner=owner)
    make_listing("Far away", expires_in=60, owner=owner)
    make_listing("Pending", status="pending", expires_in=2, owner=owner)
    run_reminders(committed)
    run_reminders(committed)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["owner@example.org"]
    assert f"/partnerships/{listing.pk}/renew/" in mail.outbox[0].body
    from funding import services

    services.renew_listing(listing, owner, days=10)
    listing.refresh_from_db()
    assert listing.expiry_reminder_sent_for is None
    with mock.patch(
        "django.utils.timezone.localdate", return_value=timezone.localdate() + timedelta(days=5)
    ):
        run_reminders(committed)
    assert len(mail.outbox) == 2


# --- A reminder counts once it is safely in the outbox (issue 17) ---------------------------


def test_a_reminder_that_cannot_be_queued_is_not_counted_and_the_run_fails(
    make_call, user_factory, committed, monkeypatch
):
    from django.core.management import CommandError

    member = user_factory()
    CallFollow.objects.create(user=member, call=make_call("Soon", deadlines=(5,)))

    def database_refuses(*args, **kwargs):
        raise RuntimeError("the database refused the mail")

    monkeypatch.setattr("hub.outbox.queue", database_refuses)
    with pytest.raises(CommandError, match="1 could not be queued"):
        run_reminders(committed)
    assert not DeadlineReminder.objects.exists(), "not counted as sent"
    assert mail.outbox == []

    monkeypatch.undo()  # the next cron run: it goes, once
    run_reminders(committed)
    run_reminders(committed)
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert DeadlineReminder.objects.count() == 1


class RefusingBackend:
    """No mail server listening."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")


def test_a_reminder_the_mail_server_refuses_waits_in_the_outbox_and_is_resent_once(
    make_call, user_factory, committed, settings
):
    from hub.outbox.models import OutgoingMail

    member = user_factory()
    CallFollow.objects.create(user=member, call=make_call("Soon", deadlines=(5,)))
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    settings.OUTBOX_RETRY_DELAYS = ()  # the first failure is final
    run_reminders(committed)
    [failed] = OutgoingMail.objects.all()
    assert (failed.kind, failed.state, failed.to) == (
        "funding.deadline_reminder",
        "failed",
        [member.email],
    )
    assert "Connection refused" in failed.last_error  # what staff see in the admin
    run_reminders(committed)  # recorded once: the reminder run does not send it again
    assert OutgoingMail.objects.count() == 1 and DeadlineReminder.objects.count() == 1

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with committed():
        call_command("resend_failed_mails", stdout=io.StringIO())
    with committed():
        call_command("resend_failed_mails", stdout=io.StringIO())
    [reminder] = mail.outbox
    assert reminder.to == [member.email] and "Soon" in reminder.subject
