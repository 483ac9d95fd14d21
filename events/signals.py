"""Signal handlers, connected in EventsConfig.ready()."""

from events import seats


def fill_seats_after_publish(sender, instance, **kwargs):
    if instance.registration_enabled and instance.waiting_list_enabled:
        seats.fill_free_seats(instance)
