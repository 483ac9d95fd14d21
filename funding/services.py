"""Every write of the funding app that matters goes through these functions.

Each public function is one transaction and refuses with a `FundingError` subclass carrying a
message for the person concerned; views and commands stay thin. Mails are queued in the same
transaction (community.services.mail, hub.outbox) and sent by the worker after commit, so a
failed send never loses the submission it reports, and is retried.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.services import mail
from funding.models import (
    CallFollow,
    FundingCallPage,
    ModerationStatus,
    PartnershipListing,
    SavedFilter,
)
from funding.models.partnerships import DEFAULT_EXPIRY_DAYS, MAX_EXPIRY_DAYS, directory_url

logger = logging.getLogger(__name__)

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


def mail_context(**extra) -> dict:
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
        # The admin is not language-prefixed: each editor reads it in their own language.
        admin_url = mail.absolute_url("/admin/funding/moderation/", request)
        team = list(moderators())
        languages = mail.of_users(team)
        messages = []
        for moderator in team:  # one mail each, in the moderator's language
            with mail.speaking(languages[moderator.pk]):
                messages.append(
                    mail.render_mail(
                        "funding/email/listing_submitted",
                        mail_context(listing=listing, admin_url=admin_url),
                        to=[moderator.email],
                    )
                )
        if messages:
            mail.queue(*messages, kind="funding.listing_submitted", about=listing)
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
            # In the owner's language, not the moderator's: words, dates and links (/nl/…).
            with mail.speaking(mail.of_user(owner)):
                message = mail.render_mail(
                    f"funding/email/{kind}",
                    mail_context(
                        listing=locked,
                        reason=reason,
                        listing_url=mail.absolute_url(mail.path_in(locked.get_absolute_url())),
                        submit_url=mail.absolute_url(mail.path_in(directory_url() + "submit/")),
                    ),
                    to=[owner.email],
                )
            mail.queue(message, kind=f"funding.{kind}", about=locked)
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
