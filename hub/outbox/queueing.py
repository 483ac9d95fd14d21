"""Putting a mail in the outbox."""

from django.db import models, transaction
from django.db.models.functions import Cast

from .models import OutgoingMail


def queue(message, *, kind: str = "", about=None, after: OutgoingMail | None = None):
    """Store `message` (an EmailMessage) and send it from the worker once this transaction
    commits; returns the stored mail, or None when the message has no recipient.

    `about`: the object the mail tells about; if it has a `mail_failed_at` field, that is set
    when the mail finally fails and cleared when it goes. `after`: send only once that mail
    has gone (a copy to the sender after the message itself)."""
    if not (message.to or message.cc or message.bcc):
        return None
    mail = OutgoingMail.from_message(message, kind=kind, about=about, after=after)
    mail.save()
    # A follower of a mail not sent yet is handed over when that one goes (delivery._sent).
    if after is None or after.state == OutgoingMail.State.SENT:
        transaction.on_commit(lambda: _hand_over(mail.pk), robust=True)
    return mail


def mails_about(model, ids) -> "models.QuerySet[OutgoingMail]":
    """The stored mails about rows of `model`: `ids` a list of primary keys or a queryset."""
    from django.contrib.contenttypes.models import ContentType

    if isinstance(ids, models.QuerySet):
        ids = ids.order_by().values_list(Cast("pk", models.CharField()), flat=True)
    else:
        ids = [str(pk) for pk in ids]
    return OutgoingMail.objects.filter(
        about_type=ContentType.objects.get_for_model(model), about_id__in=ids
    )


def forget_addresses(addresses) -> int:
    """Delete the stored mails to any of `addresses` (a person's data is erased): the outbox
    keeps each mail whole, names and messages included. Returns how many were deleted."""
    wanted = {address.lower() for address in addresses}
    if not wanted:
        return 0
    ids = [
        pk
        for pk, to, cc, bcc in OutgoingMail.objects.values_list("pk", "to", "cc", "bcc")
        if wanted & {address.lower() for address in [*to, *cc, *bcc]}
    ]
    return OutgoingMail.objects.filter(pk__in=ids).delete()[0]


def _hand_over(mail_id: int) -> None:
    """Give the mail to the task backend. If that fails, the mail stays queued and the next
    `manage.py send_queued_mails` sends it: it is stored, so it is not lost."""
    from .tasks import deliver_mail

    deliver_mail.enqueue(mail_id)
