"""Writing to someone through the hub: a contact person, a biobank or a partner.

The recipient's address never reaches a page. `send` stores the message (ContactMessage) and, in
the same transaction, puts its mails in the outbox (hub.outbox): the mail to the recipient with
the sender's address as Reply-To, then the copies the recipient's kind sends the sender, each
sent only after the recipient's mail went (a copy says "we have forwarded your message"), and
only to a signed-in member's verified address (`sends_copy`). The
worker sends them after commit and retries; if the recipient's mail fails for good, the message
is marked (``mail_failed_at``, set by the outbox). A recipient without an address marks it at
once. `resend_failed` (``manage.py resend_failed_mails``) sends marked messages again, to the
recipient's current address, once there is one.

The kinds of recipient (Person, Biobank, funding's PartnershipListing) each declare their mails:
see `Contactable`. Views check who may write and the rate limits; this module stores and mails.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Protocol

from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from community.models.messages import ContactMessage
from community.services import mail
from hub import outbox
from hub.outbox import delivery
from hub.outbox.models import OutgoingMail


class Contactable(Protocol):
    """A recipient of contact messages (see the module docstring)."""

    # Mail templates (community.services.mail.render_mail): the mail to the recipient first,
    # then the copies to the sender (none for people: anyone could use that to mail anyone;
    # for the others, only to a signed-in member's verified address: `copy_allowed`).
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
    """Store the message to `target` and queue its mails (sent by the worker after commit).

    Whether they went is known only later: ``mail_failed_at`` is set here only when the
    recipient has no address to send to.
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
    if _queue(stored, request) is None:  # nowhere to send it: marked until there is
        stored.mail_failed_at = timezone.now()
        ContactMessage.objects.filter(pk=stored.pk).update(mail_failed_at=stored.mail_failed_at)
    return stored


def mails(stored: ContactMessage, request=None) -> list[EmailMessage]:
    """The mail to the recipient (Reply-To: the sender), then the sender's copies.

    Each in its reader's language, also when staff send it again later: the recipient's if
    the address is a member's (else the site default), the sender's copies in the signed-in
    sender's (copies go to members only, see `copy_allowed`)."""
    target = stored.target
    # The recipient's address now: staff may have corrected (or removed) it since a mail failed.
    address = target.contact_address if target is not None else ""
    if not address:  # nowhere to send it: stays marked
        return []

    def context():
        return {
            "organisation_name": mail.organisation_name(request),
            "sender_name": stored.name,
            "sender_email": stored.email,
            "sender_organisation": stored.organisation,
            "message": stored.message,
            "site_url": mail.absolute_url(mail.path_in("/"), request),
            **target.contact_mail_context(request),
        }

    first, *copies = target.contact_mail_templates
    if not sends_copy(stored):
        copies = []
    with mail.speaking(mail.of_address(address)):
        found = [mail.render_mail(first, context(), to=[address], reply_to=[stored.email])]
    if copies:
        with mail.speaking(mail.of_user(stored.sender)):
            shown = context()
            found += [mail.render_mail(template, shown, to=[stored.email]) for template in copies]
    return found


def copy_allowed(user, email: str) -> bool:
    """Whether a sender who typed `email` gets a copy of their message: only a signed-in member
    writing from one of their verified addresses.

    Anyone may write without an account and type any address. A copy to it would make the hub
    an open relay: it would mail any text to any victim in the hub's name (and the recipient's
    answers would go to the victim, the Reply-To). So an address we have not verified gets no
    copy; the recipient's mail still goes, with Reply-To that address, as the sender asked.
    """
    from community.personal_data import verified_email_addresses

    if user is None or not user.is_authenticated or not email:
        return False
    return email.lower() in {address.lower() for address in verified_email_addresses(user)}


def sends_copy(stored: ContactMessage) -> bool:
    """Whether the sender of `stored` gets the copies its recipient's kind sends (none for
    people, whatever the sender): decided anew on each (re)send (see `copy_allowed`)."""
    target = stored.target
    if target is None or len(target.contact_mail_templates) < 2:
        return False
    return copy_allowed(stored.sender, stored.email)


def mail_kind(stored: ContactMessage) -> str:
    """The outbox's kind of the mail to the recipient: "contact.person", "contact.biobank"..."""
    return f"contact.{ContentType.objects.get_for_id(stored.target_type_id).model}"


def _queue(stored: ContactMessage, request=None) -> OutgoingMail | None:
    """Put the message's mails in the outbox (the copies wait for the recipient's mail);
    returns the recipient's mail, or None when there is no address to send it to."""
    messages = mails(stored, request)
    if not messages:
        return None
    first, *copies = messages
    kind = mail_kind(stored)
    to_recipient = outbox.queue(first, kind=kind, about=stored)
    for copy in copies:
        outbox.queue(copy, kind=f"{kind}.copy", after=to_recipient)
    return to_recipient


def _mails_about(stored: ContactMessage):
    """The outbox's mails to the recipient of `stored` (not the copies)."""
    return OutgoingMail.objects.filter(
        about_type=ContentType.objects.get_for_model(ContactMessage), about_id=str(stored.pk)
    )


def kind_name(target_type_id: int) -> str:
    """The recipients of a kind, for commands' reports ("people", "biobanks"...)."""
    content_type = ContentType.objects.get_for_id(target_type_id)
    model = content_type.model_class()
    return str(model._meta.verbose_name_plural) if model else content_type.model


def resend_failed() -> dict[str, dict]:
    """Send each marked message (``mail_failed_at``) again, oldest first, to the recipient's
    current address (staff may have corrected it since).

    A message whose mail failed for good has that mail put back in the outbox (with the new
    address, if it changed); one never queued (its recipient had no address) gets its mails
    queued now. A message whose recipient still has no address waits. One already back in the
    outbox (staff's "Send again", another run) is left alone, and a claim (a conditional
    update) decides between two runs at once, so no message is queued twice.

    Returns, per kind of recipient (`kind_name`), the "mails" put back in the outbox (ids of
    the mails to the recipients; their copies follow them) and how many messages are
    "waiting" for an address.
    """
    outcome: dict[str, dict] = defaultdict(lambda: {"mails": [], "waiting": 0})
    pending = ContactMessage.objects.mail_failed().order_by("created_at", "pk")
    for stored in list(pending):
        tried = _mails_about(stored)
        if tried.exclude(state=OutgoingMail.State.FAILED).exists():
            continue  # on its way again already
        kind = outcome[kind_name(stored.target_type_id)]
        target = stored.target
        address = target.contact_address if target is not None else ""
        if not address:
            kind["waiting"] += 1
            continue
        failed = tried.order_by("-pk").first()
        with transaction.atomic():
            if failed is None:  # never queued: claim the mark, then queue its mails
                claimed = ContactMessage.objects.filter(
                    pk=stored.pk, mail_failed_at=stored.mail_failed_at
                ).update(mail_failed_at=None, sent_to=address)
                if claimed and (queued := _queue(stored)) is not None:
                    kind["mails"].append(queued.pk)
                continue
            if failed.to != [address]:
                OutgoingMail.objects.filter(pk=failed.pk, state=OutgoingMail.State.FAILED).update(
                    to=[address]
                )
                ContactMessage.objects.filter(pk=stored.pk).update(sent_to=address)
            if not sends_copy(stored):  # a copy queued before copies needed a verified address
                failed.followers.filter(state=OutgoingMail.State.QUEUED).delete()
            if delivery.requeue(OutgoingMail.objects.filter(pk=failed.pk)):
                kind["mails"].append(failed.pk)
    return dict(outcome)
