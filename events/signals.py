"""Signal handlers, connected in EventsConfig.ready()."""

import threading

from events import seats

# Who a publish just promoted, per event id, for the editor's next admin message
# (events/wagtail_hooks.py reads it after the publish, in the same request and thread).
_promoted = threading.local()


def fill_seats_after_publish(sender, instance, **kwargs):
    if instance.registration_enabled and instance.waiting_list_enabled:
        promoted = seats.fill_free_seats(instance)
        if promoted:
            found = getattr(_promoted, "by_event", None)
            if found is None:
                found = _promoted.by_event = {}
            found.setdefault(instance.pk, []).extend(promoted)


def take_promoted(event_id) -> list:
    """The registrations the last publishes of this event moved from the waiting list to
    confirmed (in this thread), forgotten once taken."""
    found = getattr(_promoted, "by_event", None) or {}
    return found.pop(event_id, [])


def forget_promoted() -> None:
    _promoted.by_event = {}
