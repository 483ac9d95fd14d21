"""events.services: registration, cancellation, the waiting list, workshops, mails, organiser
actions and retention."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from events import mails, organising, services, tokens
from events.models import EventPage, QuestionKind, Registration, RegistrationStatus
from hub.outbox import delivery
from hub.outbox.models import OutgoingMail

pytestmark = pytest.mark.django_db

WORKSHOPS = ("Workshop", QuestionKind.WORKSHOP, True, [("Quality", 1), ("Access", 5)])


def statuses(event):
    return list(
        Registration.objects.filter(event=event)
        .order_by("created_at", "pk")
        .values_list("email", "status")
    )


# --- Register --------------------------------------------------------------------------------


def test_confirmed_until_full_then_waiting_list(make_event, register):
    event = make_event(capacity=2)
    results = [register(event, email=f"p{n}@example.org").status for n in range(4)]
    assert results == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    last = Registration.objects.get(email="p3@example.org")
    assert last.waiting_position() == 2


def test_no_capacity_means_no_limit(make_event, register):
    event = make_event(capacity=None)
    assert all(register(event, email=f"p{n}@example.org").is_confirmed for n in range(25))


def test_full_without_waiting_list_is_refused_and_nothing_written(make_event, register):
    event = make_event(capacity=1, waiting_list_enabled=False)
    register(event, email="first@example.org")
    with pytest.raises(services.EventFull):
        register(event, email="second@example.org")
    assert Registration.objects.count() == 1


def test_same_address_twice_is_refused_once_stored(make_event, register):
    event = make_event()
    first = register(event, email="Twice@Example.org")
    with pytest.raises(services.AlreadyRegistered) as refusal:
        register(event, name="Other name", email="twice@EXAMPLE.ORG ")
    assert refusal.value.registration.pk == first.pk
    assert Registration.objects.count() == 1
    assert Registration.objects.get().name == "Attendee"


def test_registering_again_after_cancelling_reuses_the_row(make_event, register):
    event = make_event(capacity=1)
    registration = register(event, email="back@example.org")
    services.cancel(registration)
    again = register(event, email="back@example.org", name="Back Again")
    assert again.pk == registration.pk
    assert again.is_confirmed and again.cancelled_at is None and again.name == "Back Again"


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        (
            {"registration_opens_at": timezone.now() + timedelta(days=1)},
            services.RegistrationNotOpen,
        ),
        (
            {"registration_closes_at": timezone.now() - timedelta(minutes=1)},
            services.RegistrationClosed,
        ),
        ({"registration_enabled": False}, services.RegistrationDisabled),
    ],
    ids=["not-open-yet", "closed", "no-registration"],
)
def test_registration_window_is_enforced(make_event, register, fields, error):
    event = make_event(**fields)
    with pytest.raises(error):
        register(event)
    assert not Registration.objects.exists()
    # Organisers may still add someone by hand.
    assert register(event, by_organiser=True).is_confirmed


def test_past_and_cancelled_events_take_no_registrations(make_event, register):
    past = make_event("Past", days=-3)
    with pytest.raises(services.EventOver):
        register(past)
    cancelled = make_event("Cancelled")
    organising.cancel_event(cancelled, message="Sorry.")
    with pytest.raises(services.EventCancelled):
        register(cancelled, by_organiser=True)
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"email": "not-an-address"}, "email"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 201}, "name"),
    ],
)
def test_invalid_details_are_refused(make_event, register, kwargs, field):
    event = make_event()
    with pytest.raises(services.InvalidRegistration) as refusal:
        register(event, **kwargs)
    assert refusal.value.field == field
    assert not Registration.objects.exists()


def test_answers_are_checked_against_the_questions(make_event, register):
    event = make_event(
        questions=[
            ("Diet", QuestionKind.SHORT_TEXT, False, []),
            ("Role", QuestionKind.SINGLE, True, ["Biobank", "Researcher"]),
            ("Interests", QuestionKind.MULTIPLE, False, ["A", "B", "C"]),
            ("Drinks", QuestionKind.YES_NO, False, []),
        ]
    )
    diet, role, interests, drinks = event.questions.all()
    with pytest.raises(services.InvalidRegistration):  # required answer missing
        register(event, answers={diet.key: "Vegan"})
    with pytest.raises(services.InvalidRegistration):  # not one of the options
        register(event, answers={role.key: "Astronaut"})
    with pytest.raises(services.InvalidRegistration):  # too long
        register(event, answers={role.key: "Biobank", diet.key: "x" * 301})
    assert not Registration.objects.exists()
    registration = register(
        event,
        answers={
            role.key: "Researcher",
            interests.key: ["C", "A"],
            drinks.key: True,
            "q999": "junk",
        },
    )
    assert registration.answers == {
        role.key: "Researcher",
        interests.key: ["A", "C"],
        drinks.key: True,
    }


# --- Workshops -------------------------------------------------------------------------------


def test_a_full_workshop_is_refused_but_others_still_take_people(make_event, register):
    event = make_event(capacity=10, questions=[WORKSHOPS])
    question = event.questions.get()
    register(event, email="a@example.org", answers={question.key: "Quality"})
    with pytest.raises(services.WorkshopFull) as refusal:
        register(event, email="b@example.org", answers={question.key: "Quality"})
    assert refusal.value.field == question.key
    assert register(event, email="b@example.org", answers={question.key: "Access"}).is_confirmed
    usage = services.workshop_usage(event)
    assert usage[(question.key, "Quality")] == 1 and usage[(question.key, "Access")] == 1
    assert services.workshops_full([question], usage) == {(question.key, "Quality")}


def test_a_workshop_without_places_takes_everyone(make_event, register):
    workshops = ("Workshop", QuestionKind.WORKSHOP, True, [("Open to all", None), ("Small", 1)])
    event = make_event(capacity=None, questions=[workshops])
    question = event.questions.get()
    for number in range(3):
        answers = {question.key: "Open to all"}
        assert register(event, email=f"p{number}@example.org", answers=answers).is_confirmed
    register(event, email="small@example.org", answers={question.key: "Small"})
    assert services.workshops_full([question], services.workshop_usage(event)) == {
        (question.key, "Small")
    }


def test_promotion_skips_people_whose_workshop_is_full(
    make_event, register, django_capture_on_commit_callbacks
):
    event = make_event(
        capacity=2,
        questions=[("Workshop", QuestionKind.WORKSHOP, True, [("Quality", 1), ("Access", 5)])],
    )
    key = event.questions.get().key
    holder = register(event, email="holder@example.org", answers={key: "Quality"})
    register(event, email="other@example.org", answers={key: "Access"})
    # Event full. The first in line wants Quality (not full for the waiting list: the seat is
    # counted only when confirmed), the second wants Access.
    wants_quality = register(event, email="wq@example.org", answers={key: "Access"})
    Registration.objects.filter(pk=wants_quality.pk).update(answers={key: "Quality"})
    register(event, email="wa@example.org", answers={key: "Access"})

    other = Registration.objects.get(email="other@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(other)
    # Quality is still held by `holder`: the seat goes to the next person whose choice fits.
    assert dict(statuses(event))["wq@example.org"] == "waitlisted"
    assert dict(statuses(event))["wa@example.org"] == "confirmed"
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(holder)
    assert dict(statuses(event))["wq@example.org"] == "confirmed"


# --- Cancel and promote ----------------------------------------------------------------------


def test_cancelling_promotes_the_first_on_the_waiting_list_and_mails_them(
    make_event, register, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        seat = register(event, email="seat@example.org")
        register(event, email="first@example.org", name="First")
        register(event, email="second@example.org")
    assert [m.subject for m in mail.outbox] == [
        f"Registration confirmed: {event.title}",
        f"Waiting list: {event.title}",
        f"Waiting list: {event.title}",
    ]
    assert "You are number 1." in mail.outbox[1].body
    assert "You are number 2." in mail.outbox[2].body
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        cancelled = services.cancel(seat)
    assert cancelled.is_cancelled
    first = Registration.objects.get(email="first@example.org")
    assert first.is_confirmed and first.promoted_at is not None
    assert Registration.objects.get(email="second@example.org").waiting_position() == 1
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {
        "seat@example.org": f"Registration cancelled: {event.title}",
        "first@example.org": f"A place for you: {event.title}",
    }
    promotion = next(m for m in mail.outbox if m.to == ["first@example.org"])
    assert promotion.attachments[0][0].endswith(".ics")
    assert "https://meet.example.org/secret-room" in promotion.body


def test_cancel_is_idempotent_and_a_waiting_cancel_promotes_no_one(make_event, register):
    event = make_event(capacity=1)
    register(event, email="seat@example.org")
    waiting = register(event, email="wait@example.org")
    register(event, email="wait2@example.org")
    services.cancel(waiting)
    services.cancel(waiting)
    assert dict(statuses(event)) == {
        "seat@example.org": "confirmed",
        "wait@example.org": "cancelled",
        "wait2@example.org": "waitlisted",
    }


def test_people_cannot_cancel_after_the_event_but_organisers_can(make_event, register):
    event = make_event(days=1)
    registration = register(event)
    EventPage.objects.filter(pk=event.pk).update(
        start=timezone.now() - timedelta(days=2), end=timezone.now() - timedelta(days=1)
    )
    with pytest.raises(services.EventOver):
        services.cancel(registration)
    assert services.cancel(registration, by_organiser=True).is_cancelled


def test_raising_the_capacity_and_publishing_promotes_the_waiting_list(make_event, register):
    event = make_event(capacity=1)
    register(event, email="a@example.org")
    register(event, email="b@example.org")
    register(event, email="c@example.org")
    event.capacity = 2
    event.save_revision().publish()
    assert dict(statuses(event)) == {
        "a@example.org": "confirmed",
        "b@example.org": "confirmed",
        "c@example.org": "waitlisted",
    }


# --- Mails -----------------------------------------------------------------------------------


def test_confirmation_mail_has_the_ics_and_a_working_cancel_link(
    make_event, register, django_capture_on_commit_callbacks
):
    event = make_event("Quality webinar")
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event, email="me@example.org")
    (message,) = mail.outbox
    assert message.to == ["me@example.org"]
    assert message.reply_to == ["events@example.org"]
    assert "Europe" not in message.subject
    assert "Amsterdam time" in message.body
    name, content, mimetype = message.attachments[0]
    assert name == "quality-webinar.ics" and mimetype == "text/calendar"
    assert "BEGIN:VEVENT" in content and "TZID=Europe/Amsterdam" in content
    assert "secret-room" in content  # the attendee's own copy has the online link
    link = tokens.manage_path(registration)
    assert f"http://testserver{link}" in message.body


def test_with_the_mail_server_down_the_registration_stands_and_its_mail_waits(
    make_event, register, committed, mail_server, stored_mails
):
    event = make_event()
    mail_server.down(retries=[0])  # one retry, due at once
    with committed():
        registration = register(event, email="me@example.org")
    registration.refresh_from_db()
    assert registration.is_confirmed
    [waiting] = stored_mails(registration)
    assert (waiting.kind, waiting.to, waiting.state) == (
        "events.confirmed",
        ["me@example.org"],
        OutgoingMail.State.QUEUED,
    )
    assert "Connection unexpectedly closed" in waiting.last_error
    assert registration.mail_failed_at is None  # not failed yet: it will be tried again

    delivery.deliver_due()  # the worker's retry: still down, and the last one
    registration.refresh_from_db()
    assert registration.mail_failed_at is not None  # what organisers see in their list
    assert stored_mails(registration)[0].state == OutgoingMail.State.FAILED

    mail_server.up()
    with committed():
        assert organising.resend_mail(registration) == organising.Resend.QUEUED
    [message] = mail.outbox
    assert message.to == ["me@example.org"] and message.attachments[0][0].endswith(".ics")
    registration.refresh_from_db()
    assert registration.mail_failed_at is None
    # The failed mail itself went: no second copy waits in the outbox.
    assert [m.state for m in stored_mails(registration)] == [OutgoingMail.State.SENT]


def test_a_mail_still_waiting_for_a_retry_is_not_queued_twice(
    make_event, register, committed, mail_server, stored_mails
):
    event = make_event()
    mail_server.down(retries=[3600])
    with committed():
        registration = register(event)
    with committed():
        assert organising.resend_mail(registration) == organising.Resend.WAITING
    assert len(stored_mails(registration)) == 1 and mail.outbox == []


def test_resending_a_mail_that_went_queues_a_new_one_once(
    make_event, register, committed, stored_mails
):
    """The attendee lost it: a fresh mail of their current state. A second click on the same
    page (same token) queues nothing more."""
    event = make_event(capacity=1)
    register(event, email="seat@example.org")
    with committed():
        registration = register(event, email="wait@example.org")
    mail.outbox.clear()
    seen = mails.history_tokens([registration.pk])[registration.pk]
    with committed():
        assert organising.resend_mail(registration, seen=seen) == organising.Resend.QUEUED
    with committed():  # the first one went already: the token tells the click is a repeat
        assert organising.resend_mail(registration, seen=seen) == organising.Resend.CHANGED
    [message] = mail.outbox
    assert message.to == ["wait@example.org"] and "number 1" in message.body
    assert [m.kind for m in stored_mails(registration)] == ["events.waitlisted"] * 2


def test_a_mail_that_cannot_be_built_keeps_the_registration_and_marks_it(
    make_event, register, committed, monkeypatch, caplog, stored_mails
):
    event = make_event()

    def broken_ics(*args, **kwargs):
        raise ValueError("a bug in the calendar")

    monkeypatch.setattr("events.ical.event_ics", broken_ics)
    with committed():
        registration = register(event)
    registration.refresh_from_db()
    assert registration.is_confirmed and registration.mail_failed_at is not None
    assert "could not build the confirmed mail" in caplog.text
    assert stored_mails(registration) == [] and mail.outbox == []


def test_no_mail_leaves_before_the_commit_nor_after_a_rollback(
    make_event, register, committed, stored_mails
):
    event = make_event()
    with committed():
        registration = register(event, email="kept@example.org")
        assert mail.outbox == [] and len(stored_mails(registration)) == 1
    assert [m.to for m in mail.outbox] == [["kept@example.org"]]
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        register(event, email="gone@example.org")
        raise RuntimeError("the request failed after registering")
    assert not Registration.objects.filter(email="gone@example.org").exists()
    assert OutgoingMail.objects.count() == 1 and len(mail.outbox) == 1


# --- Organiser actions -----------------------------------------------------------------------


def test_cancelling_the_event_mails_everyone_registered_or_waiting_once(
    make_event, register, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    register(event, email="seat@example.org")
    register(event, email="wait@example.org")
    services.cancel(
        register(event, email="gone@example.org", by_organiser=True, force_confirm=True),
        notify=False,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert organising.cancel_event(event, message="The venue is flooded.") == 2
        assert organising.cancel_event(event, message="Again") == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["seat@example.org", "wait@example.org"]
    assert all("The venue is flooded." in m.body for m in mail.outbox)
    assert all("STATUS:CANCELLED" in m.attachments[0][1] for m in mail.outbox)
    event.refresh_from_db()
    assert event.is_cancelled and event.registration_state().code == "cancelled"


def test_cancellation_survives_publishing_an_older_draft(make_event):
    event = make_event()
    draft = event.save_revision()
    organising.cancel_event(event)
    draft.publish()
    assert EventPage.objects.get(pk=event.pk).is_cancelled


def test_message_goes_to_the_chosen_audience_only(make_event, register, committed):
    event = make_event(capacity=1)
    register(event, email="seat@example.org")
    register(event, email="wait@example.org")
    with committed():
        result = organising.send_message(
            event, audience="waitlisted", subject="News", body="A second room opens."
        )
        assert result.queued == 1 and mail.outbox == []  # queued: sent after the commit
    (message,) = mail.outbox
    assert message.to == ["wait@example.org"] and message.subject == "News"
    assert "A second room opens." in message.body and "number 1" in message.body


def test_check_in_and_undo(make_event, register):
    event = make_event(capacity=1)
    seat = register(event, email="seat@example.org")
    waiting = register(event, email="wait@example.org")
    first_time = organising.check_in(seat).checked_in_at
    assert organising.check_in(seat).checked_in_at == first_time  # idempotent
    assert organising.undo_check_in(seat).checked_in_at is None
    with pytest.raises(services.CheckInError):
        organising.check_in(waiting)
    assert organising.counts(event) == {
        "confirmed": 1,
        "waiting": 1,
        "cancelled": 0,
        "checked_in": 0,
    }


def test_duplicate_as_next_year_is_a_draft_with_programme_and_questions(
    make_event, register, admin_user
):
    from community.models import Person
    from events.duplicate import duplicate_as_next_year
    from events.models import EventSession

    speaker = Person.objects.create(name="Speaker")
    year = (timezone.localdate() + timedelta(days=30)).year
    event = make_event(f"Biobanks Day {year}", questions=[WORKSHOPS])
    session = EventSession(event=event, start_time="10:00", end_time="11:00", title="Keynote")
    session.speakers.set([speaker])
    session.save()  # a ClusterableModel commits its parental many-to-many on save
    event = EventPage.objects.get(pk=event.pk)
    event.save_revision().publish()
    register(event, answers={event.questions.get().key: "Access"})

    copy = duplicate_as_next_year(EventPage.objects.get(pk=event.pk), user=admin_user)
    new_year = copy.local_start.year
    assert copy.title == f"Biobanks Day {new_year}" and copy.slug == f"biobanks-day-{new_year}"
    assert not copy.live
    assert copy.start - event.start == timedelta(weeks=52)
    assert copy.local_start.time() == event.local_start.time()
    assert copy.local_start.weekday() == event.local_start.weekday()
    assert copy.questions.get().option_list() == [("Quality", 1), ("Access", 5)]
    assert copy.registrations.count() == 0
    assert [list(s.speakers.all()) for s in copy.sessions.all()] == [[speaker]]
    assert not copy.is_cancelled


# --- Retention -------------------------------------------------------------------------------


def test_anonymising_old_registrations_is_idempotent(make_event, register, stored_mails):
    event = make_event(days=5, questions=[("Diet", QuestionKind.SHORT_TEXT, False, [])])
    recent = make_event("Recent", days=5)
    key = event.questions.get().key
    register(event, email="old@example.org", answers={key: "Vegan"})
    register(recent, email="recent@example.org")
    EventPage.objects.filter(pk=event.pk).update(
        start=timezone.now() - timedelta(days=400), end=timezone.now() - timedelta(days=399)
    )
    EventPage.objects.filter(pk=recent.pk).update(
        start=timezone.now() - timedelta(days=10), end=timezone.now() - timedelta(days=9)
    )

    assert services.anonymise_old_registrations(365) == 1
    assert services.anonymise_old_registrations(365) == 0
    old = Registration.objects.get(event=event)
    assert (old.name, old.email, old.answers, old.anonymised_at is not None) == ("", "", {}, True)
    # The outbox's copy of its mail (address, name) goes too; the recent one's stays.
    assert [m.to for m in OutgoingMail.objects.all()] == [["recent@example.org"]]
    assert old.status == RegistrationStatus.CONFIRMED  # attendance figures stay
    assert Registration.objects.get(event=recent).email == "recent@example.org"
