"""Funding and partnerships in "download my data" and "delete my account"
(see community/personal_data.py)."""

from django.utils.translation import gettext_lazy as _

from community.personal_data import register


def export(user) -> dict:
    from funding.models import CallFollow, ContactMessage, PartnershipListing, SavedFilter

    return {
        "followed_calls": [
            {"call": follow.call.title, "followed_since": follow.created_at}
            for follow in CallFollow.objects.filter(user=user).select_related("call")
        ],
        "saved_filters": [
            {"name": saved.name, "filters": saved.filters, "saved_at": saved.created_at}
            for saved in SavedFilter.objects.filter(user=user)
        ],
        "partnership_listings": [
            {
                "title": listing.title,
                "kind": listing.kind,
                "organisation": listing.organisation_name,
                "summary": listing.summary,
                "description": listing.description,
                "contact_role": listing.contact_role,
                "contact_email": listing.contact_email,
                "status": listing.status,
                "rejection_reason": listing.rejection_reason,
                "expires_on": listing.expires_on,
                "submitted_at": listing.created_at,
            }
            for listing in PartnershipListing.objects.filter(submitted_by=user)
        ],
        "messages_to_partners": [
            {
                "listing": message.listing.title,
                "name": message.sender_name,
                "email": message.sender_email,
                "message": message.message,
                "sent_at": message.created_at,
            }
            for message in ContactMessage.objects.filter(sender=user).select_related("listing")
        ],
    }


def erase(user) -> None:
    """Alerts and listings go; messages sent to partners are kept for staff without the
    sender's details."""
    from funding.models import CallFollow, ContactMessage, PartnershipListing, SavedFilter

    CallFollow.objects.filter(user=user).delete()
    SavedFilter.objects.filter(user=user).delete()
    PartnershipListing.objects.filter(submitted_by=user).delete()
    ContactMessage.objects.filter(sender=user).update(
        sender=None,
        sender_name="",
        sender_email="deleted@invalid",
        message="",
        mail_failed=False,  # nothing left to send again
    )


register(
    "funding",
    _(
        "Your funding alerts (calls you follow, saved filters), your partnership listings and "
        "the messages you sent to partners."
    ),
    export=export,
    erase=erase,
)
