"""Sending an edition: to whom, a test to the editor, and the batches the worker works through.

Resumable and never twice: each batch creates the Delivery rows and queues the outbox mails in
one transaction (with the edition's row locked, so two runs never take the same batch); a run
skips every address that already has a Delivery. A worker killed mid-batch leaves nothing of
that batch behind, and the next run (the follow-up task queued before the batch began, or
`manage.py send_newsletter` again) does it. The outbox then sends each queued mail once.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from community.editions import render
from community.editions.models import Delivery, Edition
from community.models import Subscriber
from hub import outbox

logger = logging.getLogger(__name__)
MAIL_KIND = "newsletter.edition"


class NotSendable(Exception):
    """The message says why, for the editor."""


def recipients(edition):
    """Confirmed subscribers it goes to: everyone, or those of its topics plus those who chose
    no topic (they asked for everything)."""
    subscribers = Subscriber.objects.confirmed()
    if edition.audience == Edition.Audience.TOPICS:
        topic_ids = list(edition.topics.values_list("pk", flat=True))
        subscribers = subscribers.filter(Q(topics__in=topic_ids) | Q(topics__isnull=True))
    return subscribers.distinct().order_by("pk")


def waiting(edition):
    """Recipients without a delivery yet."""
    done = Delivery.objects.filter(edition=edition).values("email")
    return recipients(edition).exclude(email__in=done)


def check_sendable(edition) -> None:
    from django.utils.translation import gettext as _

    if not edition.live:
        raise NotSendable(
            _("“%(title)s” is not published: publish it before sending.") % {"title": edition}
        )
    if edition.has_unpublished_changes:
        raise NotSendable(
            _("“%(title)s” has changes that are not published: publish or discard them first.")
            % {"title": edition}
        )
    if edition.audience == Edition.Audience.TOPICS and not edition.topics.exists():
        raise NotSendable(_("Choose at least one topic, or send it to everyone."))


def send_test(edition, email: str):
    """A test of the edition as it stands (draft included) to one address, through the outbox."""
    from django.utils.translation import gettext as _

    mail = render.build_mail(edition, Subscriber(email=email), subject_prefix=_("[Test] "))
    with transaction.atomic():
        return outbox.queue(mail, kind=f"{MAIL_KIND}.test", about=edition)


def start(edition, user=None) -> int:
    """Send the published edition (the Send button, `send_newsletter`): mark it sent, keep what
    its automatic blocks show, and hand the batches to the worker. Sending again resumes: those
    who have it are skipped. Returns how many recipients are still waiting."""
    check_sendable(edition)
    with transaction.atomic():
        locked = Edition.objects.select_for_update().get(pk=edition.pk)
        if locked.sent_at is None:
            locked.snapshot = render.take_snapshot(locked)
            locked.sent_at = timezone.now()
            locked.sent_by = user
        locked.finished_at = None
        locked.save(update_fields=["snapshot", "sent_at", "sent_by", "finished_at"])
        count = waiting(locked).count()
    edition.refresh_from_db()
    from community.editions.tasks import send_edition

    transaction.on_commit(lambda: send_edition.enqueue(edition.pk), robust=True)
    return count


def batch_size() -> int:
    return max(1, settings.NEWSLETTER_BATCH_SIZE)


def send_batch(edition_id: int) -> int:
    """Queue the mails of up to one batch of recipients; returns how many were queued."""
    with transaction.atomic():
        edition = Edition.objects.select_for_update().filter(pk=edition_id).first()
        if edition is None or edition.sent_at is None:
            return 0
        batch = list(waiting(edition)[: batch_size()])
        if not batch:
            if edition.finished_at is None:
                edition.finished_at = timezone.now()
                edition.save(update_fields=["finished_at"])
            return 0
        bodies = render.email_bodies(edition)
        for subscriber in batch:
            delivery = Delivery.objects.create(edition=edition, email=subscriber.email)
            mail = outbox.queue(
                render.build_mail(edition, subscriber, bodies), kind=MAIL_KIND, about=edition
            )
            delivery.mail = mail
            delivery.save(update_fields=["mail"])
    logger.info("Edition %s: %d mails queued", edition_id, len(batch))
    return len(batch)


def run(edition_id: int, task=None) -> int:
    """The worker's task. With a queue that can wait (the database queue), the follow-up is
    queued first, to run after the pause: if this worker dies mid-batch, the follow-up redoes
    the batch. Otherwise (tests, scripts: the immediate backend) every batch is sent here."""
    if task is None or not task.get_backend().supports_defer:
        total = 0
        while queued := send_batch(edition_id):
            total += queued
        return total
    if not waiting(Edition.objects.get(pk=edition_id)).exists():
        return send_batch(edition_id)  # marks it finished
    pause = timedelta(seconds=max(0, settings.NEWSLETTER_BATCH_PAUSE_SECONDS))
    task.using(run_after=timezone.now() + pause).enqueue(edition_id)
    return send_batch(edition_id)
