"""Public views: the event list, the event page, registering, a registration's own page, .ics.

They are reached through the pages' routes (EventIndexPage / EventPage in events/models) and
stay thin: reading input, calling events.services, turning refusals into messages.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from allauth.core import ratelimit
from django.contrib import messages
from django.db.models import Q, prefetch_related_objects
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from community import related
from community.models import Profile, Topic
from community.newsletter import privacy_notice_url
from community.personal_data import matching_any, verified_email_addresses
from events import confirmation, ical, mails, services, tokens
from events.forms import (
    PRIVACY_CONSENT_TEXT,
    EventFilterForm,
    RegistrationForm,
    month_key,
    month_label,
    month_range,
)
from events.models import EventPage, Registration, RegistrationStatus
from events.models.registrations import pending_hours
from hub.cache import content_key, remember
from hub.pagination import page_of
from hub.privacy import public

RATE_LIMIT_ACTION = "event_registration"
PER_PAGE = 10


# --- The list --------------------------------------------------------------------------------


def index_view(request, index_page):
    now = timezone.now()
    events = public(EventPage.objects.live()).child_of(index_page)
    months, topics = remember(
        f"events:filter-options:{index_page.pk}:{get_language()}", lambda: _filter_options(events)
    )
    form = EventFilterForm(request.GET or None, topics=topics, months=months)
    filters = form.filters()
    when = filters.get("when", "upcoming")

    selected = events.past(now) if when == "past" else events.upcoming(now)
    if "topic" in filters:
        selected = selected.filter(topics__slug=filters["topic"])
    if "format" in filters:
        selected = selected.filter(format=filters["format"])
    if "month" in filters:
        month_start, month_end = month_range(filters["month"])
        selected = selected.filter(start__gte=month_start, start__lt=month_end)
    selected = selected.with_confirmed_count().prefetch_related("topics")

    page_obj = page_of(selected, PER_PAGE, request.GET.get("page"))
    for event in page_obj:
        event.state = event.registration_state(now)

    context = index_page.get_context(request)
    context.update(
        {
            # Seats left and the registration phase are part of the key: those lines stay live.
            "cards_key": content_key([(event.pk, event.state) for event in page_obj]),
            # Shown unbound with the valid values only: junk never comes back into the form.
            "filter_form": EventFilterForm(initial=filters, topics=topics, months=months),
            "filters": filters,
            "when": when,
            "page_obj": page_obj,
            "events": page_obj.object_list,
            "other_when_query": _query(filters, when="upcoming" if when == "past" else "past"),
            "rss_url": index_page.url + index_page.reverse_subpage("rss_route"),
            "ics_url": reverse("events_calendar_feed"),
        }
    )
    return TemplateResponse(request, index_page.get_template(request), context)


def _filter_options(events) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The months that have events (in the site's time zone) and the topics to filter by, as
    (value, label) choices: built once per publish, not per request."""
    starts = events.datetimes("start", "month", tzinfo=timezone.get_current_timezone())
    months = [month_key(start) for start in starts]
    return (
        [(key, month_label(key)) for key in months],
        list(Topic.objects.values_list("slug", "name")),
    )


def _query(filters: dict, **changes) -> str:
    """The list's query string with `changes` (the default `when` left out)."""
    values = {**filters, **changes}
    if values.get("when") == "upcoming":
        values.pop("when")
    return "?" + urlencode(values) if values else "?"


# --- One event -------------------------------------------------------------------------------


def my_registration(request, event) -> Registration | None:
    """The signed-in member's registration for this event (by account or verified address)."""
    user = request.user
    if not user.is_authenticated or event.pk is None:
        return None
    rows = list(
        Registration.objects.filter(event=event)
        .not_anonymised()
        .filter(matching_any("email", verified_email_addresses(user)) | Q(user=user))
    )
    active = [row for row in rows if row.is_active]
    return (active or rows or [None])[0]


def registration_form_for(request, event, questions, full_workshops, data=None):
    initial = {}
    user = request.user
    if user.is_authenticated and data is None:
        profile = Profile.objects.filter(user=user).first()
        initial = {
            "name": user.get_full_name(),
            "email": user.email,
            "organisation": profile.organisation if profile else "",
        }
    return RegistrationForm(
        data,
        initial=initial,
        questions=questions,
        full_workshops=full_workshops,
        privacy_url=privacy_notice_url(request),
    )


