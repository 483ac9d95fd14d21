from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    """Funding calls and partnership listings."""

    name = "funding"
    verbose_name = _("Funding and partnerships")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from funding.models import Funder, PartnershipListing
        from hub.cache import forget_cached

        # Topic pages' lists are cached (hub.cache): a moderated, renewed or edited listing
        # drops them.
        for signal in (post_save, post_delete):
            signal.connect(
                forget_cached,
                sender=PartnershipListing,
                dispatch_uid=f"funding.listing-{id(signal)}",
            )
            # The funder's name is on every call card of the (cached) list.
            signal.connect(
                forget_cached, sender=Funder, dispatch_uid=f"funding.funder-{id(signal)}"
            )
        m2m_changed.connect(
            forget_cached,
            sender=PartnershipListing.topics.through,
            dispatch_uid="funding.listing-topics",
        )
