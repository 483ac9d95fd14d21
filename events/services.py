"""Every write to registrations goes through these functions (pretix's services pattern).

Each public function is one transaction. Those that change who holds a seat first lock the
event's row (`SELECT … FOR UPDATE` on PostgreSQL), so that counting the seats and writing the
registration cannot interleave with another request: capacity stays exact under concurrency.
(SQLite has no row locks; it serialises writers on the whole database, which is as exact.)

Refusals are `RegistrationError` subclasses with a message for the person concerned; views turn
them into form errors or messages. Mails are sent after commit (events/mails.py).
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from community.newsletter import normalise_email
from events import mails
from events.models import (
    EventPage,
    EventQuestion,
    QuestionKind,
    Registration,
    RegistrationPhase,
    RegistrationStatus,
)
from events.models.registrations import pending_hours

NAME_MAX = 200
ORGANISATION_MAX = 200
SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 3000


# --- Refusals --------------------------------------------------------------------------------


class RegistrationError(Exception):
    """A registration (or cancellation) the rules do not allow; `message` says why."""

    default_message = _("This registration is not possible.")

    def __init__(self, message=None, *, registration=None, field=None):
        self.message = message or self.default_message
        self.registration = registration
        self.field = field  # the form field the message belongs to, if any
        super().__init__(str(self.message))


class RegistrationNotOpen(RegistrationError):
    default_message = _("Registration for this event has not opened yet.")


class RegistrationClosed(RegistrationError):
    default_message = _("Registration for this event is closed.")


class RegistrationDisabled(RegistrationError):
    default_message = _("This event does not take registrations on this site.")


class EventCancelled(RegistrationError):
    default_message = _("This event has been cancelled.")


class EventOver(RegistrationError):
    default_message = _("This event has already taken place.")


class EventFull(RegistrationError):
    default_message = _("This event is full and has no waiting list.")


class AlreadyRegistered(RegistrationError):
    """For organisers only; the public answer is the one a new registration gets
    (register_publicly), so that it tells no one whether an address is registered."""

    default_message = _("This e-mail address is already registered for this event.")

    def __init__(self, message=None, *, would_be=None, position=None, **kwargs):
        super().__init__(message, **kwargs)
        self.would_be = would_be  # the status a new registration would have had
        self.position = position  # and its place on the waiting list


class ConfirmationExpired(RegistrationError):
    default_message = _(
        "This registration was not confirmed in time and has been released. Please register again."
    )


class WorkshopFull(RegistrationError):
    default_message = _("This workshop is full. Please choose another one.")


class InvalidRegistration(RegistrationError):
    default_message = _("Some of the details are missing or not valid.")


class CheckInError(RegistrationError):
    default_message = _("Only confirmed registrations can be checked in.")


# --- Answers ---------------------------------------------------------------------------------


def clean_answers(questions: list[EventQuestion], answers: dict) -> dict:
    """Answers keyed by question ('q<id>'), checked against the questions; unknown keys dropped.

    The registration form checks the same things field by field; this is the last line for
    any other caller.
    """
    if not isinstance(answers, dict):
        raise InvalidRegistration()
    cleaned = {}
    for question in questions:
        value = answers.get(question.key)
        options = [name for name, _places in question.option_list()]
        if question.kind == QuestionKind.YES_NO:
            if value in (None, ""):
                if question.required:
                    raise InvalidRegistration(
                        _("Answer “%(q)s”.") % {"q": question.label}, field=question.key
                    )
                continue
            if not isinstance(value, bool):
                raise InvalidRegistration(field=question.key)
            cleaned[question.key] = value
        elif question.kind == QuestionKind.MULTIPLE:
            values = value or []
            if isinstance(values, str):
                values = [values]
            if not isinstance(values, list) or any(v not in options for v in values):
                raise InvalidRegistration(field=question.key)
            if question.required and not values:
                raise InvalidRegistration(
                    _("Answer “%(q)s”.") % {"q": question.label}, field=question.key
                )
            if values:
                cleaned[question.key] = [option for option in options if option in values]
        else:
            value = "" if value is None else value
            if not isinstance(value, str):
                raise InvalidRegistration(field=question.key)
            value = value.strip()
            if not value:
                if question.required:
                    raise InvalidRegistration(
                        _("Answer “%(q)s”.") % {"q": question.label}, field=question.key
                    )
                continue
            if (
                question.kind in (QuestionKind.SINGLE, QuestionKind.WORKSHOP)
                and value not in options
            ):
                raise InvalidRegistration(field=question.key)
            limit = LONG_TEXT_MAX if question.kind == QuestionKind.LONG_TEXT else SHORT_TEXT_MAX
            if len(value) > limit:
                raise InvalidRegistration(field=question.key)
            cleaned[question.key] = value
    return cleaned


def workshop_usage(event, questions=None) -> Counter:
    """{(question key, option): confirmed registrations that chose it}: two queries at most."""
    questions = [
        q for q in (questions if questions is not None else event.questions.all()) if q.is_workshop
    ]
    usage = Counter()
    if not questions:
        return usage
    keys = [q.key for q in questions]
    rows = (
        Registration.objects.filter(event_id=event.pk).confirmed().values_list("answers", flat=True)
    )
    for answers in rows:
        for key in keys:
            choice = (answers or {}).get(key)
            if choice:
                usage[(key, choice)] += 1
    return usage


def workshops_full(questions, usage: Counter) -> set[tuple[str, str]]:
    """The (question key, option) pairs that have no place left."""
    full = set()
    for question in questions:
        if not question.is_workshop:
            continue
        for option, places in question.option_list():
            if places is not None and usage[(question.key, option)] >= places:
                full.add((question.key, option))
    return full


def _workshop_choices(questions, answers) -> list[tuple[EventQuestion, str]]:
    return [(q, answers[q.key]) for q in questions if q.is_workshop and answers.get(q.key)]


def _fits(choices, usage: Counter) -> bool:
    for question, option in choices:
        places = dict(question.option_list()).get(option)
        if places is not None and usage[(question.key, option)] >= places:
            return False
    return True


# --- Locking ---------------------------------------------------------------------------------


# What registering depends on: re-read under the lock, so a change published a moment ago counts.
LOCKED_FIELDS = (
    "capacity",
    "waiting_list_enabled",
    "registration_enabled",
    "registration_opens_at",
    "registration_closes_at",
    "start",
    "end",
    "time_zone",
    "cancelled_at",
    "cancellation_message",
)


def _lock(event) -> EventPage:
    """The event with its row locked until the transaction ends (SELECT … FOR UPDATE).

    Only the event's own row is locked and only the fields above are read (a narrow, fast
    query: the lock is held until commit, so its cost bounds the registrations per second);
    the rest (title, slug, …) comes from the instance the caller passed.
    """
    values = (
        EventPage.objects.select_for_update(of=("self",))
        .filter(pk=event.pk)
        .order_by()
        .values(*LOCKED_FIELDS)
        .get()
    )
    locked = copy.copy(event)
    locked.__dict__.pop("confirmed_count", None)  # a cached count would be stale
    for name, value in values.items():
        setattr(locked, name, value)
    return locked


# --- Register, cancel, promote ---------------------------------------------------------------


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
) -> Registration:
    """Register `email` for `event`: confirmed while there are seats, else on the waiting list.

    `unverified_address`: nothing shows the address is the registrant's (the public form, not
    signed in with it). If the event asks for it (`confirm_email`), the registration is then
    only PENDING, holds nothing, and its address gets a link to `confirm_pending()`.

    Raises EventCancelled, EventOver, RegistrationDisabled, RegistrationNotOpen,
    RegistrationClosed (the last three not for organisers), AlreadyRegistered (the existing
    registration is on the exception), EventFull, WorkshopFull or InvalidRegistration.
    Organisers may `force_confirm` beyond the capacity of the event and its workshops.
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
    now = timezone.now()

    with transaction.atomic():
        locked = _lock(event)
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

        questions = list(locked.questions.all())
        answers = clean_answers(questions, answers or {})
        existing = Registration.objects.filter(event=locked).for_email(email).first()
        pending = unverified_address and locked.confirm_email and not by_organiser

        confirmed, waiting = _seat_counts(locked)
        if waiting and (locked.capacity is None or confirmed < locked.capacity):
            # Seats freed since (a raised capacity, say) go to the waiting list first.
            confirmed += len(_fill_seats(locked, now, base_url, confirmed=confirmed))

        usage = workshop_usage(locked, questions) if not force_confirm else Counter()
        for question, option in _workshop_choices(questions, answers):
            places = dict(question.option_list()).get(option)
            if places is not None and usage[(question.key, option)] >= places:
                raise WorkshopFull(
                    _("The workshop “%(option)s” is full. Please choose another one.")
                    % {"option": option},
                    field=question.key,
                )

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
            mails.send_on_commit(
                MAIL_FOR[status], registration, base_url=base_url, extra=mail_extra()
            )
    return registration


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
        locked = _lock(registration.event)
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
            mails.send_on_commit(mails.CANCELLED, current, base_url=base_url)
        if was_confirmed:
            _fill_seats(locked, now, base_url)
    return current


