"""Sending stored mails: each is claimed before it is sent, so it goes at most once.

A claim is one conditional UPDATE (queued → sending): of two workers given the same mail, one
wins and the other does nothing. A mail found still "sending" long after its claim was being
sent by a worker that died: whether it went is unknown, so it is marked failed for staff to
check and send again, never sent again by itself.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import OutgoingMail

logger = logging.getLogger(__name__)

# Seconds before each new attempt; after the last one the mail is marked failed (~10 hours).
RETRY_DELAYS = (60, 300, 900, 3600, 3 * 3600, 6 * 3600)
STALE_SENDING = timedelta(minutes=15)

State = OutgoingMail.State


def retry_delays() -> tuple[int, ...]:
    return tuple(getattr(settings, "OUTBOX_RETRY_DELAYS", RETRY_DELAYS))


def deliver(mail_id: int, connection=None) -> str:
    """Send one stored mail if it is due; returns what happened ("sent", "retry", "failed",
    or "skipped" when it was not waiting, not due, or another worker has it)."""
    now = timezone.now()
    mail = OutgoingMail.objects.select_related("after").filter(pk=mail_id).first()
    if mail is None or (mail.after is not None and mail.after.state != State.SENT):
        return "skipped"
    # The claim filters on the row itself, with no join or subquery: PostgreSQL re-checks a
    # blocked UPDATE's WHERE against the row another worker just committed, so of two claims
    # one updates the row and the other none (a subquery's condition would not be re-checked).
    if not OutgoingMail.objects.filter(
        pk=mail_id, state=State.QUEUED, next_attempt_at__lte=now
    ).update(state=State.SENDING, attempts=F("attempts") + 1, next_attempt_at=now):
        return "skipped"
    mail.refresh_from_db()
    try:
        mail.as_message(connection=connection).send()
    except Exception as error:  # refused, timed out, server down...
        return _failed(mail, error)
    _sent(mail)
    return "sent"


def _sent(mail: OutgoingMail) -> None:
    with transaction.atomic():
        # Once sent, the text goes: it may carry a personal link (a password reset, a
        # registration's own page) that nobody reading the outbox should be able to follow.
        OutgoingMail.objects.filter(pk=mail.pk).update(
            state=State.SENT,
            sent_at=timezone.now(),
            last_error="",
            body="",
            alternatives=[],
            attachments=[],
        )
        _mark_about(mail, None)
        followers = list(mail.followers.filter(state=State.QUEUED).values_list("pk", flat=True))
    for follower in followers:
        _hand_over_now(follower)


def _failed(mail: OutgoingMail, error: Exception) -> str:
    delays = retry_delays()
    reason = f"{type(error).__name__}: {error}"[:2000]
    if mail.attempts <= len(delays):
        retry_at = timezone.now() + timedelta(seconds=delays[mail.attempts - 1])
        OutgoingMail.objects.filter(pk=mail.pk).update(
            state=State.QUEUED, next_attempt_at=retry_at, last_error=reason
        )
        logger.warning(
            "Mail %s (%s) not sent, attempt %d; next at %s: %s",
            mail.pk,
            mail.kind,
            mail.attempts,
            retry_at.isoformat(timespec="seconds"),
            reason,
        )
        _hand_over_later(mail.pk, retry_at)
        return "retry"
    with transaction.atomic():
        OutgoingMail.objects.filter(pk=mail.pk).update(state=State.FAILED, last_error=reason)
        _mark_about(mail, timezone.now())
    logger.error(
        "Mail %s (%s) failed after %d attempts: %s", mail.pk, mail.kind, mail.attempts, reason
    )
    return "failed"


def _mark_about(mail: OutgoingMail, failed_at) -> None:
    """Set (or clear) `mail_failed_at` on what the mail is about, where there is such a field."""
    if mail.about_type_id is None:
        return
    model = mail.about_type.model_class()
    if model is None or "mail_failed_at" not in {f.name for f in model._meta.get_fields()}:
        return
    rows = model._default_manager.filter(pk=mail.about_id)
    if failed_at is None:
        # Another mail about it that failed for good still needs the mark.
        others = OutgoingMail.objects.failed().filter(
            about_type_id=mail.about_type_id, about_id=mail.about_id
        )
        if not others.exists():
            rows.exclude(mail_failed_at=None).update(mail_failed_at=None)
    else:
        rows.update(mail_failed_at=failed_at)


def _hand_over_now(mail_id: int) -> None:
    from .tasks import deliver_mail

    try:
        deliver_mail.enqueue(mail_id)
    except Exception:
        logger.exception("Mail %s stays queued: the task backend refused it", mail_id)


def _hand_over_later(mail_id: int, when) -> None:
    """With a backend that can defer (the database queue), the retry is a task of its own;
    otherwise the next `send_queued_mails` run picks the mail up."""
    from .tasks import deliver_mail

    if not deliver_mail.get_backend().supports_defer:
        return
    try:
        deliver_mail.using(run_after=when).enqueue(mail_id)
    except Exception:
        logger.exception("Mail %s stays queued: the task backend refused the retry", mail_id)


def deliver_due(limit: int | None = None) -> dict[str, int]:
    """Send every mail that is due (what the cron job and a restarted site catch up on) and
    mark stale claims failed; returns counts per outcome."""
    counts = {"sent": 0, "retry": 0, "failed": 0, "skipped": 0, "stale": release_stale()}
    ids = OutgoingMail.objects.due().order_by("next_attempt_at", "pk").values_list("pk", flat=True)
    for mail_id in list(ids[:limit] if limit else ids):
        counts[deliver(mail_id)] += 1
    return counts


def release_stale() -> int:
    """Mails claimed long ago and never finished: their worker died mid-send."""
    cutoff = timezone.now() - STALE_SENDING
    stale = list(
        OutgoingMail.objects.filter(state=State.SENDING, next_attempt_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    )
    for mail_id in stale:
        mail = OutgoingMail.objects.get(pk=mail_id)
        with transaction.atomic():
            updated = OutgoingMail.objects.filter(pk=mail_id, state=State.SENDING).update(
                state=State.FAILED,
                uncertain=True,
                last_error="The worker stopped while sending this mail: it may have gone. "
                "Check with the recipient before sending it again.",
            )
            if updated:
                _mark_about(mail, timezone.now())
    return len(stale)


def requeue(mails, *, uncertain: bool = False) -> int:
    """Send failed mails again: back to waiting, with a fresh count of attempts, handed to the
    worker after commit. Returns how many were requeued. Mails that may have gone already
    (`uncertain`) only when a person decided so (the admin's "Send again")."""
    failed = mails.filter(state=State.FAILED)
    if not uncertain:
        failed = failed.filter(uncertain=False)
    ids = list(failed.values_list("pk", flat=True))
    with transaction.atomic():
        OutgoingMail.objects.filter(pk__in=ids, state=State.FAILED).update(
            state=State.QUEUED, attempts=0, next_attempt_at=timezone.now(), uncertain=False
        )
        for mail_id in ids:
            transaction.on_commit(lambda mail_id=mail_id: _hand_over_now(mail_id))
    return len(ids)
