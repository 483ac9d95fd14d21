"""Writing to someone through the hub: a contact person, a biobank or a partner.

The recipient's address never reaches a page. `send` stores the message (ContactMessage), then,
once the transaction commits, mails it to the recipient with the sender's address as Reply-To,
followed by the copies the recipient's kind sends the sender. If the mail to the recipient fails,
no copy goes out and the message is marked (``mail_failed_at``); `resend_failed` (``manage.py
resend_failed_mails``) sends it once the mail server is back.

The kinds of recipient (Person, Biobank, funding's PartnershipListing) each declare their mails:
see `Contactable`. Views check who may write and the rate limits; this module stores and mails.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Protocol

from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from community.models.messages import ContactMessage
from community.services import mail


class Contactable(Protocol):
    """A recipient of contact messages (see the module docstring)."""

    # Mail templates (community.services.mail.render_mail): the mail to the recipient first,
    # then the copies to the sender (none for people: anyone could use that to mail anyone).
    contact_mail_templates: tuple[str, ...]

    @property
    def contact_address(self) -> str:
        """Where its messages go; never shown."""

    def contact_mail_context(self, request=None) -> dict:
        """What its mail templates need besides the message (its name, a link to it...)."""

    # and `contact_messages = contact_messages_relation(...)` (community.models.messages)


@transaction.atomic
def send(
    target: Contactable,
    *,
    name: str,
    email: str,
    message: str,
    organisation: str = "",
    sender=None,
    request=None,
) -> ContactMessage:
    """Store the message to `target` and mail it after commit.

    Outside a transaction (as in production: no ATOMIC_REQUESTS) the mails have gone, or
    failed, when this returns: the returned message's ``mail_failed_at`` says which.
    """
    stored = ContactMessage.objects.create(
        target=target,
        sender=sender if sender is not None and sender.is_authenticated else None,
        name=name,
        email=email,
        organisation=organisation,
        message=message,
        sent_to=target.contact_address,
    )
    transaction.on_commit(lambda: _send(stored, request))
    return stored


def mails(stored: ContactMessage, request=None) -> list[EmailMessage]:
    """The mail to the recipient (Reply-To: the sender), then the sender's copies."""
    target = stored.target
    # The recipient's address now: staff may have corrected (or removed) it since a mail failed.
    address = target.contact_address if target is not None else ""
    if not address:  # nowhere to send it: stays marked
        return []
    context = {
        "organisation_name": mail.organisation_name(request),
        "sender_name": stored.name,
        "sender_email": stored.email,
        "sender_organisation": stored.organisation,
        "message": stored.message,
        "site_url": mail.absolute_url("/", request),
        **target.contact_mail_context(request),
    }
    first, *copies = target.contact_mail_templates
    return [
        mail.render_mail(first, context, to=[address], reply_to=[stored.email]),
        *(mail.render_mail(template, context, to=[stored.email]) for template in copies),
    ]


def _send(stored: ContactMessage, request=None) -> bool:
    """Mail the message; mark it (and the instance) if that failed."""
    messages = mails(stored, request)
    if messages and mail.send_in_order(*messages):
        [address] = messages[0].to
        if stored.mail_failed_at is not None or stored.sent_to != address:
            stored.mail_failed_at, stored.sent_to = None, address
            ContactMessage.objects.filter(pk=stored.pk).update(mail_failed_at=None, sent_to=address)
        return True
    if stored.mail_failed_at is None:
        stored.mail_failed_at = timezone.now()
        ContactMessage.objects.filter(pk=stored.pk).update(mail_failed_at=stored.mail_failed_at)
    return False


def kind_name(target_type_id: int) -> str:
    """The recipients of a kind, for commands' reports ("people", "biobanks"...)."""
    content_type = ContentType.objects.get_for_id(target_type_id)
    model = content_type.model_class()
    return str(model._meta.verbose_name_plural) if model else content_type.model


def resend_failed() -> dict[str, Counter]:
    """Mail each message marked as failed again, oldest first.

    Returns, per kind of recipient (`kind_name`), how many were "sent" and how many "failed".
    Each message is locked while it is mailed, so two runs at once (cron overlapping a manual
    run) never send it twice: the other run skips it (PostgreSQL: SKIP LOCKED; SQLite: write
    transactions take turns, IMMEDIATE) and then no longer finds it marked. A run killed
    mid-send leaves it marked.
    """
    outcome: dict[str, Counter] = defaultdict(Counter)
    pending = ContactMessage.objects.mail_failed()
    for pk in list(pending.order_by("created_at", "pk").values_list("pk", flat=True)):
        with transaction.atomic():
            stored = pending.select_for_update(skip_locked=True).filter(pk=pk).first()
            if stored is None:  # another run has it, or has sent it
                continue
            went = _send(stored)
            outcome[kind_name(stored.target_type_id)]["sent" if went else "failed"] += 1
    return dict(outcome)
