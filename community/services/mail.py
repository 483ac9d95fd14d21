"""Plain-text mails rendered from templates, sent after the transaction commits.

A mail that cannot be sent is logged; it never undoes or loses what was stored. Stored messages
whose mail failed are marked, and each app registers how to send them again
(`register_resender`): `manage.py resend_failed_mails` runs them all.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import QuerySet
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


# --- Sending again what could not be sent -----------------------------------------------------


@dataclass(frozen=True)
class Resender:
    """One kind of stored message whose mail can fail (a contact message, say)."""

    label: str
    pending: Callable[[], QuerySet]  # the stored messages marked as failed
    mails: Callable[[object], list[EmailMessage]]  # main mail first, then copies; [] = no way
    cleared: dict  # the field values that clear the mark

    @property
    def model(self):
        return self.pending().model

    def __call__(self) -> tuple[int, int]:
        """Send each pending message again, oldest first: (sent, still failing).

        Each message is locked while it is mailed, so two runs at once (cron overlapping a
        manual run) never send it twice: the other run skips it (PostgreSQL: SKIP LOCKED;
        SQLite: write transactions take turns) and then no longer finds it pending. A run
        killed mid-send leaves it pending.
        """
        sent = failed = 0
        pending = self.pending()
        for pk in list(pending.order_by("created_at", "pk").values_list("pk", flat=True)):
            with transaction.atomic():
                locked = pending.select_for_update(skip_locked=True, of=("self",))
                stored = locked.filter(pk=pk).first()
                if stored is None:  # another run has it, or has sent it
                    continue
                messages = self.mails(stored)
                if messages and send_in_order(*messages):
                    pending.model.objects.filter(pk=pk).update(**self.cleared)
                    sent += 1
                else:
                    failed += 1
        return sent, failed


_resenders: list[Resender] = []


def register_resender(label, pending, mails, cleared) -> None:
    if all(known.label != label for known in _resenders):
        _resenders.append(Resender(label, pending, mails, cleared))


def resenders() -> list[Resender]:
    """Every kind of stored contact message (also what `purge_contact_messages` ages out)."""
    return list(_resenders)
