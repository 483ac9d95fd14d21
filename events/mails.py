"""The mails around a registration, built from templates/events/email/<kind>[_subject].txt.

Services `queue()` them in the outbox (hub.outbox) in the same transaction as the change they
tell about: a mail exists exactly when the registration was stored, and the background worker
sends it after the commit, so no request waits on the mail server. The worker retries a
failure; after the last retry it marks the registration (`mail_failed_at`, shown to organisers,
who can resend; cleared when a mail about it goes). The registration itself is always kept.
"""

from __future__ import annotations

import copy
import hashlib
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import DatabaseError, models, transaction
from django.db.models import Count, Max, Q
from django.template.loader import render_to_string
from django.utils import timezone

from community.newsletter import site_settings
from events import checkin_code, ical, tokens
from events.answers import answer_rows
from hub import outbox
from hub.cache import remember
from hub.outbox import language
from hub.outbox.models import OutgoingMail

logger = logging.getLogger(__name__)

CONFIRMED = "confirmed"
WAITLISTED = "waitlisted"
PROMOTED = "promoted"
CANCELLED = "cancelled"
EVENT_CANCELLED = "event_cancelled"
ORGANISER_MESSAGE = "organiser_message"
CONFIRM_EMAIL = "confirm_email"  # a pending registration's link to confirm the address
ALREADY_REGISTERED = "already_registered"  # someone registered the address again
ANSWERS_CHANGED = "answers_changed"  # the registrant changed their answers on their own page

# Mails that carry the event's .ics: the ones that give (or take away) a seat.
WITH_ICS = {CONFIRMED, PROMOTED, EVENT_CANCELLED}
# Mails that carry the check-in code (events.checkin_code) as a small PNG attachment. These
# mails are plain text, which cannot show an image inline; a linked image would be one more
# link to the personal page (which shows the code) and is blocked by most clients until
# allowed, and an SVG data: URI is refused by most. An attachment of about 1 KB opens offline,
# on the phone at the door.
WITH_CHECKIN_CODE = {CONFIRMED, PROMOTED}


def base_url_for(request=None) -> str:
    """The site root for absolute links: HUB_BASE_URL, in a request or not (`request` is not
    used: a promotion sent by the worker links the same host as a confirmation)."""
    from hub.base_url import base_url

    return base_url()


def _absolute(base_url: str, path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return base_url + path


def build(kind: str, registration, *, base_url: str, extra: dict | None = None):
    """The mail in the registrant's language (the page they registered from), whoever causes
    it: an organiser's action, someone else's cancellation, the worker or a command. Words,
    dates ("8 april 2027") and links (/nl/…) all follow it."""
    with language.speaking(registration.language):
        return _build(kind, registration, base_url=base_url, extra=extra)


def _in_reading_language(event):
    """The event with its title in the reader's language when it is translated (its times,
    seats and registrations are the source page's)."""
    shown = language.page_for_reader(event)
    if shown is None or shown.pk == event.pk or shown.title == event.title:
        return event
    event = copy.copy(event)
    event.title = shown.title
    return event


def _build(kind: str, registration, *, base_url: str, extra: dict | None = None):
    event = _in_reading_language(registration.event)
    found = _site_parts()
    event_url = _absolute(base_url, event.url or "/")
    show_online = registration.is_confirmed and event.is_online and bool(event.online_url)
    manage_url = _absolute(base_url, tokens.manage_path(registration, event))
    with_code = kind in WITH_CHECKIN_CODE and registration.is_confirmed
    context = {
        "registration": registration,
        "event": event,
        "event_url": event_url,
        "manage_url": manage_url,
        # What they chose, workshops included, in the order of the event's questions.
        "answers": answer_rows(registration, event.question_list()),
        "checkin_code_file": checkin_code.PNG_FILENAME if with_code else "",
        "online_url": event.online_url if show_online else "",
        "position": registration.waiting_position() if registration.is_waitlisted else None,
        "organisation_name": found["organisation_name"],
        "contact_email": event.contact_email or found["contact_email"],
        **(extra or {}),
    }
    subject = render_to_string(f"events/email/{kind}_subject.txt", context)
    body = render_to_string(f"events/email/{kind}.txt", context)
    reply_to = context["contact_email"]
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=body,
        to=[registration.email],
        reply_to=[reply_to] if reply_to else None,
    )
    if kind in WITH_ICS:
        ics = _event_ics(event, event_url, context["online_url"])
        message.attach(f"{event.slug}.ics", ics, "text/calendar")
    if with_code:
        message.attach(checkin_code.PNG_FILENAME, checkin_code.png(manage_url), "image/png")
    return message


# Mails are built inside the transaction that holds the event's lock (the outbox stores them
# with the registration), so what is the same for every registrant is kept in the content
# cache: new with every publish (hub.cache), and keyed on the cancellation, a plain update.


