"""What the self-filling blocks of an edition take from the hub: the latest news, upcoming events
with their registration state, funding calls closing soon, new partnership listings and new
biobanks. Each source returns plain dicts (title, url, meta, summary) with absolute links, so the
same items serve the web page, the HTML mail and the text mail, and can be stored as they were
when the edition was sent (Edition.snapshot)."""

from django.utils import timezone
from django.utils.formats import date_format

from hub.base_url import absolute
from hub.privacy import public


def _item(title, url, meta="", summary="") -> dict:
    return {"title": str(title), "url": absolute(url or "/"), "meta": str(meta), "summary": summary}


def latest_news(count: int) -> list[dict]:
    from community.models import NewsPage
    from community.models.news import newest_first

    pages = newest_first(public(NewsPage.objects.live()))[:count]
    return [_item(p.title, p.url, date_format(p.date), p.intro) for p in pages]


def upcoming_events(count: int) -> list[dict]:
    from events.models import EventPage

    now = timezone.now()
    events = public(EventPage.objects.live()).upcoming(now).with_confirmed_count()[:count]
    items = []
    for event in events:
        when = date_format(timezone.localtime(event.start, event.tz), "j F Y, H:i")
        state = event.registration_state(now).label
        items.append(_item(event.title, event.url, f"{when} · {state}", event.summary))
    return items


def closing_calls(count: int) -> list[dict]:
    from funding.models import FundingCallPage

    now = timezone.now()
    calls = (
        public(FundingCallPage.objects.live())
        .closing_soon(now)
        .with_next_deadline(now)
        .select_related("funder")
        .order_by("next_deadline", "title", "pk")[:count]
    )
    items = []
    for call in calls:
        # The day as the funder's clock reads it (the call's zone), not the site's.
        closes = date_format(timezone.localtime(call.next_deadline, call.tz), "j F Y")
        meta = f"{call.funder.name} · {closes}" if call.funder_id else closes
        items.append(_item(call.title, call.url, meta, call.summary))
    return items


def new_partnerships(count: int) -> list[dict]:
    from funding.models import PartnershipListing

    listings = PartnershipListing.objects.public().order_by("-reviewed_at", "-created_at", "-pk")
    return [
        _item(x.title, x.get_absolute_url(), x.get_kind_display(), x.summary)
        for x in listings[:count]
    ]


def new_biobanks(count: int) -> list[dict]:
    from community.models import Biobank

    # Biobank keeps no creation date: the most recently added rows have the highest keys.
    biobanks = Biobank.objects.listed().select_related("country").order_by("-pk")[:count]
    return [
        _item(b.name, b.get_absolute_url(), b.location or (b.country or ""), b.acronym)
        for b in biobanks
    ]


SOURCES = {
    "latest_news": latest_news,
    "upcoming_events": upcoming_events,
    "closing_calls": closing_calls,
    "new_partnerships": new_partnerships,
    "new_biobanks": new_biobanks,
}