def event_view(request, event, *, form=None, status=200):
    now = timezone.now()
    sessions = list(event.sessions.all())
    if not getattr(request, "is_preview", False):
        # A preview's sessions and speakers live in memory (the draft), not in the database.
        prefetch_related_objects(sessions, "speakers")
    questions = list(event.questions.all())
    state = event.registration_state(now)
    mine = my_registration(request, event)
    full_workshops = set()
    if state.can_register and not (mine and mine.is_active):
        full_workshops = services.workshops_full(
            questions, services.workshop_usage(event, questions)
        )
        if form is None:
            form = registration_form_for(request, event, questions, full_workshops)
    else:
        form = None

    topics = list(event.topics.all())
    context = event.get_context(request)
    context.update(
        {
            "now": now,
            "state": state,
            "form": form,
            "my_registration": mine,
            "my_registration_url": tokens.manage_path(mine, event) if mine else "",
            "show_online_link": bool(
                mine
                and mine.is_confirmed
                and event.online_url
                and event.is_online
                and not event.is_cancelled
            ),
            "programme": event.programme(sessions),
            "tracks": event.tracks(sessions),
            "speakers": event.speakers(sessions),
            "organisers": list(event.organisers.all()),
            "topics": topics,
            "related_groups": related.for_topics(topics, skip=EventPage),
            "json_ld": json_ld(request, event, state),
            # A page being previewed before its first save has no URL yet.
            "ics_path": (event.url or "/") + event.reverse_subpage("ics_route"),
            "register_path": (event.url or "/") + event.reverse_subpage("register_route"),
        }
    )
    return TemplateResponse(request, event.get_template(request), context, status=status)


def register_view(request, event):
    if request.method != "POST":
        if request.method in ("GET", "HEAD"):
            return redirect(event.url + "#registration")
        return HttpResponseNotAllowed(["POST"])

    questions = list(event.questions.all())
    full_workshops = services.workshops_full(questions, services.workshop_usage(event, questions))
    form = registration_form_for(request, event, questions, full_workshops, data=request.POST)
    if not form.is_valid():
        return event_view(request, event, form=form)
    if not ratelimit.consume(request, action=RATE_LIMIT_ACTION):
        form.add_error(
            None,
            _(
                "Too many registration attempts from your network. Please wait "
                "a minute and try again."
            ),
        )
        return event_view(request, event, form=form, status=429)

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
    except services.RegistrationError as refusal:
        if refusal.field in form.fields:  # a full workshop, say: choose again in the form
            form.add_error(refusal.field, str(refusal.message))
            return event_view(request, event, form=form)
        # Closed, full, cancelled since the form was shown: the page now says why.
        messages.error(request, str(refusal.message))
        return redirect(event.url + "#registration")

    messages.add_message(request, *_answer_message(answer))
    return redirect(event.url + "#registration")


def _answer_message(answer) -> tuple[int, str]:
    """(level, text) of the message after registering: built from the answer only, so that
    an address already registered reads exactly like a new one."""
    values = {"email": answer.email, "position": answer.position or 1, "hours": pending_hours()}
    if answer.status == RegistrationStatus.PENDING:
        if answer.mail_failed:
            return messages.WARNING, _(
                "We could not send the e-mail to confirm your registration to %(email)s just "
                "now, so no place is held for you yet. The organisers can see this and will "
                "send it again."
            ) % values
        return messages.SUCCESS, _(
            "Almost done: check your mailbox. We have sent an e-mail to %(email)s with a link "
            "to confirm your registration. No place is held for you until you confirm, "
            "within %(hours)d hours."
        ) % values
    if answer.mail_failed:
        # The mail server failed (events.mails logged it and marked the registration, which
        # organisers see and resend from): the registration stands, the page says so.
        if answer.status == RegistrationStatus.CONFIRMED:
            text = _(
                "You are registered, but we could not send the confirmation e-mail to "
                "%(email)s just now. The organisers can see this and will send it again."
            )
        else:
            text = _(
                "The event is full: you are number %(position)d on the waiting list. We "
                "could not send the e-mail to %(email)s just now; the organisers will send "
                "it again, and we will mail you as soon as a place is free."
            )
        return messages.WARNING, text % values
    if answer.status == RegistrationStatus.CONFIRMED:
        return messages.SUCCESS, _(
            "You are registered. We have sent a confirmation to %(email)s."
        ) % values
    return messages.SUCCESS, _(
        "The event is full: you are number %(position)d on the waiting list. We have sent an "
        "e-mail to %(email)s and will mail you as soon as a place is free."
    ) % values


