"""Sending an edition: each confirmed subscriber of its audience gets one mail, through the
outbox, with its own one-click unsubscribe; a run that breaks mid-batch leaves nothing behind
and the next run completes it; `manage.py send_newsletter`; one-click unsubscribe."""

import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from community.editions import sending
from community.editions.models import Delivery, Edition
from community.models import Subscriber
from hub import outbox
from hub.outbox.models import OutgoingMail
from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db

UNSUBSCRIBE = re.compile(r"<(http://testserver/newsletter/unsubscribe/[^/>]+/)>")


@pytest.fixture
def small_batches(settings):
    settings.NEWSLETTER_BATCH_SIZE = 2
    settings.NEWSLETTER_BATCH_PAUSE_SECONDS = 0


def recipients_of_mails():
    return sorted(address for message in mail.outbox for address in message.to)


def test_each_confirmed_subscriber_gets_the_edition_once(
    make_edition, subscribe, small_batches, django_capture_on_commit_callbacks
):
    emails = [f"reader{n}@example.org" for n in range(5)]
    for email in emails:
        subscribe(email)
    subscribe("pending@example.org", confirmed=False)
    edition = make_edition()
    with django_capture_on_commit_callbacks(execute=True):
        assert sending.start(edition) == 5
    with django_capture_on_commit_callbacks(execute=True):
        assert sending.start(edition) == 0  # sending again: everybody has it
    assert recipients_of_mails() == emails
    assert Delivery.objects.filter(edition=edition).count() == 5
    assert OutgoingMail.objects.filter(kind="newsletter.edition", state="sent").count() == 5
    message = mail.outbox[0]
    assert message.subject == "Community update autumn"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = UNSUBSCRIBE.fullmatch(message.extra_headers["List-Unsubscribe"]).group(1)
    assert link in message.body and link in message.alternatives[0][0]
    links = {m.extra_headers["List-Unsubscribe"] for m in mail.outbox}
    assert len(links) == 5  # each reader their own
    assert Edition.objects.get(pk=edition.pk).finished_at is not None


def test_chosen_topics_reach_their_subscribers_and_those_with_no_topics(
    make_edition, subscribe, django_capture_on_commit_callbacks
):
    cohorts, imaging, ethics = TopicFactory(), TopicFactory(), TopicFactory()
    subscribe("cohorts@example.org", topics=[cohorts])
    subscribe("both@example.org", topics=[cohorts, imaging])
    subscribe("imaging@example.org", topics=[imaging])
    subscribe("ethics@example.org", topics=[ethics])
    subscribe("everything@example.org")
    edition = make_edition(audience=Edition.Audience.TOPICS, topics=[cohorts, imaging])
    with django_capture_on_commit_callbacks(execute=True):
        sending.start(edition)
    assert recipients_of_mails() == [
        "both@example.org",
        "cohorts@example.org",
        "everything@example.org",
        "imaging@example.org",
    ]


def test_a_run_that_breaks_mid_batch_leaves_nothing_and_the_next_run_completes_it(
    make_edition, subscribe, small_batches, monkeypatch, django_capture_on_commit_callbacks
):
    for n in range(5):
        subscribe(f"reader{n}@example.org")
    edition = make_edition()
    real_queue, calls = outbox.queue, []

    def dies_on_the_fourth(message, **kwargs):
        calls.append(message.to)
        if len(calls) == 4:  # the worker is killed in the middle of the second batch
            raise RuntimeError("the worker was killed")
        return real_queue(message, **kwargs)

    monkeypatch.setattr(sending.outbox, "queue", dies_on_the_fourth)
    with django_capture_on_commit_callbacks(execute=True):
        sending.start(edition)  # the task fails (the task backend records it)
    assert Delivery.objects.count() == 2  # the first batch; nothing of the broken one
    monkeypatch.setattr(sending.outbox, "queue", real_queue)
    with django_capture_on_commit_callbacks(execute=True):
        assert sending.start(edition) == 3
    assert recipients_of_mails() == [f"reader{n}@example.org" for n in range(5)]


def test_one_click_unsubscribe_needs_no_csrf_token_and_no_confirmation(
    make_edition, subscribe, django_capture_on_commit_callbacks
):
    subscribe("reader@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        sending.start(make_edition())
    link = UNSUBSCRIBE.fullmatch(mail.outbox[0].extra_headers["List-Unsubscribe"]).group(1)
    client = Client(enforce_csrf_checks=True)  # as a mail provider posts: no cookie, no token
    response = client.post(link, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "You have unsubscribed" in response.content.decode()
    assert not Subscriber.objects.filter(email="reader@example.org").exists()


def test_send_newsletter_command(make_edition, subscribe, django_capture_on_commit_callbacks):
    subscribe("a@example.org")
    subscribe("b@example.org")
    edition = make_edition(slug="spring")
    out = StringIO()
    call_command("send_newsletter", "spring", "--dry-run", stdout=out)
    assert "would go to 2 subscribers" in out.getvalue()
    assert not mail.outbox and not Edition.objects.get(pk=edition.pk).sent_at
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_newsletter", str(edition.pk), stdout=StringIO())
    assert recipients_of_mails() == ["a@example.org", "b@example.org"]


def test_send_newsletter_refuses_an_unpublished_edition(make_edition, subscribe):
    subscribe("a@example.org")
    make_edition(slug="draft", publish=False)
    with pytest.raises(CommandError, match="is not published"):
        call_command("send_newsletter", "draft", stdout=StringIO())
    with pytest.raises(CommandError, match="No newsletter edition"):
        call_command("send_newsletter", "nothing", stdout=StringIO())
    assert not OutgoingMail.objects.exists()


def test_archive_and_feed_list_only_sent_editions(
    client, make_edition, django_capture_on_commit_callbacks
):
    sent = make_edition(slug="sent-one", title="The sent one")
    with django_capture_on_commit_callbacks(execute=True):
        sending.start(sent)  # nobody subscribed: still an edition of the archive
    make_edition(slug="published-unsent", title="Published not sent")
    make_edition(slug="draft-one", title="Only a draft", publish=False)

    archive = client.get(reverse("newsletter_archive")).content.decode()
    assert "The sent one" in archive
    assert "Published not sent" not in archive and "Only a draft" not in archive
    page = client.get(reverse("newsletter_edition", args=["sent-one"]))
    assert page.status_code == 200 and "The sent one" in page.content.decode()
    assert client.get(reverse("newsletter_edition", args=["published-unsent"])).status_code == 404
    feed = client.get(reverse("newsletter_archive_feed"))
    body = feed.content.decode()
    assert feed["Content-Type"].startswith("application/rss+xml")
    assert "http://testserver/newsletter/archive/sent-one/" in body
    assert "Published not sent" not in body and "Only a draft" not in body


def test_an_address_that_leaves_the_newsletter_leaves_the_delivery_lists(subscribe, make_edition):
    """Deliveries keep addresses only while they guard against a second mail: unsubscribing
    (or erasure) removes the address from every edition's list."""
    from community import newsletter

    edition = make_edition()
    subscribe("leaving@example.org")
    subscribe("staying@example.org")
    Delivery.objects.create(edition=edition, email="leaving@example.org")
    Delivery.objects.create(edition=edition, email="staying@example.org")
    assert newsletter.unsubscribe("Leaving@Example.org")
    assert list(Delivery.objects.values_list("email", flat=True)) == ["staying@example.org"]
