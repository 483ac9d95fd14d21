"""Duplicating an event as next year's draft (an organiser tool): 52 weeks later, the same
weekday and wall-clock times, the programme and questions copied, no registrations."""

from __future__ import annotations

import re

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django.utils.text import slugify

from events.models import EventPage

SHIFT_FOR_NEXT_YEAR = relativedelta(weeks=52)  # the same weekday, about a year later


def duplicate_as_next_year(event, *, user=None) -> EventPage:
    """A draft copy 52 weeks later (same weekday and wall-clock times), without registrations.

    The title's year (if any) becomes the new year; the organiser checks the dates and
    publishes.
    """
    tz = event.tz

    def shift(value):
        if value is None:
            return None
        local = value.astimezone(tz).replace(tzinfo=None) + SHIFT_FOR_NEXT_YEAR
        return timezone.make_aware(local, tz)

    year, new_year = event.local_start.year, shift(event.start).astimezone(tz).year
    title = re.sub(rf"\b{year}\b", str(new_year), event.title)
    if title == event.title:
        title = f"{event.title} {new_year}"
    parent = event.get_parent()
    base_slug = slugify(title)[:200] or f"event-{new_year}"
    slug, number = base_slug, 1
    while parent.get_children().filter(slug=slug).exists():
        number += 1
        slug = f"{base_slug}-{number}"

    def process_child_object(original_page, page_copy, child_relation, child_object):
        if child_relation.name == "sessions" and child_object.day:
            child_object.day = child_object.day + SHIFT_FOR_NEXT_YEAR

    copy = event.copy(
        to=parent,
        update_attrs={
            "title": title,
            "draft_title": title,
            "slug": slug,
            "start": shift(event.start),
            "end": shift(event.end),
            "registration_opens_at": shift(event.registration_opens_at),
            "registration_closes_at": shift(event.registration_closes_at),
            "cancelled_at": None,
            "cancellation_message": "",
        },
        keep_live=False,
        copy_revisions=False,
        user=user,
        process_child_object=process_child_object,
    )
    copy = copy.specific
    # Speakers of each session (a many-to-many inside a child object) follow their session.
    originals = list(event.sessions.prefetch_related("speakers").order_by("sort_order", "pk"))
    copies = list(copy.sessions.order_by("sort_order", "pk"))
    for original, duplicate in zip(originals, copies, strict=False):
        speakers = list(original.speakers.all())
        if speakers and not duplicate.speakers.exists():
            duplicate.speakers.set(speakers)
            duplicate.save()
    copy.save_revision(user=user, log_action=False)
    return copy
