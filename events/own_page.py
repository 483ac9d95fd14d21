"""A registration's own page (EventPage's manage route), reached with the signed link from the
mails (events/tokens.py): see the registration, confirm the address, cancel."""

from __future__ import annotations

from django.contrib import messages
from django.utils import timezone
from django.utils.translation import gettext as _

from events import confirmation, mails, services, tokens
from events.answers import answer_rows
from events.models import Registration
from events.models.registrations import pending_hours


def find(event, token: str) -> Registration | None:
    """The registration the link was made for, or None for a link that does not work
    (tampered with, too old, for a replaced or anonymised registration)."""
    read = tokens.read_token(token)
    if read is None:
        return None
    registration = Registration.objects.filter(pk=read[0], event=event).first()
    if not tokens.matches(registration, read[1]) or registration.anonymised_at:
        return None
    registration.event = event
    return registration


def invalid_link_context() -> dict:
    return {"page_title": _("This link does not work")}


def expired_context() -> dict:
    return {"page_title": _("This registration has expired"), "pending_hours": pending_hours()}


def manage_context(registration) -> dict:
    event = registration.event
    return {
        "registration": registration,
        "position": registration.waiting_position(),
        "can_cancel": registration.is_active and event.end >= timezone.now(),
        "show_online_link": bool(
            registration.is_confirmed
            and event.online_url
            and event.is_online
            and not event.is_cancelled
        ),
        "answers": answer_rows(registration, event.question_list()),
    }


def act(request, registration) -> str:
    """Do what the page's button asks (confirm or cancel); the URL to show next."""
    action = request.POST.get("action")
    if action == "confirm":
        return _confirm(request, registration)
    if action == "cancel":
        try:
            services.cancel(registration, base_url=mails.base_url_for(request))
        except services.RegistrationError as refusal:
            messages.error(request, str(refusal.message))
        else:
            messages.success(
                request, _("Your registration is cancelled. Thank you for letting us know.")
            )
    return request.path


def _confirm(request, registration) -> str:
    """The button on a pending registration's page: take a seat (or a waiting-list place)."""
    try:
        registration = confirmation.confirm_pending(
            registration, base_url=mails.base_url_for(request)
        )
    except services.RegistrationError as refusal:
        messages.error(request, str(refusal.message))
        registration = refusal.registration or registration
    else:
        if registration.is_confirmed:
            messages.success(
                request,
                _(
                    "Thank you: your registration is confirmed and you "
                    "have a place. We are sending you an e-mail."
                ),
            )
        elif registration.is_waitlisted:
            messages.success(
                request,
                _(
                    "Thank you for confirming. The event is full: you are number %(position)d on "
                    "the waiting list, and we will mail you as soon as a place is free."
                )
                % {"position": registration.waiting_position() or 1},
            )
    # Confirming starts the registration anew (events.confirmation): its link changes too.
    return tokens.manage_path(registration, registration.event)
