"""The public side of registering: confirming the address before a seat is held, and an
answer that never tells whether an address is already registered (issue 15).

A registration from the public form by someone not signed in with the address is PENDING when
the event asks for confirmation (`EventPage.confirm_email`): it holds no seat and no
waiting-list place, and its mail carries the person's own link (events.tokens), whose page has
a button that calls `confirm_pending()`. A button, not the link itself: mail scanners open
links. Pending registrations not confirmed within EVENTS_PENDING_HOURS (24) hold nothing and
are deleted by `manage.py release_pending_registrations`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.newsletter import normalise_email
from events import mails
from events.answers import choices_fit, workshop_choices, workshop_usage
from events.models import Registration, RegistrationPhase, RegistrationStatus
from events.refusals import (
    AlreadyRegistered,
    ConfirmationExpired,
    EventCancelled,
    EventFull,
    EventOver,
    RegistrationClosed,
    RegistrationDisabled,
    RegistrationNotOpen,
    WorkshopFull,
)
from events.seats import fill_seats, lock_event, seat_counts
from events.services import MAIL_FOR, mail_extra, register


@dataclass(frozen=True)
class PublicAnswer:
    """What the public form tells the person who sent it."""

    status: str
    email: str
    position: int | None = None


def register_publicly(event, *, email, base_url=None, **fields) -> PublicAnswer:
    """register() for the public form, which must not tell whether an address is registered.

    For an address already registered nothing is written: its registrant gets a mail with their
    own link (the confirmation link again if still pending), and the sender the answer a new
    registration would have had. Either way the mail only waits in the outbox when this
    returns: whether it goes is known later (organisers see a final failure).
    """
    base_url = base_url or mails.base_url_for()
    try:
        registration = register(event, email=email, base_url=base_url, **fields)
    except AlreadyRegistered as duplicate:
        existing = duplicate.registration or (
            Registration.objects.filter(event_id=event.pk).for_email(normalise_email(email)).first()
        )
        if existing is not None:
            existing.event = event
            kind = mails.CONFIRM_EMAIL if existing.is_pending else mails.ALREADY_REGISTERED
            mails.queue(kind, existing, base_url=base_url, extra=mail_extra())
        return PublicAnswer(
            duplicate.would_be or RegistrationStatus.CONFIRMED,
            normalise_email(email),
            duplicate.position,
        )
    return PublicAnswer(registration.status, registration.email, registration.waiting_position())


def confirm_pending(registration, *, base_url=None) -> Registration:
    """The address is confirmed (its link was followed): take a seat or a waiting-list place
    now, under the same lock and rules as register(). Idempotent once confirmed.

    The registration counts from this moment (a new `created_at`: the waiting list is first
    confirmed, first served), so the link mailed with it gives way to the one in the mail sent
    now. Raises ConfirmationExpired, or a refusal of register(); a refusal for want of room
    releases the registration (cancelled: the address may register again).
    """
    base_url = base_url or mails.base_url_for()
    now = timezone.now()
    refusal = None
    with transaction.atomic():
        locked = lock_event(registration.event)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        current.event = locked
        if not current.is_pending:
            return current
        if current.is_expired(now):
            raise ConfirmationExpired(registration=current)
        phase = locked.registration_phase(now)
        if phase != RegistrationPhase.OPEN:
            raise {
                RegistrationPhase.CANCELLED: EventCancelled,
                RegistrationPhase.OVER: EventOver,
                RegistrationPhase.NONE: RegistrationDisabled,
                RegistrationPhase.NOT_OPEN: RegistrationNotOpen,
            }.get(phase, RegistrationClosed)()

        confirmed, waiting = seat_counts(locked)
        if waiting and (locked.capacity is None or confirmed < locked.capacity):
            confirmed += len(fill_seats(locked, now, base_url, confirmed=confirmed))
        questions = locked.question_list()
        fits = choices_fit(
            workshop_choices(questions, current.answers or {}), workshop_usage(locked, questions)
        )
        if fits and (locked.capacity is None or confirmed < locked.capacity):
            current.status = RegistrationStatus.CONFIRMED
            current.confirmed_at = now
        elif locked.waiting_list_enabled:
            current.status = RegistrationStatus.WAITLISTED
        else:
            refusal = (
                EventFull()
                if fits
                else WorkshopFull(
                    _(
                        "The workshop you chose filled up before you confirmed. Please register "
                        "again and choose another one."
                    )
                )
            )
            current.status = RegistrationStatus.CANCELLED
            current.cancelled_at = now
        current.created_at = now
        current.save(update_fields=["status", "confirmed_at", "cancelled_at", "created_at"])
        if refusal is None:
            mails.queue(MAIL_FOR[current.status], current, base_url=base_url)
    if refusal is not None:
        refusal.registration = current
        raise refusal
    return current


def release_expired_pending(now=None) -> int:
    """Delete the registrations whose address was not confirmed in time: they held nothing,
    and an address never shown to be real is not kept."""
    with transaction.atomic():
        expired = Registration.objects.pending_expired(now)
        mails.forget(expired)
        deleted, _by_model = expired.delete()
    return deleted
