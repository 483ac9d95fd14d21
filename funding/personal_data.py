"""Funding and partnerships in "download my data" and "delete my account"
(declared in funding/wagtail_hooks.py; see community/personal_data.py)."""

from hub import outbox


def export(user) -> dict:
    from funding.models import CallFollow, PartnershipListing, SavedFilter

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
                "listing": message.target.title,
                "name": message.name,
                "email": message.email,
                "message": message.message,
                "sent_at": message.created_at,
            }
            for message in _messages_to_partners(user).prefetch_related("target")
        ],
    }


def erase(user) -> None:
    """Alerts and listings go; messages sent to partners are kept for staff without the
    sender's details."""
    from community.models import ContactMessage
    from funding.models import CallFollow, PartnershipListing, SavedFilter

    CallFollow.objects.filter(user=user).delete()
    SavedFilter.objects.filter(user=user).delete()
    PartnershipListing.objects.filter(submitted_by=user).delete()
    messages = _messages_to_partners(user)
    outbox.mails_about(ContactMessage, messages).delete()  # the stored mails carry the text
    messages.update(
        sender=None,
        name="",
        email="deleted@invalid",
        message="",
        mail_failed_at=None,  # nothing left to send again
    )


def _messages_to_partners(user):
    from community.models import ContactMessage
    from funding.models import PartnershipListing

    return ContactMessage.objects.to_kind(PartnershipListing).filter(sender=user)
