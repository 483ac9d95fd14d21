"""Plain-text mails rendered from templates, sent after the transaction commits.

A mail that cannot be sent is logged; it never undoes or loses what was stored. Contact
messages whose mail failed are marked and sent again by `manage.py resend_failed_mails`
(community.services.contact).
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def organisation_name(request=None) -> str:
    from community.newsletter import site_settings

    found = site_settings(request)
    return found.organisation_name if found else settings.WAGTAIL_SITE_NAME


def absolute_url(path: str, request=None) -> str:
    """An absolute link: from the request when there is one, else from WAGTAILADMIN_BASE_URL."""
    if path.startswith(("http://", "https://")):
        return path
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def render_mail(
    template_base: str, context: dict, *, to: list[str], reply_to: list[str] | None = None
) -> EmailMessage:
    """`<template_base>_subject.txt` (one line) and `<template_base>.txt` as a mail."""
    subject = " ".join(render_to_string(f"{template_base}_subject.txt", context).split())
    body = render_to_string(f"{template_base}.txt", context)
    return EmailMessage(subject=subject, body=body, to=to, reply_to=reply_to or None)


def send(message: EmailMessage) -> bool:
    """Send now; False (and a log entry) if it failed."""
    try:
        message.send()
    except Exception:  # SMTP down, refused, timed out...
        logger.exception(
            "Could not send the mail %r to %d recipient(s)", message.subject, len(message.to)
        )
        return False
    return True


def send_on_commit(*messages: EmailMessage) -> None:
    """Send each message once the current transaction commits (each failure logged alone)."""
    pending = [message for message in messages if message.to]

    def send_all():
        for message in pending:
            send(message)

    if pending:
        transaction.on_commit(send_all)


def send_in_order(*messages: EmailMessage) -> bool:
    """Send the first message, then the others (copies) only if it went; False if it failed.

    A copy must not tell the sender "we have forwarded your message" when it was not.
    """
    pending = [message for message in messages if message.to]
    if not pending:
        return True
    first, *others = pending
    if not send(first):
        return False
    for message in others:
        send(message)
    return True
