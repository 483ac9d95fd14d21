"""The mails around a registration, built from templates/events/email/<kind>[_subject].txt.

Services schedule them with `send_on_commit()`: a mail goes out only once the registration is
stored, and a failure to send is logged and marked on the registration (`mail_failed_at`, shown
to organisers, who can resend), never raised: the registration itself is kept.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from community.newsletter import site_settings
from events import ical, tokens

logger = logging.getLogger(__name__)

CONFIRMED = "confirmed"
WAITLISTED = "waitlisted"
PROMOTED = "promoted"
CANCELLED = "cancelled"
EVENT_CANCELLED = "event_cancelled"
ORGANISER_MESSAGE = "organiser_message"
CONFIRM_EMAIL = "confirm_email"  # a pending registration's link to confirm the address
ALREADY_REGISTERED = "already_registered"  # someone registered the address again

# Mails that carry the event's .ics: the ones that give (or take away) a seat.
WITH_ICS = {CONFIRMED, PROMOTED, EVENT_CANCELLED}


def base_url_for(request=None) -> str:
    """The site root for absolute links: the request's host, else WAGTAILADMIN_BASE_URL."""
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def _absolute(base_url: str, path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return base_url + path


def build(kind: str, registration, *, base_url: str, extra: dict | None = None):
    event = registration.event
    found = site_settings()
    event_url = _absolute(base_url, event.url or "/")
    show_online = registration.is_confirmed and event.is_online and bool(event.online_url)
    context = {
        "registration": registration,
        "event": event,
        "event_url": event_url,
        "manage_url": _absolute(base_url, tokens.manage_path(registration, event)),
        "online_url": event.online_url if show_online else "",
        "position": registration.waiting_position() if registration.is_waitlisted else None,
        "organisation_name": found.organisation_name if found else settings.WAGTAIL_SITE_NAME,
        "contact_email": event.contact_email or (found.contact_email if found else ""),
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
        message.attach(
            f"{event.slug}.ics",
            ical.event_ics(event, url=event_url, online_url=context["online_url"]),
            "text/calendar",
        )
    return message


def send_now(
    kind: str, registration, *, base_url: str, extra: dict | None = None, connection=None
) -> bool:
    """Send one mail; True if it went. A failure is logged and marked on the registration."""
    from events.models import Registration

    try:
        message = build(kind, registration, base_url=base_url, extra=extra)
        if connection is not None:
            message.connection = connection
        message.send()
    except Exception:  # SMTP down, refused, timed out...: the registration stays valid.
        logger.exception(
            "Events: could not send the %s mail for registration %s", kind, registration.pk
        )
        registration.mail_failed_at = timezone.now()
        Registration.objects.filter(pk=registration.pk).update(
            mail_failed_at=registration.mail_failed_at
        )
        return False
    if registration.mail_failed_at is not None:
        registration.mail_failed_at = None
        Registration.objects.filter(pk=registration.pk).update(mail_failed_at=None)
    return True


def send_on_commit(kind: str, registration, *, base_url: str, extra: dict | None = None):
    transaction.on_commit(lambda: send_now(kind, registration, base_url=base_url, extra=extra))


def send_many(kind: str, registrations, *, base_url: str, extra: dict | None = None):
    """Send to each registration over one connection; returns (sent, failed)."""
    sent = failed = 0
    connection = get_connection()
    try:
        connection.open()
    except Exception:
        logger.exception("Events: could not open the mail connection")
    try:
        for registration in registrations:
            if send_now(kind, registration, base_url=base_url, extra=extra, connection=connection):
                sent += 1
            else:
                failed += 1
    finally:
        try:
            connection.close()
        except Exception:
            logger.exception("Events: could not close the mail connection")
    return sent, failed