def fill_free_seats(event, *, base_url=None) -> list[Registration]:
    """Give free seats to the waiting list (after the capacity was raised, for instance)."""
    base_url = base_url or mails.base_url_for()
    with transaction.atomic():
        return _fill_seats(_lock(event), timezone.now(), base_url)


def _seat_counts(locked) -> tuple[int, int]:
    """(confirmed, waiting) in one query."""
    counted = Registration.objects.filter(event=locked).aggregate(
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
    )
    return counted["confirmed"], counted["waiting"]


def _fill_seats(locked, now, base_url, *, confirmed=None) -> list[Registration]:
    """Promote from the waiting list, first come first served, while there are seats.

    Someone whose chosen workshop is full keeps their place and the seat goes to the next
    person whose choices fit. Must run with the event row locked; `confirmed` saves a count
    when the caller has just made it.
    """
    if locked.is_cancelled or locked.end < now:
        return []
    free = None
    if locked.capacity is not None:
        if confirmed is None:
            confirmed = Registration.objects.filter(event=locked).confirmed().count()
        free = locked.capacity - confirmed
        if free <= 0:
            return []
    waiting = list(Registration.objects.filter(event=locked).waiting_order())
    if not waiting:
        return []
    questions = list(locked.questions.all())
    usage = workshop_usage(locked, questions)
    promoted = []
    for registration in waiting:
        if free is not None and free <= 0:
            break
        choices = _workshop_choices(questions, registration.answers or {})
        if not _fits(choices, usage):
            continue
        registration.event = locked
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = registration.promoted_at = now
        registration.save(update_fields=["status", "confirmed_at", "promoted_at"])
        for question, option in choices:
            usage[(question.key, option)] += 1
        if free is not None:
            free -= 1
        promoted.append(registration)
        mails.send_on_commit(mails.PROMOTED, registration, base_url=base_url)
    return promoted


