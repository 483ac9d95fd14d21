"""The events panel on the admin's home page (registered in hub/dashboard.py): the next upcoming
events this user may manage, with the seats taken and the waiting list, linking to their
registrations."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.models import Registration, RegistrationStatus
from events.permissions import manageable_events
from hub.dashboard import DashboardPanel

SHOWN = 5


def waiting_count():
    """The waiting list's length, as a subquery per listed event (no query per row)."""
    waiting = (
        Registration.objects.filter(event=OuterRef("pk"), status=RegistrationStatus.WAITLISTED)
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(waiting), 0)


def seats_text(event) -> str:
    """ "12 of 40 seats, 3 waiting", as the organiser's list counts them."""
    taken = event.confirmed_count
    if event.capacity is None:
        seats = ngettext(
            "%(taken)d registered (no seat limit)", "%(taken)d registered (no seat limit)", taken
        ) % {"taken": taken}
    else:
        seats = ngettext(
            "%(taken)d of %(capacity)d seat", "%(taken)d of %(capacity)d seats", event.capacity
        ) % {"taken": taken, "capacity": event.capacity}
    if event.waiting or (event.waiting_list_enabled and event.capacity is not None):
        waiting = ngettext("%(n)d waiting", "%(n)d waiting", event.waiting) % {"n": event.waiting}
        return _("%(seats)s, %(waiting)s") % {"seats": seats, "waiting": waiting}
    return seats


class UpcomingEventsPanel(DashboardPanel):
    name = "upcoming_events"
    order = 130
    template_name = "events/dashboard/upcoming_events.html"

    def events(self):
        if not hasattr(self, "_events"):
            self._events = list(
                manageable_events(self.user)
                .live()
                .filter(cancelled_at__isnull=True)
                .upcoming(timezone.now())
                .with_confirmed_count()
                .annotate(waiting=waiting_count())
                .only(
                    "pk", "title", "start", "end", "capacity", "waiting_list_enabled", "url_path"
                )[:SHOWN]
            )
        return self._events

    def is_shown(self) -> bool:
        # Whoever may manage an event, also when none is coming (the menu's rule).
        user = self.user
        return user.is_superuser or bool(self.events()) or manageable_events(user).exists()

    def get_panel_context(self) -> dict:
        events = self.events()
        for event in events:
            event.seats = seats_text(event)
        return {"events": events}
