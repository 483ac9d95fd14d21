"""Who holds a seat: the event's row lock, the seat counts, and the waiting list moving up.

Whatever changes who holds a seat first locks the event's row (`SELECT … FOR UPDATE` on
PostgreSQL) with `lock_event()`, so that counting the seats and writing the registration cannot
interleave with another request: capacity stays exact under concurrency. (SQLite has no row
locks; it serialises writers on the whole database, which is as exact.)
"""

from __future__ import annotations

import copy

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from events import mails
from events.answers import choices_fit, workshop_choices, workshop_usage
from events.models import EventPage, Registration, RegistrationStatus

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


def lock_event(event) -> EventPage:
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


def seat_counts(locked) -> tuple[int, int]:
    """(confirmed, waiting) in one query."""
    counted = Registration.objects.filter(event=locked).aggregate(
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
    )
    return counted["confirmed"], counted["waiting"]


def fill_seats(locked, now, base_url, *, confirmed=None) -> list[Registration]:
    """Promote from the waiting list, first come first served, while there are seats.

    Someone whose chosen workshop is full keeps their place and the seat goes to the next
    person whose choices fit. Must run with the event row locked (`lock_event`); `confirmed`
    saves a count when the caller has just made it.
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
    questions = locked.question_list()
    usage = workshop_usage(locked, questions)
    promoted = []
    for registration in waiting:
        if free is not None and free <= 0:
            break
        choices = workshop_choices(questions, registration.answers or {})
        if not choices_fit(choices, usage):
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
        mails.queue(mails.PROMOTED, registration, base_url=base_url)
    return promoted


def fill_free_seats(event, *, base_url=None) -> list[Registration]:
    """Give free seats to the waiting list (after the capacity was raised, for instance)."""
    base_url = base_url or mails.base_url_for()
    with transaction.atomic():
        return fill_seats(lock_event(event), timezone.now(), base_url)
