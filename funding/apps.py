from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

HOME_CALLS = 3


class FundingConfig(AppConfig):
    """Funding calls and partnership listings."""

    name = "funding"
    verbose_name = _("Funding and partnerships")

    def ready(self):
        from django.utils import timezone

        from community import account_sections, related
        from funding import account
        from funding.models import Funder, FundingCallPage, PartnershipListing
        from home import sections as home_sections
        from hub.privacy import public

        # Topic pages: calls that are not closed (soonest deadline first) and public listings.
        related.register(
            _("Funding"),
            lambda: (
                public(FundingCallPage.objects.live())
                .not_closed(timezone.now())
                .select_related("funder")
                .prefetch_related("deadlines")
            ),
            order_by=("closes_at", "pk"),
            see_all="/funding/?topic={slug}",
        )
        related.register(
            _("Partnerships"),
            lambda: PartnershipListing.objects.public(),
            order_by=("-created_at", "-pk"),
            see_all="/partnerships/?topic={slug}",
        )
        # Those lists are cached (hub.cache): a moderated, renewed or edited listing drops them.
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from hub.cache import forget_cached

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
        # "Closing soon" on the home page: plain facts only, it is cached for everyone. The
        # slot's cache lasts five minutes and is dropped whenever a page is published, so a
        # status can be at most five minutes late.
        home_sections.register("funding/home/closing_soon.html", closing_soon_context, cached=True)
        account_sections.register("funding/account/section.html", account.section_context)
        # Partner messages whose mail failed: sent again by `manage.py resend_failed_mails`.
        from community.services import mail
        from funding import services
        from funding.models import ContactMessage

        mail.register_resender(
            _("Partner messages"),
            lambda: ContactMessage.objects.filter(mail_failed=True).select_related("listing"),
            lambda stored: list(services.contact_mails(stored)) if stored.sender_email else [],
            {"mail_failed": False},
        )

        try:
            from home import search_types
        except ImportError:  # the search type registry is not there yet
            search_types = None
        if search_types is not None:
            search_types.register_pages("funding", _("Funding"), FundingCallPage)
            search_types.register_model(
                "partnerships", _("Partnerships"), lambda: PartnershipListing.objects.public()
            )


def closing_soon_context(request) -> dict:
    """The calls closing soon (or, failing those, the next open ones), soonest deadline first."""
    from django.utils import timezone

    from funding.models import FundingCallPage, FundingIndexPage, closing_soon_days
    from hub.privacy import public

    now = timezone.now()
    calls = list(
        public(FundingCallPage.objects.live())
        .closing_soon(now)
        .with_next_deadline(now)
        .select_related("funder")
        .order_by("next_deadline", "pk")[:HOME_CALLS]
    )
    index_page = FundingIndexPage.objects.live().first()
    return {
        "calls": calls,
        "index_url": index_page.url if index_page else "/funding/",
        "closing_soon_days": closing_soon_days(),
    }
