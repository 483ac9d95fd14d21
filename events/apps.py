from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Events and registration (Biobanks & Collections Day)."""

    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from wagtail.signals import page_published

        from events import signals
        from events.models import EventPage

        # A published change (a raised capacity, say) gives free seats to the waiting list.
        page_published.connect(
            signals.fill_seats_after_publish,
            sender=EventPage,
            dispatch_uid="events.fill_seats_after_publish",
        )
