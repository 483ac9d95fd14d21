"""Signal handlers, connected in EventsConfig.ready()."""

from events import services


def fill_seats_after_publish(sender, instance, **kwargs):
    if instance.registration_enabled and instance.waiting_list_enabled:
        services.fill_free_seats(instance)
