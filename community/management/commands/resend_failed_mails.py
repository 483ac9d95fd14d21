"""Send every mail that failed for good once more (the mail server was down for hours).

    manage.py resend_failed_mails

Every mail goes through the outbox (hub.outbox), which retries by itself for about ten hours
and then marks it failed (Settings → Outgoing mail). This command puts every failed mail back
in the outbox, with a fresh count of attempts: contact messages (to people, biobanks and
partners) to the recipient's current address, with the sender's copy after them, and those
never queued because their recipient had no address once there is one; every other mail
(newsletter, accounts, funding, groups) as it was. Not the events' mails (organisers resend
them from their list, by the registration's current state) nor mails whose worker stopped
mid-send (they may have gone: staff decide in the admin). A mail is back in the outbox once,
however many runs overlap, and the outbox sends it at most once.

Each line reports what became of the mails of one kind: sent (the task backend runs at once),
handed to the worker (the database queue), or failed again. Exits non-zero when a mail failed
again or a contact message still waits for an address; run it after fixing the mail server or
an address, or from cron (e.g. hourly).
"""

from collections import Counter, defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError

from community.models import ContactMessage
from community.services import contact
from hub.outbox import delivery
from hub.outbox.models import OutgoingMail

State = OutgoingMail.State


def _requeue_others() -> dict[str, list[int]]:
    """Every failed mail that is not about a contact message (`contact.resend_failed` sends
    those: a message staff erased or deleted must not go), per kind. Not the events' mails:
    organisers resend those from their list, which sends what the registration's state calls
    for now (a "confirmed" mail with its calendar file must not go to someone who cancelled);
    nor mails that may have gone already (their worker stopped mid-send): a person decides."""
    failed = (
        OutgoingMail.objects.failed()
        .exclude(about_type=ContentType.objects.get_for_model(ContactMessage))
        .exclude(kind__startswith="events.")
        .filter(uncertain=False)
    )
    per_kind: dict[str, list[int]] = defaultdict(list)
    for pk, kind in failed.order_by("created_at", "pk").values_list("pk", "kind"):
        per_kind[kind or "mail"].append(pk)
    for ids in per_kind.values():
        delivery.requeue(OutgoingMail.objects.filter(pk__in=ids))
    return per_kind


def _outcome(ids: list[int]) -> Counter:
    """What became of requeued mails so far: sent, tried and failed again, or waiting for the
    worker (not tried yet)."""
    counts = Counter()
    for state, attempts in OutgoingMail.objects.filter(pk__in=ids).values_list("state", "attempts"):
        if state == State.SENT:
            counts["sent"] += 1
        elif state == State.FAILED or attempts:
            counts["failed"] += 1
        else:
            counts["queued"] += 1
    return counts


class Command(BaseCommand):
    help = "Put every mail that failed for good back in the outbox (contact messages included)."

    def handle(self, *args, **options):
        lines, total = [], Counter()
        for kind, found in sorted(contact.resend_failed().items()):
            counts = _outcome(found["mails"])
            counts["waiting"] = found["waiting"]
            lines.append((f"Messages to {kind}", counts))
        for kind, ids in sorted(_requeue_others().items()):
            lines.append((f"Mails {kind}", _outcome(ids)))
        for label, counts in lines:
            total.update(counts)
            self.stdout.write(f"{label}: {self._describe(counts)}")
        summary = f"Failed mails sent again: {self._describe(total)}"
        if total["failed"] or total["waiting"]:
            raise CommandError(summary + " (see Settings → Outgoing mail and Contact messages)")
        self.stdout.write(summary)

    @staticmethod
    def _describe(counts: Counter) -> str:
        text = (
            f"{counts['sent']} sent, {counts['queued']} handed to the worker, "
            f"{counts['failed']} could not be sent"
        )
        if counts["waiting"]:
            text += f", {counts['waiting']} waiting for the recipient's address"
        return text
