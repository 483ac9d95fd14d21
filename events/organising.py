"""What organisers do to an event's registrations: cancel the event, mail its registrants,
send a registration's mail again, check people in, count them.

Like events/services.py (the registrants' side), each write is one transaction and locks what
it changes; mails are queued in the outbox in the same transaction (events/mails.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from events import mails
from events.models import EventPage, Registration, RegistrationStatus
from events.refusals import CheckInError
from events.seats import lock_event
from events.services import MAIL_FOR, mail_extra


def cancel_event(event, *, message="", base_url=None) -> int:
    """Cancel the event and mail everyone registered or waiting; returns how many are mailed.

    Idempotent: a second call changes nothing and mails no one.
    """
    base_url = base_url or mails.base_url_for()
    now = timezone.now()
    with transaction.atomic():
        locked = lock_event(event)
        if locked.is_cancelled:
            return 0
        locked.cancelled_at = now
        locked.cancellation_message = message.strip()
        EventPage.objects.filter(pk=locked.pk).update(
            cancelled_at=now, cancellation_message=locked.cancellation_message
        )
        recipients = list(Registration.objects.filter(event=locked).active())
        for registration in recipients:
            registration.event = locked
            mails.queue(
                mails.EVENT_CANCELLED,
                registration,
                base_url=base_url,
                extra={"message": locked.cancellation_message},
            )
    return len(recipients)


@dataclass(frozen=True)
class MessageResult:
    queued: int


def send_message(event, *, audience: str, subject: str, body: str, base_url=None) -> MessageResult:
    """Mail everyone confirmed (audience 'confirmed') or waiting ('waitlisted'): one mail each,
    queued for the worker."""
    if audience not in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED):
        raise ValueError(f"unknown audience {audience!r}")
    base_url = base_url or mails.base_url_for()
    recipients = (
        Registration.objects.filter(event_id=event.pk, status=audience)
        .select_related("event")
        .order_by("created_at", "pk")
    )
    queued = mails.queue_many(
        mails.ORGANISER_MESSAGE,
        recipients,
        base_url=base_url,
        extra={"message_subject": subject.strip(), "message_body": body.strip()},
    )
    return MessageResult(queued)


class Resend:
    """What `resend_mail()` did."""

    QUEUED = "queued"  # a mail is on its way again
    WAITING = "waiting"  # a mail about the registration still waits: that one will go
    CHANGED = "changed"  # its mails changed since the page was shown (a second click)
    NOT_BUILT = "not_built"  # the mail could not be made (logged): nothing to send


def resend_mail(registration, *, seen: str | None = None, base_url=None) -> str:
    """Send the registration's mail again (it failed, or the person lost it); returns a Resend.

    Its failed mails that still hold (of the kind its current state sends, and organisers'
    messages) go back in the queue as they were; with none, the mail of its current state is
    queued afresh. `seen`: the registration's mail token (`mails.history_tokens()`) when the
    organiser's page was shown; if it changed since (the first of two clicks resent already),
    nothing is queued. Without `seen` only a mail still waiting stops a new one.
    """
    from hub.outbox import delivery
    from hub.outbox.models import OutgoingMail

    with transaction.atomic():
        # Two clicks queue one after the other: the second sees what the first did.
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        current.event = registration.event
        if seen is not None and mails.history_tokens([current.pk])[current.pk] != seen:
            return Resend.CHANGED
        kind = MAIL_FOR[current.status]
        if current.event.is_cancelled and current.is_active:
            kind = mails.EVENT_CANCELLED
        history = mails.mails_about(current)
        failed = history.filter(state=OutgoingMail.State.FAILED)
        again = list(
            failed.filter(kind=mails.outbox_kind(mails.ORGANISER_MESSAGE)).values_list(
                "pk", flat=True
            )
        )
        latest_of_kind = failed.filter(kind=mails.outbox_kind(kind)).order_by("-pk").first()
        if latest_of_kind is not None:
            again.append(latest_of_kind.pk)
        if again:
            delivery.requeue(OutgoingMail.objects.filter(pk__in=again))
        elif history.filter(
            state__in=[OutgoingMail.State.QUEUED, OutgoingMail.State.SENDING]
        ).exists():
            return Resend.WAITING
        elif (
            mails.queue(
                kind,
                current,
                base_url=base_url or mails.base_url_for(),
                extra={"message": current.event.cancellation_message, **mail_extra()},
            )
            is None
        ):
            return Resend.NOT_BUILT
        # No longer failed: it is on its way (the worker marks it again if it fails again).
        Registration.objects.filter(pk=current.pk).update(mail_failed_at=None)
        registration.mail_failed_at = None
    return Resend.QUEUED


def check_in(registration) -> Registration:
    """Mark a confirmed attendee as arrived (idempotent: the first time counts)."""
    with transaction.atomic():
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if not current.is_confirmed:
            raise CheckInError()
        if current.checked_in_at is None:
            current.checked_in_at = timezone.now()
            current.save(update_fields=["checked_in_at"])
    return current


def undo_check_in(registration) -> Registration:
    with transaction.atomic():
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.checked_in_at is not None:
            current.checked_in_at = None
            current.save(update_fields=["checked_in_at"])
    return current


def counts(event) -> dict:
    """Confirmed, waiting, cancelled and checked in, in one query."""
    return Registration.objects.filter(event_id=event.pk).aggregate(
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
        cancelled=Count("pk", filter=Q(status=RegistrationStatus.CANCELLED)),
        checked_in=Count(
            "pk", filter=Q(status=RegistrationStatus.CONFIRMED, checked_in_at__isnull=False)
        ),
    )
