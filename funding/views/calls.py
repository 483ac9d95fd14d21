"""Funding call views: the call list with its filters, a call's page, following a call, saving
a filter as an alert, the deadlines calendar and unsubscribing from alerts."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from funding import ical, services, tokens
from funding.filters import CALL_FILTERS, CallFilterForm, apply_call_filters
from funding.forms import SaveFilterForm
from funding.models import (
    CallFollow,
    CallStatus,
    Funder,
    FundingCallPage,
    FundingDeadline,
    FundingIndexPage,
)
from funding.views.common import PER_PAGE, index_page_topics, login_redirect
from hub.cache import content_key, remember
from hub.pagination import page_of
from hub.privacy import public


def _query(filters: dict, **changes) -> str:
    values = {
        key: value for key, value in {**filters, **changes}.items() if value not in ("", None)
    }
    return "?" + urlencode(values) if values else ""


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
        return login_redirect(request, call.url)
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
        return login_redirect(request, index_page.url)
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
