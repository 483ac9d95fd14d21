"""Wagtail hooks of the funding app: the Funder snippet, partnership listings (a ModelViewSet
with status filter), the moderation queue where editors approve or reject submitted listings,
the contact messages kept for staff, and what funding adds to topic pages, the home page,
My account, personal data and the site search (the hub_* hooks)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from community import personal_data, related
from community.contact_admin import ContactMessageViewSet
from funding import account, services
from funding import personal_data as funding_data
from funding.forms import ListingForm
from funding.models import (
    Funder,
    FundingCallPage,
    FundingIndexPage,
    PartnershipIndexPage,
    PartnershipListing,
    closing_soon_days,
)
from home import search_types
from home.sections import Section
from hub.privacy import public


class FunderViewSet(SnippetViewSet):
    model = Funder
    icon = "site"
    menu_label = _lazy("Funders")
    list_display = ["name", "country", "website"]
    search_fields = ["name"]


register_snippet(FunderViewSet)


class PartnershipListingViewSet(ModelViewSet):
    model = PartnershipListing
    icon = "group"
    menu_label = _lazy("Partnership listings")
    add_to_admin_menu = False
    list_display = ["title", "kind", "organisation_name", "status", "expires_on", "created_at"]
    list_filter = ["status", "kind", "organisation_type"]
    search_fields = ["title", "organisation_name", "summary"]
    # Plain database search over these fields: the search backend cannot always restrict a
    # query to them (Wagtail's SQLite database backend fails: "no such column").
    search_backend_name = None
    # What the member filled in, except the biobanks it concerns (not edited here).
    form_fields = [name for name in ListingForm.Meta.fields if name != "biobanks"]


class PartnershipsGroup(ViewSetGroup):
    menu_label = _lazy("Partnerships")
    menu_icon = "group"
    menu_order = 260
    items = (
        PartnershipListingViewSet("partnership_listings"),
        # Messages sent through "contact the partner" (community/contact_admin.py): moderators
        # read them.
        ContactMessageViewSet(
            "partner_messages",
            target_model=PartnershipListing,
            target_label=_lazy("listing"),
            menu_label=_lazy("Partner messages"),
            readers=f"funding.{services.MODERATE_PERMISSION}",
        ),
    )


@hooks.register("register_admin_viewset")
def register_viewsets():
    return PartnershipsGroup()


# --- The moderation queue --------------------------------------------------------------------


def moderation_queue(request):
    if not services.can_moderate(request.user):
        raise PermissionDenied
    pending = (
        PartnershipListing.objects.pending()
        .select_related("submitted_by")
        .prefetch_related("topics")
        .order_by("created_at", "pk")
    )
    return TemplateResponse(
        request,
        "funding/admin/moderation.html",
        {
            "pending": pending,
            "page_title": _("Partnership listings waiting for review"),
            "header_title": _("Partnership listings waiting for review"),
        },
    )


@require_POST
def moderate(request, pk):
    if not services.can_moderate(request.user):
        raise PermissionDenied
    listing = get_object_or_404(PartnershipListing, pk=pk)
    action = request.POST.get("action")
    try:
        if action == "approve":
            services.approve_listing(listing, request.user)
            messages.success(
                request, _("“%(title)s” is approved and published.") % {"title": listing.title}
            )
        elif action == "reject":
            services.reject_listing(listing, request.user, request.POST.get("reason", ""))
            messages.success(
                request,
                _("“%(title)s” is rejected; the submitter is told why.") % {"title": listing.title},
            )
        else:
            messages.error(request, _("Choose approve or reject."))
    except services.FundingError as refusal:
        messages.error(request, str(refusal.message))
    return redirect("funding_moderation")


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("funding/moderation/", moderation_queue, name="funding_moderation"),
        path("funding/moderation/<int:pk>/", moderate, name="funding_moderate"),
    ]


class ModerationMenuItem(MenuItem):
    def is_shown(self, request):
        return services.can_moderate(request.user)


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return ModerationMenuItem(
        _lazy("Listings to review"),
        reverse("funding_moderation"),
        icon_name="tasks",
        order=261,
        name="funding-moderation",
    )


# --- What funding adds to other pages ---------------------------------------------------------
# Each hub_* hook's contract is in the module that reads it (community/related.py,
# home/sections.py, community/account_sections.py, community/personal_data.py,
# home/search_types.py).


@hooks.register("hub_topic_related", order=60)
def related_calls():
    # Calls that are not closed, soonest deadline first.
    return related.RelatedType(
        _lazy("Funding"),
        lambda: (
            public(FundingCallPage.objects.live())
            .not_closed(timezone.now())
            .select_related("funder")
            .prefetch_related("deadlines")
        ),
        order_by=("closes_at", "pk"),
        index_page=FundingIndexPage,
    )


@hooks.register("hub_topic_related", order=70)
def related_listings():
    return related.RelatedType(
        _lazy("Partnerships"),
        lambda: PartnershipListing.objects.public(),
        order_by=("-created_at", "-pk"),
        index_page=PartnershipIndexPage,
    )


HOME_CALLS = 3


def closing_soon_context(request) -> dict:
    """The calls closing soon (or, failing those, the next open ones), soonest deadline first."""
    now = timezone.now()
    calls = list(
        public(FundingCallPage.objects.live())
        .closing_soon(now)
        .with_next_deadline(now)
        .select_related("funder")
        .order_by("next_deadline", "pk")[:HOME_CALLS]
    )
    return {
        "calls": calls,
        "index_url": related.index_url(FundingIndexPage) if calls else "",
        "closing_soon_days": closing_soon_days(),
    }


@hooks.register("hub_home_sections", order=50)
def home_closing_soon_section():
    # Plain facts only, cached for everyone: the cache lasts five minutes and is dropped whenever
    # a page is published, so a status can be at most five minutes late.
    return Section("funding/home/closing_soon.html", closing_soon_context, cached=True)


@hooks.register("hub_account_sections", order=30)
def account_funding_section():
    return Section("funding/account/section.html", account.section_context)


@hooks.register("hub_personal_data", order=60)
def funding_data_section():
    return personal_data.Section(
        "funding",
        _lazy(
            "Your funding alerts (calls you follow, saved filters), your partnership listings and "
            "the messages you sent to partners."
        ),
        export=funding_data.export,
        erase=funding_data.erase,
    )


@hooks.register("hub_search_types", order=60)
def search_calls():
    return search_types.pages("funding", _lazy("Funding"), FundingCallPage)


@hooks.register("hub_search_types", order=70)
def search_listings():
    return search_types.model(
        "partnerships", _lazy("Partnerships"), lambda: PartnershipListing.objects.public()
    )
