"""Public views of funding calls and partnership listings.

They are reached through the pages' routes (FundingIndexPage, FundingCallPage,
PartnershipIndexPage) or funding/urls.py, and stay thin: reading input, calling
funding.services, turning refusals into messages. Listings cost a fixed number of queries
whatever the number of items (see the query-count tests).
"""

from __future__ import annotations

from urllib.parse import urlencode

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from funding import ical, services, tokens
from funding.filters import (
    CALL_FILTERS,
    CallFilterForm,
    ListingFilterForm,
    apply_call_filters,
    apply_listing_filters,
)
from funding.forms import ContactPartnerForm, ListingForm, RenewForm, SaveFilterForm
from funding.models import (
    CallFollow,
    CallStatus,
    Funder,
    FundingCallPage,
    FundingDeadline,
    FundingIndexPage,
    PartnershipListing,
)
from hub.cache import content_key, remember
from hub.pagination import page_of
from hub.privacy import public
from hub.search import extras

PER_PAGE = 10
CONTACT_RATE_LIMIT = "contact_partner"
SUBMIT_RATE_LIMIT = "partnership_submission"


def _login_redirect(request, path=None):
    return redirect_to_login(path or request.get_full_path())


def _query(filters: dict, **changes) -> str:
    values = {
        key: value for key, value in {**filters, **changes}.items() if value not in ("", None)
    }
    return "?" + urlencode(values) if values else ""


# --- Funding calls ---------------------------------------------------------------------------


def call_index_view(request, index_page):
    now = timezone.now()
    topics = index_page_topics()
    # Kept until content changes: funders and topics drop the cache when edited (apps.py).
    funders = remember("funding:funders", lambda: list(Funder.objects.values_list("slug", "name")))
    form = CallFilterForm(request.GET or None, funders=funders, topics=topics)
    filters = form.filters() if request.GET else {}
    status = filters.get("status", "")

    calls = apply_call_filters(
        public(FundingCallPage.objects.live()).child_of(index_page), filters, now
    )
    if status == CallStatus.CLOSED:
        calls = calls.with_next_deadline(now).order_by("-closes_at", "title", "pk")
    else:
        calls = calls.current_first(now)
    calls = calls.select_related("funder").prefetch_related(
        Prefetch("deadlines", queryset=FundingDeadline.objects.order_by("due_at", "pk")), "topics"
    )

    page_obj = page_of(calls, PER_PAGE, request.GET.get("page"))
    rows = [_call_row(call, now) for call in page_obj.object_list]

    context = index_page.get_context(request)
    context.update(
        {
            "filter_form": form.display_form(),
            "filters": filters,
            "has_filters": bool(filters),
            "ignored_filters": getattr(form, "ignored", []),
            "archive": status == CallStatus.CLOSED,
            "page_obj": page_obj,
            "rows": rows,
            "cards_key": content_key(
                [
                    (row["call"].pk, row["status"], getattr(row["next_deadline"], "pk", None))
                    for row in rows
                ]
            ),
            "archive_query": _query({}, status=CallStatus.CLOSED),
            "rss_url": index_page.url + index_page.reverse_subpage("rss_route"),
            "ics_url": reverse("funding_deadlines_ics"),
            "save_filter_url": index_page.url + index_page.reverse_subpage("save_filter_route"),
            "save_filter_form": SaveFilterForm(auto_id="save-filter-%s") if filters else None,
            "closing_soon_days": _closing_soon_days(),
        }
    )
    return TemplateResponse(request, index_page.get_template(request), context)


def index_page_topics() -> list[tuple[str, str]]:
    """(slug, name) of every topic, for the filters; kept until a topic changes."""
    from community.models import Topic

    return remember("funding:topics", lambda: list(Topic.objects.values_list("slug", "name")))


def _closing_soon_days():
    from funding.models import closing_soon_days

    return closing_soon_days()


def _call_row(call, now):
    deadlines = list(call.deadlines.all())
    due = [deadline.computed_due_at(call) for deadline in deadlines]
    from funding.models import call_status

    status = call_status(call.opens_at, due, now)
    upcoming = [d for d, at in zip(deadlines, due, strict=True) if at > now]
    return {
        "call": call,
        "status": status,
        "status_label": CallStatus(status).label,
        "next_deadline": upcoming[0] if upcoming else (deadlines[-1] if deadlines else None),
        "deadlines": deadlines,
    }


def call_view(request, call):
    now = timezone.now()
    deadlines = sorted(call.deadlines.all(), key=lambda d: d.computed_due_at(call))
    row = _call_row(call, now)
    row["deadlines"] = [
        {"deadline": d, "passed": d.computed_due_at(call) <= now} for d in deadlines
    ]
    following = (
        request.user.is_authenticated
        and call.pk is not None
        and CallFollow.objects.filter(user=request.user, call=call).exists()
    )
    context = call.get_context(request)
    context.update(
        {
            **row,
            "topics": list(call.topics.all()) if call.pk else [],
            "following": following,
            "follow_url": (call.url or "/") + call.reverse_subpage("follow_route"),
            # The index is the parent: its URL is the call's without the last segment (no query).
            "index_url": (call.url or "/funding/x/").rstrip("/").rsplit("/", 1)[0] + "/",
            "now": now,
            "countries": [country.name for country in call.eligible_countries],
            "stakeholders": call.eligible_stakeholder_labels(),
        }
    )
    return TemplateResponse(request, call.get_template(request), context)


