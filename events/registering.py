"""The public registration form sent (EventPage's register route): check it, register, and say
what happened, in words that never tell whether an address was already registered."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.core import ratelimit
from django.contrib import messages
from django.utils.translation import gettext as _

from community.personal_data import verified_email_addresses
from events import answers, confirmation, mails
from events.forms import PRIVACY_CONSENT_TEXT, RegistrationForm
from events.models.registrations import RegistrationStatus, pending_hours
from events.page_context import registration_form_for
from events.refusals import RegistrationError

RATE_LIMIT_ACTION = "event_registration"


@dataclass(frozen=True)
class Outcome:
    """`form`: the form to show again with its errors (None when a message says it all)."""

    form: RegistrationForm | None = None
    status: int = 200


def submit(request, event) -> Outcome:
    """Register from the POSTed form; the result is a message on the request or the form."""
    questions = event.question_list()
    full = answers.workshops_full(questions, answers.workshop_usage(event, questions))
    form = registration_form_for(request, questions, full, data=request.POST)
    if not form.is_valid():
        return Outcome(form)
    if not ratelimit.consume(request, action=RATE_LIMIT_ACTION):
        form.add_error(
            None,
            _(
                "Too many registration attempts from your network. Please wait "
                "a minute and try again."
            ),
        )
        return Outcome(form, status=429)

    email = form.cleaned_data["email"]
    user = request.user if request.user.is_authenticated else None
    if user is not None and email.casefold() not in {
        address.casefold() for address in verified_email_addresses(user)
    }:
        user = None  # registering someone else: the registration is theirs, not the member's
    try:
        # An address already registered gets the answer of a new one (see events.confirmation).
        answer = confirmation.register_publicly(
            event,
            name=form.cleaned_data["name"],
            email=email,
            organisation=form.cleaned_data.get("organisation", ""),
            answers=form.answers(),
            user=user,
            unverified_address=user is None,
            consent_text=str(PRIVACY_CONSENT_TEXT),
            base_url=mails.base_url_for(request),
        )
    except RegistrationError as refusal:
        if refusal.field in form.fields:  # a full workshop, say: choose again in the form
            form.add_error(refusal.field, str(refusal.message))
            return Outcome(form)
        # Closed, full, cancelled since the form was shown: the page now says why.
        messages.error(request, str(refusal.message))
        return Outcome()

    messages.add_message(request, *answer_message(answer))
    return Outcome()


def answer_message(answer) -> tuple[int, str]:
    """(level, text) of the message after registering: built from the answer only, so that
    an address already registered reads exactly like a new one.

    The mail is only queued when this is shown (the worker sends it a moment later), so the page
    says it is on its way, never that it arrived; a mail that finally fails is marked for the
    organisers, who send it again."""
    values = {"email": answer.email, "position": answer.position or 1, "hours": pending_hours()}
    if answer.status == RegistrationStatus.PENDING:
        return messages.SUCCESS, _(
            "Almost done: check your mailbox. We are sending an e-mail to %(email)s with a link "
            "to confirm your registration. No place is held for you until you confirm, "
            "within %(hours)d hours."
        ) % values
    if answer.status == RegistrationStatus.CONFIRMED:
        return messages.SUCCESS, _(
            "You are registered. We are sending a confirmation to %(email)s."
        ) % values
    return messages.SUCCESS, _(
        "The event is full: you are number %(position)d on the waiting list. We are sending an "
        "e-mail to %(email)s and will mail you as soon as a place is free."
    ) % values
