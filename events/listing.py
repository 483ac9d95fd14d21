"""The event list at /events/ (EventIndexPage's main route): upcoming or past events, filtered by
topic, format and month, ten to a page, each card with its registration state."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from community.models import Topic
from events.forms import EventFilterForm, month_key, month_label, month_range
from events.models import EventPage
from hub import finders
from hub.cache import content_key, remember
from hub.i18n import localize, source_of
from hub.pagination import page_of
from hub.privacy import public

PER_PAGE = 10
FILTERS = ("topic", "format", "month")  # what the panel offers ("when" is the tab above it)


def listing_context(request, index_page) -> dict:
    """What the index page's template needs besides the page's own context."""
    now = timezone.now()
    events = public(EventPage.objects.live()).child_of(source_of(index_page))
    months, topics = remember(
        f"events:filter-options:{index_page.pk}:{get_language()}", lambda: _filter_options(events)
    )
    form = EventFilterForm(request.GET or None, topics=topics, months=months)
    filters = form.filters()
    when = filters.get("when", "upcoming")

    selected = events.past(now) if when == "past" else events.upcoming(now)
    if "topic" in filters:
        selected = selected.filter(topics__slug=filters["topic"])
    if "format" in filters:
        selected = selected.filter(format=filters["format"])
    if "month" in filters:
        month_start, month_end = month_range(filters["month"])
        selected = selected.filter(start__gte=month_start, start__lt=month_end)
    selected = selected.with_confirmed_count().prefetch_related("topics")

    page_obj = page_of(selected, PER_PAGE, request.GET.get("page"))
    for event in page_obj:
        event.state = event.registration_state(now)
    page_obj.object_list = localize(page_obj.object_list)

    display = EventFilterForm(initial=filters, topics=topics, months=months)
    kept = {"when": "past"} if when == "past" else {}
    finder = finders.panel(
        id="event-filter-panel",
        groups=finders.form_groups(display, FILTERS),
        chips=finders.form_chips(display, filters, FILTERS, base=request.path, keep=kept),
        clear_url=request.path + ("?when=past" if kept else ""),
        submit_label=_("Show events"),
    )

    return {
        # Seats left and the registration phase are part of the key: those lines stay live.
        "cards_key": content_key([(event.pk, event.state) for event in page_obj]),
        # Shown unbound with the valid values only: junk never comes back into the form.
        "filter_form": display,
        "finder": finder,
        "filters": filters,
        "when": when,
        "page_obj": page_obj,
        "events": page_obj.object_list,
        "other_when_query": _query(filters, when="upcoming" if when == "past" else "past"),
        "rss_url": index_page.url + index_page.reverse_subpage("rss_route"),
        "ics_url": reverse("events_calendar_feed"),
    }


def _filter_options(events) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The months that have events (in the site's time zone) and the topics to filter by, as
    (value, label) choices: built once per publish, not per request."""
    starts = events.datetimes("start", "month", tzinfo=timezone.get_current_timezone())
    months = [month_key(start) for start in starts]
    return (
        [(key, month_label(key)) for key in months],
        list(Topic.objects.values_list("slug", "name")),
    )


def _query(filters: dict, **changes) -> str:
    """The list's query string with `changes` (the default `when` left out)."""
    values = {**filters, **changes}
    if values.get("when") == "upcoming":
        values.pop("when")
    return "?" + urlencode(values) if values else "?"