# --- Organiser actions -----------------------------------------------------------------------


def cancel_event(event, *, message="", base_url=None) -> int:
    """Cancel the event and mail everyone registered or waiting; returns how many are mailed.

    Idempotent: a second call changes nothing and mails no one.
    """
    base_url = base_url or mails.base_url_for()
    now = timezone.now()
    with transaction.atomic():
        locked = _lock(event)
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
            mails.send_on_commit(
                mails.EVENT_CANCELLED,
                registration,
                base_url=base_url,
                extra={"message": locked.cancellation_message},
            )
    return len(recipients)


@dataclass(frozen=True)
class MessageResult:
    sent: int
    failed: int


def send_message(event, *, audience: str, subject: str, body: str, base_url=None) -> MessageResult:
    """Mail everyone confirmed (audience 'confirmed') or waiting ('waitlisted')."""
    if audience not in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED):
        raise ValueError(f"unknown audience {audience!r}")
    base_url = base_url or mails.base_url_for()
    recipients = (
        Registration.objects.filter(event_id=event.pk, status=audience)
        .select_related("event")
        .order_by("created_at", "pk")
    )
    sent, failed = mails.send_many(
        mails.ORGANISER_MESSAGE,
        recipients,
        base_url=base_url,
        extra={"message_subject": subject.strip(), "message_body": body.strip()},
    )
    return MessageResult(sent, failed)


