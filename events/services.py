"""Every write to registrations goes through these functions (pretix's services pattern).

Each public function is one transaction. Those that change who holds a seat first lock the
event's row (events/seats.py), so that capacity stays exact under concurrency.

Refusals are `RegistrationError` subclasses (events/refusals.py) with a message for the person
concerned; views turn them into form errors or messages. Mails are queued in the outbox in
the same transaction and sent by the background worker after commit (events/mails.py). The
refusals and the workshop counts are importable from here too, so that a caller needs one
module.
"""

from __future__ import annotations

from collections import Counter

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.newsletter import normalise_email
from events import mails
from events.answers import (
    NAME_MAX,
    ORGANISATION_MAX,
    clean_answers,
    full_choice,
    workshop_choices,
    workshop_usage,
    workshops_full,
)
from events.models import Registration, RegistrationPhase, RegistrationStatus
from events.models.registrations import pending_hours
from events.refusals import (
    AlreadyRegistered,
    CheckInError,
    ConfirmationExpired,
    EventCancelled,
    EventFull,
    EventOver,
    InvalidRegistration,
    RegistrationClosed,
    RegistrationDisabled,
    RegistrationError,
    RegistrationNotOpen,
    WorkshopFull,
)
from events.seats import fill_free_seats, fill_seats, lock_event, seat_counts
from hub.outbox import language as mail_language

__all__ = [
    "AlreadyRegistered",
    "CheckInError",
    "ConfirmationExpired",
    "EventCancelled",
    "EventFull",
    "EventOver",
    "InvalidRegistration",
    "RegistrationClosed",
    "RegistrationDisabled",
    "RegistrationError",
    "RegistrationNotOpen",
    "WorkshopFull",
    "anonymise_old_registrations",
    "cancel",
    "change_answers",
    "fill_free_seats",
    "register",
    "workshop_usage",
    "workshops_full",
]


# --- Register, cancel ------------------------------------------------------------------------


def register(
    event,
    *,
    name,
    email,
    answers=None,
    user=None,
    organisation="",
    consent_text="",
    by_organiser=False,
    force_confirm=False,
    notify=True,
    unverified_address=False,
    base_url=None,
    language=None,
) -> Registration:
    """Register `email` for `event`: confirmed while there are seats, else on the waiting list.

    `unverified_address`: nothing shows the address is the registrant's (the public form, not
    signed in with it). If the event asks for it (`confirm_email`), the registration is then
    only PENDING, holds nothing, and its address gets a link to `confirm_pending()`.

    Raises EventCancelled, EventOver, RegistrationDisabled, RegistrationNotOpen,
    RegistrationClosed (the last three not for organisers), AlreadyRegistered (the existing
    registration is on the exception), EventFull, WorkshopFull or InvalidRegistration.
    Organisers may `force_confirm` beyond the capacity of the event and its workshops.

    `language`: the registrant's (their mails are written in it); by default the page's they
    registered from, or for someone an organiser adds, the language of the member who owns
    the address (blank if none: the site default).
    """
    name = " ".join(str(name or "").split())
    organisation = " ".join(str(organisation or "").split())
    email = normalise_email(str(email or ""))
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidRegistration(_("Enter a valid e-mail address."), field="email") from None
    if not name or len(name) > NAME_MAX:
        raise InvalidRegistration(_("Enter your name (at most 200 characters)."), field="name")
    if len(email) > 254 or len(organisation) > ORGANISATION_MAX:
        raise InvalidRegistration()
    base_url = base_url or mails.base_url_for()
    if language is None:
        language = _language_of(email, user, by_organiser)
    now = timezone.now()

    with transaction.atomic():
        locked = lock_event(event)
        phase = locked.registration_phase(now)
        if phase == RegistrationPhase.CANCELLED:
            raise EventCancelled()
        if phase == RegistrationPhase.OVER:
            raise EventOver()
        if not by_organiser:
            if phase == RegistrationPhase.NONE:
                raise RegistrationDisabled()
            if phase == RegistrationPhase.NOT_OPEN:
                raise RegistrationNotOpen()
            if phase == RegistrationPhase.CLOSED:
                raise RegistrationClosed()

        questions = locked.question_list()
        answers = clean_answers(questions, answers or {})
        existing = Registration.objects.filter(event=locked).for_email(email).first()
        pending = unverified_address and locked.confirm_email and not by_organiser

        confirmed, waiting = seat_counts(locked)
        if waiting and (locked.capacity is None or confirmed < locked.capacity):
            # Seats freed since (a raised capacity, say) go to the waiting list first.
            confirmed += len(fill_seats(locked, now, base_url, confirmed=confirmed))

        usage = workshop_usage(locked, questions) if not force_confirm else Counter()
        refuse_a_full_workshop(questions, answers, usage)

        if force_confirm or locked.capacity is None or confirmed < locked.capacity:
            status = RegistrationStatus.CONFIRMED
        elif locked.waiting_list_enabled:
            status = RegistrationStatus.WAITLISTED
        else:
            raise EventFull()
        # Checked after the rest, so that the refusal knows what a new registration gets.
        if _blocks(existing, pending, now):
            raise AlreadyRegistered(
                registration=existing,
                would_be=RegistrationStatus.PENDING if pending else status,
                position=waiting + 1 if status == RegistrationStatus.WAITLISTED else None,
            )
        if pending:
            status = RegistrationStatus.PENDING

        registration = existing or Registration(event=locked)
        registration.event = locked
        registration.name = name
        registration.email = email
        registration.organisation = organisation
        registration.answers = answers
        registration.user = user if (user is not None and user.is_authenticated) else None
        registration.status = status
        registration.created_at = now
        registration.confirmed_at = now if status == RegistrationStatus.CONFIRMED else None
        registration.promoted_at = None
        registration.cancelled_at = None
        registration.checked_in_at = None
        registration.consent_text = str(consent_text or "")
        registration.consented_at = now if consent_text else None
        registration.added_by_organiser = by_organiser
        registration.mail_failed_at = None
        registration.language = language
        try:
            registration.save()
        except IntegrityError as error:
            # The unique (event, e-mail) constraint caught a duplicate that bypassed the lock
            # (a write outside these services); the transaction is rolled back.
            if "events_registration_one_per_email" not in str(error):
                raise
            raise AlreadyRegistered(
                would_be=RegistrationStatus.PENDING if pending else status
            ) from None
        if notify:
            mails.queue(MAIL_FOR[status], registration, base_url=base_url, extra=mail_extra())
    return registration


