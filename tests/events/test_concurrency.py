"""Capacity is exact under concurrency: many simultaneous registrations for a few seats.

Needs PostgreSQL (row locks): skips locally on SQLite, fails under CI=true without it.
"""

import threading

import pytest
from django.core import mail
from django.db import connection, connections

from events import confirmation, services
from events.models import Registration, RegistrationStatus

THREADS = 60
SEATS = 20


def run_at_once(count, work):
    """Start `count` threads together (a barrier), each calling work(n); return the errors."""
    barrier = threading.Barrier(count)
    errors = []

    def target(number):
        try:
            barrier.wait(timeout=30)
            work(number)
        except Exception as error:  # collected and asserted on below
            errors.append(repr(error))
        finally:
            connections.close_all()  # each thread has its own connection

    threads = [threading.Thread(target=target, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_registrations_fill_exactly_the_capacity(make_event):
    event = make_event("Popular webinar", capacity=SEATS)
    assert connection.vendor == "postgresql"

    errors = run_at_once(
        THREADS,
        lambda n: services.register(event, name=f"Person {n}", email=f"person{n}@example.org"),
    )

    assert errors == []
    registrations = Registration.objects.filter(event=event)
    assert registrations.filter(status=RegistrationStatus.CONFIRMED).count() == SEATS
    assert registrations.filter(status=RegistrationStatus.WAITLISTED).count() == THREADS - SEATS
    # The waiting list is a strict queue: positions 1..40, no duplicates.
    positions = sorted(r.waiting_position() for r in registrations.waitlisted())
    assert positions == list(range(1, THREADS - SEATS + 1))
    assert len(mail.outbox) == THREADS


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_double_submissions_register_once(make_event):
    event = make_event("Double click", capacity=SEATS)
    errors = run_at_once(
        20, lambda n: services.register(event, name="Same Person", email="same@example.org")
    )
    assert len(errors) == 19 and all("AlreadyRegistered" in error for error in errors)
    assert Registration.objects.filter(event=event).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_cancellations_promote_each_waiting_person_once(make_event):
    event = make_event("Churn", capacity=10)
    for number in range(30):
        services.register(event, name=f"P{number}", email=f"p{number}@example.org")
    confirmed = list(Registration.objects.filter(event=event).confirmed())
    errors = run_at_once(len(confirmed), lambda n: services.cancel(confirmed[n]))
    assert errors == []
    registrations = Registration.objects.filter(event=event)
    assert registrations.confirmed().count() == 10
    assert registrations.waitlisted().count() == 10
    assert registrations.filter(status=RegistrationStatus.CANCELLED).count() == 10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_confirmations_fill_exactly_the_capacity(make_event):
    """Pending registrations take their seats when confirmed, under the same lock."""
    event = make_event("Confirmed at once", capacity=SEATS, confirm_email=True)
    pending = [
        services.register(event, name=f"P{n}", email=f"p{n}@example.org", unverified_address=True)
        for n in range(THREADS)
    ]
    assert {registration.status for registration in pending} == {"pending"}

    errors = run_at_once(THREADS, lambda n: confirmation.confirm_pending(pending[n]))

    assert errors == []
    registrations = Registration.objects.filter(event=event)
    assert registrations.confirmed().count() == SEATS
    positions = sorted(r.waiting_position() for r in registrations.waitlisted())
    assert positions == list(range(1, THREADS - SEATS + 1))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_confirmation_clicked_many_times_at_once_takes_one_seat(make_event):
    event = make_event("Double confirm", capacity=SEATS, confirm_email=True)
    pending = services.register(
        event, name="Same", email="same@example.org", unverified_address=True
    )
    mail.outbox.clear()
    errors = run_at_once(20, lambda n: confirmation.confirm_pending(pending))
    assert errors == []
    assert Registration.objects.get(pk=pending.pk).is_confirmed
    assert len(mail.outbox) == 1
