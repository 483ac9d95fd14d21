"""What the funding pages show (their routes render it: FundingIndexPage, FundingCallPage): the
call list with its filters, and one call's page."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from funding.filters import (
    CALL_FILTERS,
    PER_PAGE,
    CallFilterForm,
    apply_call_filters,
    funder_choices,
    index_page_topics,
)
from funding.forms import SaveFilterForm
from funding.models import CallFollow, CallStatus, FundingCallPage, FundingDeadline
from hub import finders
from hub.cache import content_key, remember
from hub.i18n import source_of
from hub.pagination import page_of
from hub.privacy import public
from hub.translated_snippets import localize_related, localize_snippet


def query_string(filters: dict, **changes) -> str:
    values = {
        key: value for key, value in {**filters, **changes}.items() if value not in ("", None)
    }
    return "?" + urlencode(values) if values else ""


def call_index_context(request, index_page) -> dict:
    """The call list: filters, the page of calls with their status, feeds and alerts."""
    now = timezone.now()
    topics = index_page_topics()
    # Kept until content changes (and per language): funders and topics drop the cache when
    # edited (apps.py).
    funders = remember("funding:funders", funder_choices)
    form = CallFilterForm(request.GET or None, funders=funders, topics=topics)
    filters = form.filters() if request.GET else {}
    status = filters.get("status", "")

    calls = apply_call_filters(
        public(FundingCallPage.objects.live()).child_of(source_of(index_page)), filters, now
    )
    if status == CallStatus.CLOSED:
        calls = calls.with_next_deadline(now).order_by("-closes_at", "title", "pk")
    else:
        calls = calls.current_first(now)
    calls = calls.select_related("funder").prefetch_related(
        Prefetch("deadlines", queryset=FundingDeadline.objects.order_by("due_at", "pk")), "topics"
    )

    page_obj = page_of(calls, PER_PAGE, request.GET.get("page"))
    calls = list(page_obj.object_list)
    rows = [
        {**_call_row(call, now), "funder": funder}
        for call, funder in zip(calls, localize_related(calls, "funder"), strict=True)
    ]

    display = form.display_form()
    return {
        "filter_form": display,
        "finder": finders.panel(
            id="funding-filter-panel",
            groups=finders.form_groups(display, CALL_FILTERS),
            chips=finders.form_chips(display, filters, CALL_FILTERS, base=request.path),
            clear_url=request.path,
            submit_label=_("Show calls"),
        ),
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
        "archive_query": query_string({}, status=CallStatus.CLOSED),
        "rss_url": index_page.url + index_page.reverse_subpage("rss_route"),
        "ics_url": reverse("funding_deadlines_ics"),
        "save_filter_url": index_page.url + index_page.reverse_subpage("save_filter_route"),
        "save_filter_form": SaveFilterForm(auto_id="save-filter-%s") if filters else None,
        "closing_soon_days": _closing_soon_days(),
    }


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


def call_context(request, call) -> dict:
    """A call's page: its status, deadlines (passed or not), eligibility and following."""
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
    return {
        **row,
        "funder": localize_snippet(call.funder) if call.funder_id else None,
        "topics": list(call.topics.all()) if call.pk else [],
        "following": following,
        "follow_url": (call.url or "/") + call.reverse_subpage("follow_route"),
        # The index is the parent: its URL is the call's without the last segment (no query).
        "index_url": (call.url or "/funding/x/").rstrip("/").rsplit("/", 1)[0] + "/",
        "now": now,
        "countries": [country.name for country in call.eligible_countries],
        "stakeholders": call.eligible_stakeholder_labels(),
    }