def _site_parts() -> dict:
    def compute():
        found = site_settings()
        return {
            "organisation_name": found.organisation_name if found else settings.WAGTAIL_SITE_NAME,
            "contact_email": found.contact_email if found else "",
        }

    return remember("events:mail-site", compute)


def _event_ics(event, url: str, online_url: str) -> bytes:
    links = hashlib.sha256(f"{url} {online_url}".encode()).hexdigest()[:16]
    key = f"events:ics:{event.pk}:{event.cancelled_at and event.cancelled_at.timestamp()}:{links}"
    return remember(key, lambda: ical.event_ics(event, url=url, online_url=online_url))


def queue(kind: str, registration, *, base_url: str, extra: dict | None = None):
    """Build the mail now and store it in the outbox, in the caller's transaction: it leaves
    (from the worker) once that commits, or never if it rolls back. Returns the stored mail, or
    None if it could not be built (logged and marked on the registration: the registration is
    kept, and organisers see it and resend)."""
    try:
        message = build(kind, registration, base_url=base_url, extra=extra)
    except DatabaseError:
        raise  # the transaction is broken: what called us fails as a whole
    except Exception:  # a template or calendar bug must not cost anyone their registration
        logger.exception(
            "Events: could not build the %s mail for registration %s", kind, registration.pk
        )
        _mark_failed(registration)
        return None
    return outbox.queue(message, kind=outbox_kind(kind), about=registration)


def queue_many(kind: str, registrations, *, base_url: str, extra: dict | None = None) -> int:
    """One mail per registration, all stored together (no mail server is contacted here);
    returns how many were queued."""
    queued = 0
    with transaction.atomic():
        for registration in registrations:
            if queue(kind, registration, base_url=base_url, extra=extra) is not None:
                queued += 1
    return queued


def outbox_kind(kind: str) -> str:
    return f"events.{kind}"


def _mark_failed(registration) -> None:
    from events.models import Registration

    registration.mail_failed_at = timezone.now()
    Registration.objects.filter(pk=registration.pk).update(
        mail_failed_at=registration.mail_failed_at
    )


# --- The mails stored about registrations (for the organiser's "Resend mail") ----------------


def mails_about(registrations) -> models.QuerySet:
    """The outbox's mails about registrations: one, a queryset of them, or a list of ids."""
    from events.models import Registration

    if isinstance(registrations, Registration):
        registrations = [registrations.pk]
    return outbox.mails_about(Registration, registrations)


def forget(registrations) -> None:
    """Delete the stored mails about registrations whose personal data goes (anonymised,
    erased, released): the outbox keeps a copy of each mail, address and name included."""
    mails_about(registrations).delete()


def history_tokens(registration_ids) -> dict[int, str]:
    """For each registration, a token that changes whenever a mail about it is queued or one
    fails or is sent again: the resend button carries it, so a second click (or a second
    organiser) on a page shown before the first resend does nothing."""
    rows = (
        mails_about(registration_ids)
        .order_by()
        .values("about_id")
        .annotate(last=Max("pk"), failed=Count("pk", filter=Q(state=OutgoingMail.State.FAILED)))
    )
    tokens_by_id = {int(row["about_id"]): f"{row['last']}-{row['failed']}" for row in rows}
    return {pk: tokens_by_id.get(pk, "0-0") for pk in registration_ids}


# --- Organiser messages -----------------------------------------------------------------------


def organiser_message_for(registration, *, subject: str, body: str, base_url: str, extra=None):
    """The organiser's message as `registration` gets it (not queued): for the preview."""
    return build(
        ORGANISER_MESSAGE,
        registration,
        base_url=base_url,
        extra={"message_subject": subject, "message_body": body, **(extra or {})},
    )


def queue_organiser_test(event, *, user, subject: str, body: str, base_url: str, waitlisted=False):
    """A test copy of an organiser's message to the organiser's own address, "[Test]" before
    its subject, through the outbox (not about any registration). The greeting names the
    organiser; the personal link is the event page's (a test has no registration)."""
    from django.utils.translation import gettext

    from events.models import Registration, RegistrationStatus

    name = (user.get_full_name() if hasattr(user, "get_full_name") else "") or user.email
    stand_in = Registration(
        event=event,
        name=name,
        email=user.email,
        status=RegistrationStatus.WAITLISTED if waitlisted else RegistrationStatus.CONFIRMED,
        created_at=timezone.now(),
        language=language.current(),  # the organiser's own copy: in the language they write in
    )
    stand_in.waiting_position = lambda: 1
    message = organiser_message_for(
        stand_in,
        subject=subject,
        body=body,
        base_url=base_url,
        extra={"manage_url": _absolute(base_url, event.url or "/")},
    )
    message.subject = f"[{gettext('Test')}] {message.subject}"
    return outbox.queue(message, kind=outbox_kind("organiser_message_test"))