def resend_mail(registration, *, base_url=None) -> bool:
    """Send the mail for the registration's current state again (after a failure, say)."""
    kind = MAIL_FOR[registration.status]
    if registration.event.is_cancelled and registration.is_active:
        kind = mails.EVENT_CANCELLED
    return mails.send_now(
        kind,
        registration,
        base_url=base_url or mails.base_url_for(),
        extra={"message": registration.event.cancellation_message, **mail_extra()},
    )


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


SHIFT_FOR_NEXT_YEAR = relativedelta(weeks=52)  # the same weekday, about a year later


def duplicate_as_next_year(event, *, user=None) -> EventPage:
    """A draft copy 52 weeks later (same weekday and wall-clock times), without registrations.

    The title's year (if any) becomes the new year; the organiser checks the dates and
    publishes.
    """
    tz = event.tz

    def shift(value):
        if value is None:
            return None
        local = value.astimezone(tz).replace(tzinfo=None) + SHIFT_FOR_NEXT_YEAR
        return timezone.make_aware(local, tz)

    year, new_year = event.local_start.year, shift(event.start).astimezone(tz).year
    title = re.sub(rf"\b{year}\b", str(new_year), event.title)
    if title == event.title:
        title = f"{event.title} {new_year}"
    parent = event.get_parent()
    base_slug = slugify(title)[:200] or f"event-{new_year}"
    slug, number = base_slug, 1
    while parent.get_children().filter(slug=slug).exists():
        number += 1
        slug = f"{base_slug}-{number}"

    def process_child_object(original_page, page_copy, child_relation, child_object):
        if child_relation.name == "sessions" and child_object.day:
            child_object.day = child_object.day + SHIFT_FOR_NEXT_YEAR

    copy = event.copy(
        to=parent,
        update_attrs={
            "title": title,
            "draft_title": title,
            "slug": slug,
            "start": shift(event.start),
            "end": shift(event.end),
            "registration_opens_at": shift(event.registration_opens_at),
            "registration_closes_at": shift(event.registration_closes_at),
            "cancelled_at": None,
            "cancellation_message": "",
        },
        keep_live=False,
        copy_revisions=False,
        user=user,
        process_child_object=process_child_object,
    )
    copy = copy.specific
    # Speakers of each session (a many-to-many inside a child object) follow their session.
    originals = list(event.sessions.prefetch_related("speakers").order_by("sort_order", "pk"))
    copies = list(copy.sessions.order_by("sort_order", "pk"))
    for original, duplicate in zip(originals, copies, strict=False):
        speakers = list(original.speakers.all())
        if speakers and not duplicate.speakers.exists():
            duplicate.speakers.set(speakers)
            duplicate.save()
    copy.save_revision(user=user, log_action=False)
    return copy


# --- Retention -------------------------------------------------------------------------------


def anonymise_old_registrations(days: int, *, now=None) -> int:
    """Strip the personal data from registrations of events that ended more than `days` ago.

    Statuses and times stay (for attendance figures). Idempotent: rows done before are skipped.
    """
    now = now or timezone.now()
    with transaction.atomic():
        return Registration.objects.for_retention_purge(days, now).update(
            name="",
            email="",
            organisation="",
            answers={},
            user=None,
            consent_text="",
            anonymised_at=now,
        )