@never_cache  # a link from a mail: this registration's personal details
def manage_registration_view(request, event, token):
    """A registration's own page, reached with the signed link from the mails: see, cancel."""
    read = tokens.read_token(token)
    registration = None
    if read is not None:
        registration = Registration.objects.filter(pk=read[0], event=event).first()
        if not tokens.matches(registration, read[1]) or registration.anonymised_at:
            registration = None
    if registration is None:
        context = event.get_context(request)
        context["page_title"] = _("This link does not work")
        return TemplateResponse(
            request, "events/registration_invalid_link.html", context, status=400
        )
    registration.event = event
    if registration.is_expired():
        context = event.get_context(request)
        context.update(
            {"page_title": _("This registration has expired"), "pending_hours": pending_hours()}
        )
        return TemplateResponse(request, "events/registration_expired.html", context, status=410)
    if request.method == "POST":
        if request.POST.get("action") == "confirm":
            return _confirm(request, registration)
        if request.POST.get("action") == "cancel":
            try:
                services.cancel(registration, base_url=mails.base_url_for(request))
            except services.RegistrationError as refusal:
                messages.error(request, str(refusal.message))
            else:
                messages.success(
                    request, _("Your registration is cancelled. Thank you for letting us know.")
                )
        return redirect(request.path)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    now = timezone.now()
    context = event.get_context(request)
    context.update(
        {
            "registration": registration,
            "position": registration.waiting_position(),
            "can_cancel": registration.is_active and event.end >= now,
            "show_online_link": bool(
                registration.is_confirmed
                and event.online_url
                and event.is_online
                and not event.is_cancelled
            ),
            "answers": answer_rows(registration, list(event.questions.all())),
        }
    )
    return TemplateResponse(request, "events/registration_manage.html", context)


def _confirm(request, registration):
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
                    "have a place. We have sent you an e-mail."
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
    return redirect(tokens.manage_path(registration, registration.event))


def answer_rows(registration, questions) -> list[tuple[str, str]]:
    rows = []
    for question in questions:
        value = (registration.answers or {}).get(question.key)
        if value in (None, "", []):
            continue
        rows.append((question.label, display_answer(value)))
    return rows


def display_answer(value) -> str:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return str(value)


# --- Calendars and structured data -----------------------------------------------------------


def event_ics_view(request, event):
    body = ical.event_ics(event, url=request.build_absolute_uri(event.url))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


CALENDAR_LIMIT = 200


def calendar_feed_for(request, index_page):
    now = timezone.now()

    # The soonest ones: a calendar app subscribing to the feed needs no more, and the feed's
    # cost must not grow with the archive.
    def render():
        events = (
            public(EventPage.objects.live())
            .child_of(index_page)
            .upcoming(now)
            .order_by("start", "pk")[:CALENDAR_LIMIT]
        )
        return ical.calendar(
            [
                ical.event_component(event, url=request.build_absolute_uri(event.url))
                for event in events
            ],
            name=index_page.title,
        )

    # The same for everyone: kept until an event is published (or five minutes pass).
    body = remember(f"calendar:{index_page.pk}:{request.build_absolute_uri('/')}", render)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="events.ics"'
    return response


def calendar_feed(request):
    """/events/feed.ics: every upcoming event of the site's event index."""
    from wagtail.models import Site

    from events.models import EventIndexPage

    site = Site.find_for_request(request)
    index_pages = public(EventIndexPage.objects.live())
    if site is not None:
        index_pages = index_pages.descendant_of(site.root_page, inclusive=True)
    index_page = index_pages.first()
    if index_page is None:
        raise Http404("No event index page.")
    return calendar_feed_for(request, index_page)


ATTENDANCE_MODES = {
    "on_site": "https://schema.org/OfflineEventAttendanceMode",
    "online": "https://schema.org/OnlineEventAttendanceMode",
    "hybrid": "https://schema.org/MixedEventAttendanceMode",
}


def json_ld(request, event, state) -> str:
    """schema.org Event, ready to sit in a <script type="application/ld+json"> element."""
    url = request.build_absolute_uri(event.url)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "startDate": event.local_start.isoformat(),
        "endDate": event.local_end.isoformat(),
        "eventStatus": "https://schema.org/EventCancelled"
        if event.is_cancelled
        else "https://schema.org/EventScheduled",
        "eventAttendanceMode": ATTENDANCE_MODES.get(event.format),
        "url": url,
    }
    locations = []
    if event.is_on_site:
        locations.append(
            {
                "@type": "Place",
                "name": event.venue_name,
                "address": ", ".join(
                    line.strip() for line in event.venue_address.splitlines() if line.strip()
                ),
            }
        )
    if event.is_online:
        # The real link is for attendees only: the public location is the event page.
        locations.append({"@type": "VirtualLocation", "url": url})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    from community.newsletter import site_settings

    found = site_settings(request)
    data["organizer"] = {
        "@type": "Organization",
        "name": found.organisation_name if found else "",
        "url": request.build_absolute_uri("/"),
    }
    if event.registration_enabled and not event.is_cancelled:
        # Registration, not a ticket sale: no price is claimed.
        offer = {"@type": "Offer", "url": url + "#registration"}
        availability = {
            "open": "InStock",
            "waiting_list": "SoldOut",
            "full": "SoldOut",
            "not_open": "PreOrder",
        }.get(state.code)
        if availability:
            offer["availability"] = f"https://schema.org/{availability}"
        if event.registration_opens_at:
            offer["validFrom"] = event.registration_opens_at.astimezone(event.tz).isoformat()
        data["offers"] = offer
    text = json.dumps(data, ensure_ascii=False)
    # Nothing in the data may close the script element or start a comment.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
