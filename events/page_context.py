"""What an event page shows besides its fields (EventPage's main route): the programme, the
registration state and form, the reader's own registration, related groups and JSON-LD."""

from __future__ import annotations

from django.db.models import Q, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community import related
from community.models import Profile
from community.newsletter import privacy_notice_url
from community.personal_data import matching_any, verified_email_addresses
from events import answers, tokens
from events.forms import RegistrationForm
from events.models import EventPage, Registration
from events.structured_data import json_ld
from hub.translated_snippets import localize_snippets


def event_context(request, event, *, form=None, shown=None) -> dict:
    """The page's context on top of its own; `form` is a submitted registration form to show
    again with its errors. `event` is the source page (registrations live there); `shown`, the
    page being read (a translation, or the source), gives the programme its words."""
    now = timezone.now()
    sessions = list((shown or event).sessions.all())
    if not getattr(request, "is_preview", False):
        # A preview's sessions and speakers live in memory (the draft), not in the database.
        prefetch_related_objects(sessions, "speakers")
    speakers, organisers = people_shown(event, sessions)
    state = event.registration_state(now)
    mine = my_registration(request, event)
    if state.can_register and not (mine and mine.is_active):
        if form is None:
            questions = event.question_list()
            full = answers.workshops_full(questions, answers.workshop_usage(event, questions))
            form = registration_form_for(request, questions, full)
    else:
        form = None

    topics = list(event.topics.all())
    return {
        "register_button": register_button(state, mine, form),
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
        "speakers": speakers,
        "organisers": organisers,
        "topics": topics,
        "related_groups": related.for_topics(topics, skip=EventPage),
        "json_ld": json_ld(request, event, state),
        # A page being previewed before its first save has no URL yet.
        "ics_path": (event.url or "/") + event.reverse_subpage("ics_route"),
        "register_path": (event.url or "/") + event.reverse_subpage("register_route"),
    }


def people_shown(event, sessions) -> tuple[list, list]:
    """The speakers (in programme order) and the organisers, in the reader's language (one query
    for all, none in English); each session gets its own as `shown_speakers`."""
    speakers = event.speakers(sessions)
    organisers = list(event.organisers.all())
    by_session = [list(session.speakers.all()) for session in sessions]
    everyone = [*speakers, *organisers, *(person for people in by_session for person in people)]
    shown = dict(zip((id(person) for person in everyone), localize_snippets(everyone), strict=True))
    for session, people in zip(sessions, by_session, strict=True):
        session.shown_speakers = [shown[id(person)] for person in people]
    return [shown[id(person)] for person in speakers], [shown[id(p)] for p in organisers]


def register_button(state, mine, form) -> dict | None:
    """The call to action at the top of the page (sticky on a phone), leading to the form:
    {"label", "href"} for a link, {"label"} alone for a note; None when there is nothing to do
    (closed, full without a waiting list, already registered: the registration section says so)."""
    if mine is not None and mine.is_active:
        return None
    if form is not None:
        if state.code == "waiting_list":
            return {"label": _("Join the waiting list"), "href": "#register"}
        return {"label": _("Register"), "href": "#register"}
    if state.code == "not_open":
        return {"label": state.label}
    return None


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


def registration_form_for(request, questions, full_workshops, data=None) -> RegistrationForm:
    """The public registration form; a signed-in member's details filled in."""
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
