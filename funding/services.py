"""Every write of the funding app that matters goes through these functions.

Each public function is one transaction and refuses with a `FundingError` subclass carrying a
message for the person concerned; views and commands stay thin. Mails are queued in the same
transaction (community.services.mail, hub.outbox) and sent by the worker after commit, so a
failed send never loses the submission it reports, and is retried.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.personal_data import verified_email_addresses
from community.services import contact, mail
from funding import tokens
from funding.models import (
    CallFollow,
    DeadlineReminder,
    FilterMatch,
    FundingCallPage,
    FundingDeadline,
    ModerationStatus,
    PartnershipListing,
    SavedFilter,
)
from funding.models.partnerships import DEFAULT_EXPIRY_DAYS, MAX_EXPIRY_DAYS, directory_url
from hub.privacy import public

logger = logging.getLogger(__name__)

REMINDER_DAYS = 7  # deadline reminders go out this many days before a deadline
EXPIRY_NOTICE_DAYS = 7  # owners are asked to renew this many days before expiry
MODERATE_PERMISSION = "change_partnershiplisting"


class FundingError(Exception):
    message = _("This cannot be done.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class NotAllowed(FundingError):
    message = _("You are not allowed to do this.")


class AlreadyReviewed(FundingError):
    message = _("This listing has already been reviewed.")


class ReasonRequired(FundingError):
    message = _("Give the submitter a reason for the rejection.")


class NotContactable(FundingError):
    message = _("This listing cannot be contacted: it is not published.")


class InvalidExpiry(FundingError):
    message = _("Choose an expiry date from tomorrow on and at most a year ahead.")


# --- Who moderates ---------------------------------------------------------------------------


def moderators():
    """Active users who may approve listings (superusers, and via group or own permission)."""
    user_model = get_user_model()
    return (
        user_model.objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(
                groups__permissions__codename=MODERATE_PERMISSION,
                groups__permissions__content_type__app_label="funding",
            )
            | Q(
                user_permissions__codename=MODERATE_PERMISSION,
                user_permissions__content_type__app_label="funding",
            )
        )
        .exclude(email="")
        .distinct()
    )


def can_moderate(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(f"funding.{MODERATE_PERMISSION}"))


# --- Listings --------------------------------------------------------------------------------


def _context(**extra) -> dict:
    return {"organisation_name": mail.organisation_name(), **extra}


def submit_listing(form, user, *, request=None) -> PartnershipListing:
    """Store a member's listing (from a valid ListingForm) as waiting for review; tell the
    moderators (queued with it)."""
    if not (user and user.is_authenticated):
        raise NotAllowed(_("Sign in to submit a listing."))
    with transaction.atomic():
        listing = form.save(commit=False)
        listing.status = ModerationStatus.PENDING
        listing.submitted_by = user
        listing.save()
        form.save_m2m()
        admin_url = mail.absolute_url("/admin/funding/moderation/", request)
        recipients = [u.email for u in moderators()]
        if recipients:
            mail.queue(
                mail.render_mail(
                    "funding/email/listing_submitted",
                    _context(listing=listing, admin_url=admin_url),
                    to=recipients,
                ),
                kind="funding.listing_submitted",
                about=listing,
            )
    return listing


def approve_listing(listing: PartnershipListing, by) -> PartnershipListing:
    return _review(listing, by, ModerationStatus.APPROVED, "")


def reject_listing(listing: PartnershipListing, by, reason: str) -> PartnershipListing:
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired()
    return _review(listing, by, ModerationStatus.REJECTED, reason)


def _review(listing, by, status, reason):
    if not can_moderate(by):
        raise NotAllowed()
    with transaction.atomic():
        locked = PartnershipListing.objects.select_for_update().get(pk=listing.pk)
        if locked.status != ModerationStatus.PENDING:
            raise AlreadyReviewed()
        locked.status = status
        locked.rejection_reason = reason
        locked.reviewed_by = by
        locked.reviewed_at = timezone.now()
        locked.save(
            update_fields=["status", "rejection_reason", "reviewed_by", "reviewed_at", "updated_at"]
        )
        owner = locked.submitted_by
        if owner is not None and owner.email:
            kind = "listing_approved" if status == ModerationStatus.APPROVED else "listing_rejected"
            mail.queue(
                mail.render_mail(
                    f"funding/email/{kind}",
                    _context(
                        listing=locked,
                        reason=reason,
                        listing_url=mail.absolute_url(locked.get_absolute_url()),
                        submit_url=mail.absolute_url(directory_url() + "submit/"),
                    ),
                    to=[owner.email],
                ),
                kind=f"funding.{kind}",
                about=locked,
            )
    return locked


def renew_listing(
    listing: PartnershipListing, user, *, days: int = DEFAULT_EXPIRY_DAYS, today=None
) -> PartnershipListing:
    """The owner extends an approved (or recently expired) listing by `days` from today."""
    today = today or timezone.localdate()
    if user is None or listing.submitted_by_id != user.pk:
        raise NotAllowed(_("Only the member who submitted this listing can renew it."))
    if listing.status != ModerationStatus.APPROVED:
        raise NotAllowed(_("Only an approved listing can be renewed."))
    if not 1 <= days <= MAX_EXPIRY_DAYS:
        raise InvalidExpiry()
    with transaction.atomic():
        locked = PartnershipListing.objects.select_for_update().get(pk=listing.pk)
        locked.expires_on = today + timedelta(days=days)
        locked.expiry_reminder_sent_for = None
        locked.save(update_fields=["expires_on", "expiry_reminder_sent_for", "updated_at"])
    return locked


def contact_partner(
    listing: PartnershipListing, sender, *, name: str, email: str, message: str, request=None
):
    """Store a member's message to the listing's contact and queue its mail, with a copy to the
    sender once it went (community.services.contact; the contact's address is never shown)."""
    if not (sender and sender.is_authenticated):
        raise NotAllowed(_("Sign in to contact a partner."))
    if not listing.is_public():
        raise NotContactable()
    return contact.send(
        listing, sender=sender, name=name, email=email, message=message, request=request
    )


# --- Follows and saved filters ---------------------------------------------------------------


def follow_call(user, call: FundingCallPage) -> CallFollow:
    if not (user and user.is_authenticated):
        raise NotAllowed(_("Sign in to follow a call."))
    try:
        with transaction.atomic():
            follow, _created = CallFollow.objects.get_or_create(user=user, call=call)
    except IntegrityError:  # two clicks at once
        follow = CallFollow.objects.get(user=user, call=call)
    return follow


def unfollow_call(user, call: FundingCallPage) -> None:
    with transaction.atomic():
        CallFollow.objects.filter(user=user, call=call).delete()


def save_filter(user, filters: dict, name: str) -> SavedFilter:
    if not (user and user.is_authenticated):
        raise NotAllowed(_("Sign in to save a filter."))
    with transaction.atomic():
        return SavedFilter.objects.create(user=user, filters=filters, name=name[:200])


def unsubscribe(kind: str, pk: int) -> bool:
    """Delete the alert a signed link names; False if it is gone already."""
    model = CallFollow if kind == "follow" else SavedFilter
    with transaction.atomic():
        deleted, _rows = model.objects.filter(pk=pk).delete()
    return bool(deleted)


# --- Reminders (manage.py send_funding_reminders) ------------------------------------------
#
# Each reminder is recorded as sent (DeadlineReminder, FilterMatch, expiry_reminder_sent_for) in
# the transaction that puts its mail in the outbox: it counts once it is safely queued, so it is
# never lost and never sent twice; the outbox retries a failed send, and a mail that fails for
# good shows in the admin (Settings → Outgoing mail) and goes again with resend_failed_mails.
# If queueing fails (the database refused, a template broke), the record is rolled back with
# it: the run goes on with the others, counts it as "failed" (the command then exits non-zero)
# and the next run tries it again.


def _mail_address(user) -> str:
    addresses = verified_email_addresses(user)
    return addresses[0] if addresses else ""


def send_deadline_reminders(now=None, days: int = REMINDER_DAYS) -> Counter:
    """Queue a mail to each follower about each deadline of a followed call in the next `days`
    days, once. Returns how many were "queued" and how many "failed"."""
    now = now or timezone.now()
    deadlines = FundingDeadline.objects.filter(
        due_at__gt=now, due_at__lte=now + timedelta(days=days), call__live=True
    ).select_related("call")
    outcome = Counter(queued=0, failed=0)
    for deadline in deadlines:
        follows = (
            CallFollow.objects.filter(call_id=deadline.call_id)
            .exclude(user__in=DeadlineReminder.objects.filter(deadline=deadline).values("user"))
            .select_related("user")
        )
        for follow in follows:
            address = _mail_address(follow.user)
            if not address or not follow.user.is_active:
                continue
            try:
                with transaction.atomic():
                    log, created = DeadlineReminder.objects.get_or_create(
                        user=follow.user, deadline=deadline
                    )
                    if not created:
                        continue
                    call = deadline.call
                    mail.queue(
                        _alert_mail(
                            "funding/email/deadline_reminder",
                            address,
                            ("follow", follow.pk),
                            call=call,
                            deadline=deadline,
                            call_url=mail.absolute_url(call.url or "/"),
                        ),
                        kind="funding.deadline_reminder",
                        about=log,
                    )
            except Exception:
                logger.exception(
                    "Funding: the reminder of deadline %s to user %s could not be queued; "
                    "the next run tries again",
                    deadline.pk,
                    follow.user_id,
                )
                outcome["failed"] += 1
            else:
                outcome["queued"] += 1
    return outcome


def _alert_mail(template, address, unsubscribe_for, **context):
    unsubscribe_url = mail.absolute_url(tokens.unsubscribe_path(*unsubscribe_for))
    message = mail.render_mail(
        template, _context(unsubscribe_url=unsubscribe_url, **context), to=[address]
    )
    message.extra_headers.update(
        {
            "List-Unsubscribe": f"<{unsubscribe_url}>",
        }
    )
    return message


def send_filter_alerts(now=None) -> Counter:
    """Queue a mail to each saved filter's owner with the live calls that newly match it
    (published after the filter was saved, not closed), each call once per filter. Returns how
    many were "queued" and how many "failed"."""
    from funding.filters import apply_call_filters

    now = now or timezone.now()
    outcome = Counter(queued=0, failed=0)
    for saved in SavedFilter.objects.select_related("user"):
        address = _mail_address(saved.user)
        if not address or not saved.user.is_active:
            continue
        calls = apply_call_filters(
            public(FundingCallPage.objects.live()).not_closed(now), saved.filters, now
        )
        calls = list(
            calls.filter(first_published_at__gt=saved.created_at)
            .exclude(pk__in=saved.matches.values("call_id"))
            .order_by("first_published_at", "pk")
        )
        if not calls:
            continue
        try:
            with transaction.atomic():
                new = []
                for call in calls:
                    _match, created = FilterMatch.objects.get_or_create(
                        saved_filter=saved, call=call
                    )
                    if created:
                        new.append(call)
                if not new:
                    continue
                mail.queue(
                    _alert_mail(
                        "funding/email/filter_alert",
                        address,
                        ("filter", saved.pk),
                        saved_filter=saved,
                        calls=[(call, mail.absolute_url(call.url or "/")) for call in new],
                    ),
                    kind="funding.filter_alert",
                    about=saved,
                )
        except Exception:
            logger.exception(
                "Funding: the alert of saved filter %s could not be queued; the next run tries "
                "again",
                saved.pk,
            )
            outcome["failed"] += 1
        else:
            outcome["queued"] += 1
    return outcome


def send_expiry_notices(today=None, days: int = EXPIRY_NOTICE_DAYS) -> Counter:
    """Queue a mail asking the owner of each approved listing that expires within `days` days
    to renew it, once per expiry date (a renewal sets a new date, so the next reminder can go
    out). Returns how many were "queued" and how many "failed"."""
    today = today or timezone.localdate()
    listings = PartnershipListing.objects.filter(
        status=ModerationStatus.APPROVED,
        expires_on__gte=today,
        expires_on__lte=today + timedelta(days=days),
        submitted_by__isnull=False,
    ).select_related("submitted_by")
    outcome = Counter(queued=0, failed=0)
    for listing in listings:
        if listing.expiry_reminder_sent_for == listing.expires_on:
            continue
        address = _mail_address(listing.submitted_by)
        if not address:
            continue
        try:
            with transaction.atomic():
                updated = (
                    PartnershipListing.objects.filter(pk=listing.pk)
                    .exclude(expiry_reminder_sent_for=listing.expires_on)
                    .update(expiry_reminder_sent_for=listing.expires_on)
                )
                if not updated:
                    continue
                mail.queue(
                    mail.render_mail(
                        "funding/email/listing_expiring",
                        _context(
                            listing=listing,
                            listing_url=mail.absolute_url(listing.get_absolute_url()),
                            renew_url=mail.absolute_url(listing.get_absolute_url() + "renew/"),
                        ),
                        to=[address],
                    ),
                    kind="funding.listing_expiring",
                    about=listing,
                )
        except Exception:
            logger.exception(
                "Funding: the renewal reminder of listing %s could not be queued; the next run "
                "tries again",
                listing.pk,
            )
            outcome["failed"] += 1
        else:
            outcome["queued"] += 1
    return outcome
