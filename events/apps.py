from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Events and registration (Biobanks & Collections Day)."""

    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from django.utils import timezone
        from wagtail.signals import page_published

        from community import account_sections, related
        from events import account, signals
        from events.models import EventIndexPage, EventPage
        from home import search_types
        from home import sections as home_sections
        from hub.privacy import public

        # Topic pages list upcoming events, with "see all" to the filtered event list.
        related.register(
            _("Events"),
            lambda: public(EventPage.objects.live()).filter(end__gte=timezone.now()),
            order_by=("start", "pk"),
            see_all="/events/?topic={slug}",
        )
        search_types.register_pages("events", _("Events"), EventPage, EventIndexPage)
        # The next three events on the home page (plain facts only: it is cached for everyone).
        home_sections.register("events/home/upcoming.html", upcoming_context, cached=True)
        # "My registrations" on My account.
        account_sections.register("events/account/registrations.html", account.section_context)
        # A published change (a raised capacity, say) gives free seats to the waiting list.
        page_published.connect(
            signals.fill_seats_after_publish,
            sender=EventPage,
            dispatch_uid="events.fill_seats_after_publish",
        )


def upcoming_context(request) -> dict:
    from events.models import EventPage
    from hub.privacy import public

    events = list(
        public(EventPage.objects.live())
        .upcoming()
        .only("title", "url_path", "path", "start", "venue_name", "format")[:3]
    )
    return {"events": events, "index_url": "/events/"}
