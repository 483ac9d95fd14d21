"""A registration's own page (EventPage's manage route), reached with the signed link from the
mails (events/tokens.py): see the registration and its check-in code, confirm the address,
change the answers, cancel (after a confirmation step)."""

from __future__ import annotations

from django.contrib import messages
from django.utils import timezone
from django.utils.translation import gettext as _

from events import answers, checkin_code, confirmation, mails, services, tokens
from events.answers import answer_rows
from events.forms import ChangeAnswersForm
from events.models import Registration
from events.models.registrations import pending_hours
from hub.base_url import absolute


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


def manage_context(registration, *, request=None, change_form=None) -> dict:
    """The page's context; `change_form`: a submitted answers form to show with its errors."""
    event = registration.event
    questions = event.question_list()
    active = registration.is_active and event.end >= timezone.now()
    can_change = active and not event.is_cancelled
    if can_change and change_form is None:
        change_form = change_answers_form(registration, questions)
    # The page's own address (a new token is signed at every call: keep the one in use).
    manage_url = absolute(request.path if request is not None else tokens.manage_path(registration))
    asking = bool(request is not None and "cancel" in request.GET and active)
    return {
        "registration": registration,
        "position": registration.waiting_position(),
        "can_cancel": active,
        # The confirmation step before cancelling (?cancel, or a cancel POSTed without it).
        "confirm_cancel": asking,
        "waiting_count": Registration.objects.filter(event=event).waitlisted().count()
        if asking and registration.is_confirmed
        else 0,
        "show_online_link": bool(
            registration.is_confirmed
            and event.online_url
            and event.is_online
            and not event.is_cancelled
        ),
        "answers": answer_rows(registration, questions),
        "change_form": change_form if can_change else None,
        "open_change_form": change_form is not None and change_form.is_bound,
        # The organisers' check-in screen scans it: a confirmed seat only.
        "checkin_code": checkin_code.svg(manage_url) if registration.is_confirmed else "",
    }


def change_answers_form(registration, questions, data=None) -> ChangeAnswersForm:
    """The registrant's answers form: workshops without a place shown "(full)", except the ones
    the registration holds a place in."""
    usage = answers.workshop_usage(registration.event, questions)
    if registration.is_confirmed:
        for question, option in answers.workshop_choices(questions, registration.answers or {}):
            usage[(question.key, option)] -= 1
    return ChangeAnswersForm(
        data,
        registration=registration,
        questions=questions,
        full_workshops=answers.workshops_full(questions, usage),
    )


def act(request, registration) -> str | dict:
    """Do what the page's button asks (confirm, cancel, change the answers): the URL to show
    next, or the page's context to show again (a form with errors)."""
    action = request.POST.get("action")
    if action == "confirm":
        return _confirm(request, registration)
    if action == "cancel":
        if request.POST.get("confirm") != "yes":  # only the confirmation step's button cancels
            return request.path + "?cancel#cancel-heading"
        try:
            services.cancel(registration, base_url=mails.base_url_for(request))
        except services.RegistrationError as refusal:
            messages.error(request, str(refusal.message))
        else:
            messages.success(
                request, _("Your registration is cancelled. Thank you for letting us know.")
            )
    if action == "change":
        return _change(request, registration)
    return request.path


def _change(request, registration) -> str | dict:
    event = registration.event
    if not registration.is_active or event.is_cancelled or event.end < timezone.now():
        messages.error(request, _("This registration can no longer be changed."))
        return request.path
    form = change_answers_form(registration, event.question_list(), data=request.POST)
    if form.is_valid():
        try:
            services.change_answers(
                registration,
                name=form.cleaned_data["name"],
                organisation=form.cleaned_data.get("organisation", ""),
                answers=form.answers(),
                base_url=mails.base_url_for(request),
            )
        except services.RegistrationError as refusal:
            form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
        else:
            messages.success(
                request, _("Your answers are changed. We are sending you an e-mail about it.")
            )
            return request.path
    return manage_context(registration, request=request, change_form=form)


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


def serve(page, request, token: str):
    """The route's answer: the registration's page, its answers form again, or why the link
    does not work (`page` may be a translation: the registration is its source event's)."""
    from django.http import HttpResponseNotAllowed
    from django.shortcuts import redirect

    from hub.i18n import source_of

    registration = find(source_of(page), token)
    if registration is None:
        response = page.render_with_status(
            request,
            400,
            template="events/registration_invalid_link.html",
            context_overrides=invalid_link_context(),
        )
    elif registration.is_expired():
        response = page.render_with_status(
            request,
            410,
            template="events/registration_expired.html",
            context_overrides=expired_context(),
        )
    elif request.method == "POST":
        outcome = act(request, registration)
        if isinstance(outcome, str):
            response = redirect(outcome)
        else:  # the answers form again, with what to correct
            response = page.render_with_status(
                request,
                400,
                template="events/registration_manage.html",
                context_overrides=outcome,
            )
    elif request.method in ("GET", "HEAD"):
        response = page.render(
            request,
            template="events/registration_manage.html",
            context_overrides=manage_context(registration, request=request),
        )
    else:
        response = HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    return response
