"""Funding call views: the call list with its filters, a call's page, following a call, saving
a filter as an alert, the deadlines calendar and unsubscribing from alerts."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from funding import alerts, ical, services, tokens
from funding.filters import CALL_FILTERS, CallFilterForm
from funding.forms import SaveFilterForm
from funding.listing import query_string
from funding.models import (
    FundingCallPage,
    FundingDeadline,
    FundingIndexPage,
)
from funding.views.common import login_redirect
from hub.base_url import absolute
from hub.cache import remember
from hub.privacy import public


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
            % {"days": alerts.REMINDER_DAYS},
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
        return redirect(index_page.url + query_string(filters))
    services.save_filter(request.user, filters, name_form.cleaned_data["name"])
    messages.success(
        request, _("Alert saved: we will mail you when new calls match these filters.")
    )
    return redirect(index_page.url + query_string(filters))


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
                ical.deadline_component(deadline, url=absolute(deadline.call.url))
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
