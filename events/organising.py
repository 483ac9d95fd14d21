"""What organisers do to an event's registrations: cancel the event, mail its registrants,
send a registration's mail again, check people in, count them.

Like events/services.py (the registrants' side), each write is one transaction and locks what
it changes; mails are queued in the outbox in the same transaction (events/mails.py).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from events import mails
from events.models import EventPage, OrganiserMessage, Registration, RegistrationStatus
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


# --- Messages to an event's registrants ---------------------------------------------------------
# An audience is a key: "confirmed", "waitlisted", "checked_in", "not_checked_in", or
# "workshop:<question key>:<option>" (the confirmed people who chose that workshop).

CHECKED_IN = "checked_in"
NOT_CHECKED_IN = "not_checked_in"
WORKSHOP_PREFIX = "workshop:"
# The same message (event, audience, subject, body) sent again within this time is refused:
# a double submit, or a second organiser sending what the first just sent.
REPEAT_WINDOW = timedelta(minutes=1)


@dataclass(frozen=True)
class Audience:
    key: str
    label: str


def audiences(event, questions=None) -> list[Audience]:
    """Who an organiser can write to: everyone confirmed, the waiting list, those checked in,
    those not (yet) checked in, and the confirmed people who chose each workshop."""
    questions = event.question_list() if questions is None else questions
    found = [
        Audience(RegistrationStatus.CONFIRMED, _("Everyone confirmed")),
        Audience(RegistrationStatus.WAITLISTED, _("Everyone on the waiting list")),
        Audience(CHECKED_IN, _("Everyone checked in")),
        Audience(NOT_CHECKED_IN, _("Everyone confirmed who has not checked in")),
    ]
    for question in questions:
        if not question.is_workshop:
            continue
        for option, _places in question.option_list():
            found.append(
                Audience(
                    f"{WORKSHOP_PREFIX}{question.key}:{option}",
                    _("Confirmed, chose “%(option)s” (%(question)s)")
                    % {"option": option, "question": question.label},
                )
            )
    return found


def _audience_filter(audience: str) -> Q:
    confirmed = Q(status=RegistrationStatus.CONFIRMED)
    if audience == RegistrationStatus.CONFIRMED:
        return confirmed
    if audience == RegistrationStatus.WAITLISTED:
        return Q(status=RegistrationStatus.WAITLISTED)
    if audience == CHECKED_IN:
        return confirmed & Q(checked_in_at__isnull=False)
    if audience == NOT_CHECKED_IN:
        return confirmed & Q(checked_in_at__isnull=True)
    if audience.startswith(WORKSHOP_PREFIX):
        key, colon, option = audience.removeprefix(WORKSHOP_PREFIX).partition(":")
        if colon and key.startswith("q") and key[1:].isdigit():
            return confirmed & Q(**{f"answers__{key}": option})
    raise ValueError(f"unknown audience {audience!r}")


def recipients(event, audience: str):
    """The registrations an audience names (ValueError for an unknown one), oldest first."""
    return (
        Registration.objects.filter(event_id=event.pk)
        .filter(_audience_filter(audience))
        .not_anonymised()
        .order_by("created_at", "pk")
    )


def audience_counts(event, keys) -> dict[str, int]:
    """How many people each audience reaches, in one query."""
    keys = list(keys)
    totals = (
        Registration.objects.filter(event_id=event.pk)
        .not_anonymised()
        .aggregate(
            **{
                f"a{index}": Count("pk", filter=_audience_filter(key))
                for index, key in enumerate(keys)
            }
        )
    )
    return {key: totals[f"a{index}"] for index, key in enumerate(keys)}


@dataclass(frozen=True)
class MessageResult:
    queued: int
    message: OrganiserMessage | None = None
    duplicate: bool = False  # the same message was sent already: nothing was queued


def new_message_token() -> str:
    return secrets.token_urlsafe(24)


def send_message(
    event,
    *,
    audience: str,
    subject: str,
    body: str,
    base_url=None,
    sent_by=None,
    token: str | None = None,
    audience_label: str = "",
) -> MessageResult:
    """Mail everyone in `audience` (see `audiences()`): one mail each, queued for the worker
    in the same transaction as the log entry (OrganiserMessage).

    Idempotent: a second call with the same `token` (the confirm form's), or the same message
    to the same audience within REPEAT_WINDOW, queues nothing and returns `duplicate=True`.
    """
    _audience_filter(audience)  # ValueError before anything is written
    subject, body = subject.strip(), body.strip()
    base_url = base_url or mails.base_url_for()
    token = token or new_message_token()
    with transaction.atomic():
        locked = lock_event(event)  # two submits of one form queue one after the other
        sent = OrganiserMessage.objects.filter(event_id=locked.pk)
        earlier = sent.filter(token=token).first() or (
            sent.filter(
                audience=audience,
                subject=subject,
                body=body,
                sent_at__gte=timezone.now() - REPEAT_WINDOW,
            ).first()
        )
        if earlier is not None:
            return MessageResult(0, earlier, duplicate=True)
        people = list(recipients(locked, audience))
        for registration in people:
            registration.event = locked
        queued = mails.queue_many(
            mails.ORGANISER_MESSAGE,
            people,
            base_url=base_url,
            extra={"message_subject": subject, "message_body": body},
        )
        message = OrganiserMessage.objects.create(
            event_id=locked.pk,
            audience=audience,
            audience_label=audience_label or _audience_label(locked, audience),
            subject=subject,
            body=body,
            sent_by=sent_by if sent_by is not None and sent_by.pk else None,
            recipient_count=queued,
            token=token,
        )
    return MessageResult(queued, message)


def _audience_label(event, audience: str) -> str:
    labels = {found.key: found.label for found in audiences(event)}
    return str(labels.get(audience, audience))[:400]


def send_test(event, *, audience: str, subject: str, body: str, user, base_url=None):
    """One copy of the message to the organiser (`user`), "[Test]" before its subject, as the
    first person of `audience` would get it but greeting the organiser; through the outbox.
    Returns the stored mail, or None when the organiser has no address."""
    _audience_filter(audience)
    if not getattr(user, "email", ""):
        return None
    with transaction.atomic():
        return mails.queue_organiser_test(
            event,
            user=user,
            waitlisted=audience == RegistrationStatus.WAITLISTED,
            subject=subject.strip(),
            body=body.strip(),
            base_url=base_url or mails.base_url_for(),
        )


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


@dataclass(frozen=True)
class ScanResult:
    registration: Registration
    already: bool  # was checked in before this scan


def check_in_scanned(event, text: str) -> ScanResult:
    """Check in the registration whose personal link (the QR code on its own page and in its
    confirmation mail) was scanned, if it is one of `event`'s; CheckInError says why not."""
    from urllib.parse import urlsplit

    from events import tokens

    parts = [part for part in urlsplit((text or "").strip()[:2000]).path.split("/") if part]
    if "registration" not in parts or len(parts) < parts.index("registration") + 4:
        raise CheckInError(_("This code is not the personal link of a registration."))
    at = parts.index("registration")
    read = tokens.read_token(tokens.SEPARATOR.join(parts[at + 1 : at + 4]))
    registration = Registration.objects.filter(pk=read[0]).first() if read else None
    if registration is None or not tokens.matches(registration, read[1]):
        raise CheckInError(
            _("This link does not work any more (it was replaced, or is too old): search by name.")
        )
    if registration.event_id != event.pk:
        other = EventPage.objects.filter(pk=registration.event_id).first()
        raise CheckInError(
            _("This registration is for another event: %(title)s. Nobody was checked in.")
            % {"title": other.title if other else "?"}
        )
    if registration.anonymised_at:
        raise CheckInError(_("This registration's personal data was removed."))
    registration.event = event
    already = registration.checked_in_at is not None
    try:
        current = check_in(registration)
    except CheckInError:
        raise CheckInError(
            _("%(name)s is not confirmed (%(status)s): not checked in.")
            % {"name": registration.name, "status": registration.get_status_display().lower()}
        ) from None
    current.event = event
    return ScanResult(current, already)


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