def _language_of(email: str, user, by_organiser: bool) -> str:
    """Who registers themselves reads the page's language; whom an organiser adds, their
    profile's if they are a member (the organiser's language says nothing about theirs)."""
    if not by_organiser:
        return mail_language.current()
    if user is not None and user.is_authenticated:
        return mail_language.of_user(user)
    return mail_language.of_address(email)


def refuse_a_full_workshop(questions, answers, usage) -> None:
    """Raise WorkshopFull, on the question's field, for the first chosen workshop that `usage`
    (places taken per option) shows full."""
    full = full_choice(workshop_choices(questions, answers), usage)
    if full is not None:
        question, option = full
        raise WorkshopFull(
            _("The workshop “%(option)s” is full. Please choose another one.") % {"option": option},
            field=question.key,
        )


MAIL_FOR = {
    RegistrationStatus.CONFIRMED: mails.CONFIRMED,
    RegistrationStatus.WAITLISTED: mails.WAITLISTED,
    RegistrationStatus.CANCELLED: mails.CANCELLED,
    RegistrationStatus.PENDING: mails.CONFIRM_EMAIL,
}


def mail_extra() -> dict:
    return {"pending_hours": pending_hours()}


def _blocks(existing, pending: bool, now) -> bool:
    """Does the address's earlier registration stand in the way of this one?

    An expired pending one never does; a pending one only when this one would be pending too
    (an organiser, or a member signed in with the address, replaces it).
    """
    if existing is None:
        return False
    if existing.is_pending:
        return pending and not existing.is_expired(now)
    return existing.is_active


def cancel(registration, *, by_organiser=False, notify=True, base_url=None) -> Registration:
    """Cancel a registration; a freed seat goes to the waiting list. Idempotent.

    People may cancel until the event ends; organisers at any time.
    """
    base_url = base_url or mails.base_url_for()
    now = timezone.now()
    with transaction.atomic():
        locked = lock_event(registration.event)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        current.event = locked
        if current.is_cancelled:
            return current
        if not by_organiser and locked.end < now:
            raise EventOver()
        was_confirmed = current.is_confirmed
        current.status = RegistrationStatus.CANCELLED
        current.cancelled_at = now
        current.save(update_fields=["status", "cancelled_at"])
        if notify:
            mails.queue(mails.CANCELLED, current, base_url=base_url)
        if was_confirmed:
            fill_seats(locked, now, base_url)
    return current


def change_answers(
    registration, *, name, answers, organisation="", notify=True, base_url=None
) -> Registration:
    """The registrant changes their name, organisation and answers (their own page).

    Checked like register(): same questions and limits, and a newly chosen workshop must have a
    place left (the place the registration holds in its current workshop counts as free for
    it), all under the event's lock. The e-mail address never changes here. Raises
    InvalidRegistration, WorkshopFull, EventCancelled or EventOver; nothing is written then.
    """
    name = " ".join(str(name or "").split())
    organisation = " ".join(str(organisation or "").split())
    if not name or len(name) > NAME_MAX:
        raise InvalidRegistration(_("Enter your name (at most 200 characters)."), field="name")
    if len(organisation) > ORGANISATION_MAX:
        raise InvalidRegistration(field="organisation")
    base_url = base_url or mails.base_url_for()
    now = timezone.now()
    with transaction.atomic():
        locked = lock_event(registration.event)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        current.event = locked
        if locked.is_cancelled:
            raise EventCancelled()
        if locked.end < now:
            raise EventOver()
        if not current.is_active:
            raise InvalidRegistration(_("This registration is cancelled: register again."))
        questions = locked.question_list()
        answers = clean_answers(questions, answers or {})
        usage = workshop_usage(locked, questions)
        if current.is_confirmed:  # its own places are free for it
            for question, option in workshop_choices(questions, current.answers or {}):
                usage[(question.key, option)] -= 1
        refuse_a_full_workshop(questions, answers, usage)
        current.name = name
        current.organisation = organisation
        current.answers = answers
        current.save(update_fields=["name", "organisation", "answers"])
        if notify:
            mails.queue(mails.ANSWERS_CHANGED, current, base_url=base_url)
        # A workshop place given up may be what someone on the waiting list was waiting for.
        fill_seats(locked, now, base_url)
    return current


# --- Retention -------------------------------------------------------------------------------


def anonymise_old_registrations(days: int, *, now=None) -> int:
    """Strip the personal data from registrations of events that ended more than `days` ago.

    Statuses and times stay (for attendance figures). Idempotent: rows done before are skipped.
    """
    now = now or timezone.now()
    with transaction.atomic():
        rows = Registration.objects.for_retention_purge(days, now)
        mails.forget(rows)
        return rows.update(
            name="",
            email="",
            organisation="",
            answers={},
            user=None,
            consent_text="",
            anonymised_at=now,
        )
