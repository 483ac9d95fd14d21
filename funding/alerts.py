"""The funding section's reminders and alerts (manage.py send_funding_reminders): deadline
reminders to a call's followers, saved-filter alerts about new calls, and renewal notices to
partnership listings' owners. Each in its member's language (their profile's), with the call's
title from its translation and links under that language's prefix.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from community.personal_data import verified_email_addresses
from community.services import mail
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
from funding.services import mail_context as _context
from hub.i18n import localize
from hub.privacy import public

logger = logging.getLogger(__name__)

REMINDER_DAYS = 7  # deadline reminders go out this many days before a deadline
EXPIRY_NOTICE_DAYS = 7  # owners are asked to renew this many days before expiry


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
                    with mail.speaking(mail.of_user(follow.user)):
                        call = mail.page_for_reader(deadline.call)
                        message = _alert_mail(
                            "funding/email/deadline_reminder",
                            address,
                            ("follow", follow.pk),
                            call=call,
                            deadline=deadline,
                            call_url=mail.absolute_url(call.url or "/"),
                        )
                    mail.queue(message, kind="funding.deadline_reminder", about=log)
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
                with mail.speaking(mail.of_user(saved.user)):
                    # The calls are English pages: their translations in one query.
                    shown = localize(new)
                    message = _alert_mail(
                        "funding/email/filter_alert",
                        address,
                        ("filter", saved.pk),
                        saved_filter=saved,
                        calls=[(call, mail.absolute_url(call.url or "/")) for call in shown],
                    )
                mail.queue(message, kind="funding.filter_alert", about=saved)
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
                with mail.speaking(mail.of_user(listing.submitted_by)):
                    # Under the member's prefix (the directory's path is cached in one language).
                    path = mail.path_in(listing.get_absolute_url())
                    message = mail.render_mail(
                        "funding/email/listing_expiring",
                        _context(
                            listing=listing,
                            listing_url=mail.absolute_url(path),
                            renew_url=mail.absolute_url(path + "renew/"),
                        ),
                        to=[address],
                    )
                mail.queue(message, kind="funding.listing_expiring", about=listing)
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
