"""Wagtail admin: the Funder snippet, partnership listings (a ModelViewSet with status filter)
and the moderation queue where editors approve or reject submitted listings, and the contact
messages kept for staff."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from funding import services
from funding.models import ContactMessage, Funder, PartnershipListing


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
    form_fields = [
        "kind",
        "title",
        "summary",
        "description",
        "organisation_name",
        "organisation_type",
        "sector",
        "country",
        "resources",
        "topics",
        "trl",
        "commercial_use",
        "commercial_terms",
        "contact_role",
        "contact_email",
        "expires_on",
    ]


class ContactMessageViewSet(ModelViewSet):
    model = ContactMessage
    icon = "mail"
    menu_label = _lazy("Partner messages")
    add_to_admin_menu = False
    list_display = ["listing", "sender_name", "sender_email", "created_at", "mail_failed"]
    list_filter = ["mail_failed"]
    form_fields = ["sender_name", "sender_email", "message"]
    inspect_view_enabled = True


class PartnershipsGroup(ViewSetGroup):
    menu_label = _lazy("Partnerships")
    menu_icon = "group"
    menu_order = 260
    items = (
        PartnershipListingViewSet("partnership_listings"),
        ContactMessageViewSet("partner_messages"),
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
