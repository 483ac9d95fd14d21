"""Partnership listing views: the directory with filters and search, a listing's page,
submitting, contacting the partner (anyone, like a biobank: community.services.contact) and
renewing a listing."""

from __future__ import annotations

from allauth.core import ratelimit
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import formats
from django.utils.translation import gettext as _

from community.services import contact
from funding import services
from funding.filters import PER_PAGE, ListingFilterForm, apply_listing_filters, index_page_topics
from funding.forms import ContactPartnerForm, ListingForm, RenewForm
from funding.models import PartnershipListing
from funding.views.common import login_redirect
from hub.search import extras

CONTACT_RATE_LIMIT = "contact_partner"
SUBMIT_RATE_LIMIT = "partnership_submission"


def partnership_index_view(request, index_page):
    topics = index_page_topics()
    form = ListingFilterForm(request.GET or None, topics=topics)
    filters = form.filters() if request.GET else {}
    listings = apply_listing_filters(PartnershipListing.objects.public(), filters)
    query = filters.get("q", "")
    if query:
        ranked = extras.ranked_pks(
            query, PartnershipListing.objects.public(), operator="and", limit=500
        )
        matching = set(listings.filter(pk__in=ranked).values_list("pk", flat=True))
        paginator = Paginator([pk for pk in ranked if pk in matching], PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
        by_pk = {
            listing.pk: listing
            for listing in PartnershipListing.objects.filter(
                pk__in=list(page_obj.object_list)
            ).prefetch_related("topics")
        }
        results = [by_pk[pk] for pk in page_obj.object_list if pk in by_pk]
    else:
        paginator = Paginator(
            listings.order_by("-created_at", "-pk").prefetch_related("topics"), PER_PAGE
        )
        page_obj = paginator.get_page(request.GET.get("page"))
        results = list(page_obj.object_list)
    context = index_page.get_context(request)
    context.update(
        {
            "filter_form": form.display_form(),
            "filters": filters,
            "has_filters": bool(filters),
            "ignored_filters": getattr(form, "ignored", []),
            "listings": results,
            "page_obj": page_obj,
            "result_count": paginator.count,
            "submit_url": index_page.url + "submit/",
        }
    )
    return TemplateResponse(request, index_page.get_template(request), context)


def _visible_listing(request, pk) -> PartnershipListing:
    """The listing if the public may see it, or if the reader submitted it or moderates."""
    listing = (
        PartnershipListing.objects.filter(pk=pk)
        .select_related("submitted_by")
        .prefetch_related("topics")
        .first()
    )
    if listing is None:
        raise Http404
    user = request.user
    if listing.is_public():
        return listing
    if user.is_authenticated and (
        listing.submitted_by_id == user.pk or services.can_moderate(user)
    ):
        return listing
    raise Http404


def listing_view(request, index_page, pk):
    listing = _visible_listing(request, pk)
    context = index_page.get_context(request)
    own = request.user.is_authenticated and listing.submitted_by_id == request.user.pk
    context.update(
        {
            "listing": listing,
            "is_public": listing.is_public(),
            "own": own,
            "contact_url": f"{index_page.url}{listing.pk}/contact/",
            "renew_url": f"{index_page.url}{listing.pk}/renew/",
            "directory_url": index_page.url,
            "page_title": listing.title,
        }
    )
    return TemplateResponse(request, "funding/partnership_listing.html", context)


def submit_listing_view(request, index_page):
    if not request.user.is_authenticated:
        return login_redirect(request)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    status = 200
    if request.method == "POST":
        form = ListingForm(request.POST)
        if form.is_valid():
            if not ratelimit.consume(request, action=SUBMIT_RATE_LIMIT):
                form.add_error(
                    None,
                    _(
                        "You have submitted many listings in a short time. "
                        "Please wait a while and try again."
                    ),
                )
                status = 429
            else:
                listing = services.submit_listing(form, request.user, request=request)
                messages.success(
                    request,
                    _(
                        "Thank you. Your listing waits for review by an "
                        "editor; we will mail you when it is published."
                    ),
                )
                return redirect(f"{index_page.url}{listing.pk}/")
    else:
        form = ListingForm(initial={"contact_email": request.user.email})
    context = index_page.get_context(request)
    context.update({"form": form, "page_title": _("Submit a partnership listing")})
    return TemplateResponse(request, "funding/partnership_submit.html", context, status=status)


def _saved_message(request, email: str) -> str:
    # The outbox sends the mails after this answer: say what will happen, not what did. A copy
    # goes only to a signed-in member's verified address (contact.copy_allowed: no open relay).
    if contact.copy_allowed(request.user, email):
        text = _(
            "Your message is saved and will be forwarded to the partner by e-mail; "
            "you will get a copy at %(email)s once it has gone."
        )
    else:
        text = _(
            "Your message is saved and will be forwarded to the partner by e-mail; they will "
            "answer you at %(email)s. We do not send copies to addresses we have not verified."
        )
    return text % {"email": email}


def contact_partner_view(request, index_page, pk):
    """Writing to a listing's contact, like writing to a biobank (community.biobanks.contact):
    no account needed (a member's name and address are filled in), the same honeypot and rate
    limits (per client address, and per listing and sender: ACCOUNT_RATE_LIMITS
    ["contact_partner"]), one pipeline (community.services.contact: a stored ContactMessage,
    the mails through the outbox). Only approved listings that have not expired are
    contactable, and the contact's address is never shown."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    listing = PartnershipListing.objects.public().filter(pk=pk).first()
    if listing is None:
        raise Http404
    status = 200
    listing_url = f"{index_page.url}{listing.pk}/"
    if request.method == "POST":
        form = ContactPartnerForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            if form.is_spam():
                # Pretend it went: a bot learns nothing; nothing is sent or stored.
                messages.success(request, _saved_message(request, data["email"]))
                return redirect(listing_url)
            if not ratelimit.consume(
                request,
                action=CONTACT_RATE_LIMIT,
                key=f"{listing.pk}:{data['email'].lower()}",
            ):
                form.add_error(
                    None,
                    _(
                        "Too many messages have been sent from your connection. Please "
                        "wait a while and try again; your text is still here."
                    ),
                )
                status = 429
            else:
                contact.send(listing, sender=request.user, request=request, **form.message_fields())
                messages.success(request, _saved_message(request, data["email"]))
                return redirect(listing_url)
    else:
        initial = {}
        if request.user.is_authenticated:
            initial = {"name": request.user.get_full_name(), "email": request.user.email}
        form = ContactPartnerForm(initial=initial)
    context = index_page.get_context(request)
    context.update(
        {
            "form": form,
            "listing": listing,
            "listing_url": listing_url,
            "page_title": _("Contact %(organisation)s")
            % {"organisation": listing.organisation_name},
        }
    )
    return TemplateResponse(request, "funding/partnership_contact.html", context, status=status)


def renew_listing_view(request, index_page, pk):
    if not request.user.is_authenticated:
        return login_redirect(request)
    listing = PartnershipListing.objects.filter(pk=pk, submitted_by=request.user).first()
    if listing is None:
        raise Http404
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    form = RenewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            renewed = services.renew_listing(listing, request.user, days=form.cleaned_data["days"])
        except services.FundingError as refusal:
            messages.error(request, str(refusal.message))
        else:
            messages.success(
                request,
                _("Your listing now runs until %(date)s.")
                % {"date": formats.date_format(renewed.expires_on, "DATE_FORMAT")},
            )
        return redirect(f"{index_page.url}{listing.pk}/")
    context = index_page.get_context(request)
    context.update(
        {
            "form": form,
            "listing": listing,
            "listing_url": f"{index_page.url}{listing.pk}/",
            "page_title": _("Renew your listing"),
        }
    )
    return TemplateResponse(request, "funding/partnership_renew.html", context)
