"""Plain-text mails rendered from templates and put in the outbox (hub.outbox).

`queue` stores each mail in the caller's transaction: it exists exactly when what it tells
about was stored, and the background worker sends it after commit, retrying a failure. A mail
that fails for good is shown in the admin (Settings → Outgoing mail) and sent again by
`manage.py resend_failed_mails`; it never undoes or loses what was stored.

Each mail is rendered in its recipient's language (hub.outbox.language): build its context
and render it inside `speaking(language)`, once per recipient, so that its words, dates and
links (/nl/…) are theirs and not those of whoever caused the mail.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from hub import outbox
from hub.outbox.language import (
    of_address,
    of_user,
    of_users,
    page_for_reader,
    path_in,
    source_page,
    speaking,
)

__all__ = [
    "absolute_url",
    "of_address",
    "of_user",
    "of_users",
    "organisation_name",
    "page_for_reader",
    "path_in",
    "queue",
    "render_mail",
    "source_page",
    "speaking",
    "title_for_reader",
]


def organisation_name(request=None) -> str:
    from community.newsletter import site_settings

    found = site_settings(request)
    return found.organisation_name if found else settings.WAGTAIL_SITE_NAME


def absolute_url(path: str, request=None) -> str:
    """An absolute link on HUB_BASE_URL, whoever sends the mail (`request` is not used: a link
    must not depend on the host name a reader happened to use)."""
    from hub.base_url import absolute

    return absolute(path)


def render_mail(
    template_base: str, context: dict, *, to: list[str], reply_to: list[str] | None = None
) -> EmailMessage:
    """`<template_base>_subject.txt` (one line) and `<template_base>.txt` as a mail."""
    subject = " ".join(render_to_string(f"{template_base}_subject.txt", context).split())
    body = render_to_string(f"{template_base}.txt", context)
    return EmailMessage(subject=subject, body=body, to=to, reply_to=reply_to or None)


def queue(*messages: EmailMessage, kind: str, about=None) -> list:
    """Put each message with a recipient in the outbox (sent once this transaction commits);
    returns the stored mails. `about`: what they tell about (see hub.outbox.queue)."""
    stored = (outbox.queue(message, kind=kind, about=about) for message in messages)
    return [mail for mail in stored if mail is not None]


def title_for_reader(page) -> str:
    """`page`'s title in the active language (its translation's, if it has one)."""
    shown = page_for_reader(page)
    return shown.title if shown is not None else ""