def follow_view(request, call):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return _login_redirect(request, call.url)
    if request.POST.get("action") == "unfollow":
        services.unfollow_call(request.user, call)
        messages.success(request, _("You no longer follow this call."))
    else:
        services.follow_call(request.user, call)
        messages.success(
            request,
            _("You follow this call: we will mail you %(days)d days before each deadline.")
            % {"days": services.REMINDER_DAYS},
        )
    return redirect(call.url)


def save_filter_view(request, index_page):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return _login_redirect(request, index_page.url)
    form = CallFilterForm(request.POST)
    filters = {key: value for key, value in form.filters().items() if key in CALL_FILTERS}
    filters.pop("status", None)  # an alert is about new calls, whatever their status
    name_form = SaveFilterForm(request.POST)
    if not filters:
        messages.error(request, _("Choose at least one filter to save as an alert."))
        return redirect(index_page.url)
    if not name_form.is_valid():
        messages.error(request, _("Give the alert a name (on one line)."))
        return redirect(index_page.url + _query(filters))
    services.save_filter(request.user, filters, name_form.cleaned_data["name"])
    messages.success(
        request, _("Alert saved: we will mail you when new calls match these filters.")
    )
    return redirect(index_page.url + _query(filters))


CALENDAR_LIMIT = 200


def deadlines_ics(request):
    """/funding/deadlines.ics: one event per deadline of every call that is not closed (the
    soonest ones), the same for everyone: kept until a call is published or five minutes pass."""
    from wagtail.models import Site

    site = Site.find_for_request(request)

    def render():
        now = timezone.now()
        calls = public(FundingCallPage.objects.live()).not_closed(now)
        if site is not None:
            calls = calls.descendant_of(site.root_page, inclusive=True)
        deadlines = (
            FundingDeadline.objects.filter(call__in=calls.values("pk"), due_at__gt=now)
            .select_related("call", "call__funder")
            .order_by("due_at", "pk")[:CALENDAR_LIMIT]
        )
        index_page = FundingIndexPage.objects.live().first()
        return ical.calendar(
            [
                ical.deadline_component(deadline, url=request.build_absolute_uri(deadline.call.url))
                for deadline in deadlines
            ],
            name=index_page.title if index_page else _("Funding deadlines"),
        )

    body = remember(f"deadlines:{request.build_absolute_uri('/')}", render)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="deadlines.ics"'
    return response


@never_cache  # a link from a mail: personal, and it acts
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe_view(request, token):
    read = tokens.read_token(token)
    if read is None:
        return TemplateResponse(
            request,
            "funding/unsubscribe.html",
            {"invalid": True, "page_title": _("This link does not work")},
            status=400,
        )
    kind, pk = read
    done = False
    if request.method == "POST":
        services.unsubscribe(kind, pk)
        done = True
    return TemplateResponse(
        request,
        "funding/unsubscribe.html",
        {
            "kind": kind,
            "done": done,
            "page_title": _("Unsubscribe from funding alerts"),
        },
    )


# --- Partnership listings --------------------------------------------------------------------


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
        return _login_redirect(request)
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


def contact_partner_view(request, index_page, pk):
    listing = PartnershipListing.objects.public().filter(pk=pk).first()
    if listing is None:
        raise Http404
    if not request.user.is_authenticated:
        return _login_redirect(request)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    status = 200
    listing_url = f"{index_page.url}{listing.pk}/"
    if request.method == "POST":
        form = ContactPartnerForm(request.POST)
        if form.is_valid():
            if form.is_bot:
                # Pretend it went: a bot learns nothing; nothing is sent or stored.
                messages.success(request, _("Your message is on its way."))
                return redirect(listing_url)
            if not ratelimit.consume(request, action=CONTACT_RATE_LIMIT):
                form.add_error(
                    None,
                    _(
                        "Too many messages have been sent from your account or "
                        "connection. Please wait a while and try again; your "
                        "text is still here."
                    ),
                )
                status = 429
            else:
                data = form.cleaned_data
                stored = services.contact_partner(
                    listing,
                    request.user,
                    name=data["name"],
                    email=data["email"],
                    message=data["message"],
                    request=request,
                )
                if stored.mail_failed:  # the mail server failed: the message is kept
                    messages.warning(
                        request,
                        _(
                            "Your message is saved, but it could not be sent just now because "
                            "our mail server did not answer. We will send it, with your copy to "
                            "%(email)s, as soon as the mail server is back."
                        )
                        % {"email": data["email"]},
                    )
                else:
                    messages.success(
                        request,
                        _("Your message is on its way. We have sent a copy to %(email)s.")
                        % {"email": data["email"]},
                    )
                return redirect(listing_url)
    else:
        form = ContactPartnerForm(
            initial={"name": request.user.get_full_name(), "email": request.user.email}
        )
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
        return _login_redirect(request)
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
                % {"date": renewed.expires_on.strftime("%d-%m-%Y")},
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
