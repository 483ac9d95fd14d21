"""Events in "download my data" and "delete my account" (declared in events/wagtail_hooks.py;
see community/personal_data.py)."""


def _questions_by_key(registrations) -> dict:
    from events.models import EventQuestion

    event_ids = {registration.event_id for registration in registrations}
    return {
        question.key: question.label
        for question in EventQuestion.objects.filter(event_id__in=event_ids)
    }


def export(user) -> list[dict]:
    from events.account import registrations_of

    registrations = list(registrations_of(user).order_by("event__start", "pk"))
    labels = _questions_by_key(registrations)
    return [
        {
            "event": registration.event.title,
            "event_start": registration.event.start,
            "name": registration.name,
            "email": registration.email,
            "organisation": registration.organisation,
            "status": registration.status,
            "registered_at": registration.created_at,
            "confirmed_at": registration.confirmed_at,
            "cancelled_at": registration.cancelled_at,
            "checked_in_at": registration.checked_in_at,
            "answers": {
                labels.get(key, key): value for key, value in (registration.answers or {}).items()
            },
            "consent_text": registration.consent_text,
            "consented_at": registration.consented_at,
            "language": registration.language,  # of the mails about it
        }
        for registration in registrations
    ]


def erase(user) -> None:
    """Give up the member's seats (the waiting list moves up), then anonymise their
    registrations (attendance figures keep their count, not the person)."""
    from django.utils import timezone

    from events import services
    from events.account import registrations_of

    registrations = list(registrations_of(user))
    now = timezone.now()
    for registration in registrations:
        if registration.is_active and registration.event.end >= now:
            services.cancel(registration, by_organiser=True, notify=False)
    from events import mails
    from events.models import Registration

    mails.forget([r.pk for r in registrations])
    Registration.objects.filter(pk__in=[r.pk for r in registrations]).update(
        name="",
        email="",
        organisation="",
        answers={},
        user=None,
        consent_text="",
        anonymised_at=now,
    )
