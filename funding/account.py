"""The "Funding and partnerships" section of My account (declared in funding/wagtail_hooks.py)."""

from django.utils import timezone

from funding import tokens
from funding.models import CallFollow, PartnershipListing, SavedFilter


def section_context(request) -> dict:
    user = request.user
    if not user.is_authenticated:
        return {}
    now = timezone.now()
    follows = list(
        CallFollow.objects.filter(user=user, call__live=True)
        .select_related("call")
        .order_by("call__closes_at", "pk")
    )
    return {
        "follows": [
            {"call": f.call, "closed": f.call.closes_at is not None and f.call.closes_at <= now}
            for f in follows
        ],
        "saved_filters": [
            {"filter": saved, "unsubscribe_url": tokens.unsubscribe_path("filter", saved.pk)}
            for saved in SavedFilter.objects.filter(user=user)
        ],
        "listings": list(
            PartnershipListing.objects.filter(submitted_by=user).order_by("-created_at", "-pk")
        ),
        "today": timezone.localdate(),
    }
