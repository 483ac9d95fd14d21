"""The "My registrations" section of My account (declared in events/wagtail_hooks.py)."""

from django.db.models import Q
from django.utils import timezone

from community.personal_data import matching_any, verified_email_addresses
from events import tokens
from events.models import Registration


def registrations_of(user):
    """A member's registrations: made from their account or with one of their verified
    addresses (never an unverified one: anyone can add someone else's address)."""
    return (
        Registration.objects.not_anonymised()
        .filter(Q(user=user) | matching_any("email", verified_email_addresses(user)))
        .select_related("event")
    )


def section_context(request) -> dict:
    if not request.user.is_authenticated:
        return {"upcoming": [], "past": []}
    now = timezone.now()
    upcoming, past = [], []
    for registration in registrations_of(request.user).order_by("event__start"):
        event = registration.event
        if not event.live:
            continue
        entry = {
            "registration": registration,
            "event": event,
            "manage_url": tokens.manage_path(registration, event),
        }
        (upcoming if event.end >= now else past).append(entry)
    past.reverse()
    return {"upcoming": upcoming, "past": past[:10]}
