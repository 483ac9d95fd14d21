"""The organiser screens as one Wagtail ViewSet: their URLs under /admin/events/ (namespace
"events_admin") and the "Event registrations" menu item, shown to whoever may manage an event."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from events.organiser import actions, check_in, lists
from events.organiser.base import NAMESPACE
from events.permissions import manageable_events


class EventsMenuItem(MenuItem):
    """Shown to superusers and to anyone who may edit at least one event."""

    def is_shown(self, request):
        user = request.user
        if user.is_superuser:
            return True
        cached = getattr(request, "_events_menu_shown", None)
        if cached is None:
            cached = manageable_events(user).exists()
            request._events_menu_shown = cached
        return cached


class OrganiserViewSet(ViewSet):
    name = "events"
    url_namespace = NAMESPACE
    icon = "date"
    menu_label = _("Event registrations")
    menu_name = "event-registrations"
    menu_order = 250
    add_to_admin_menu = True
    menu_item_class = EventsMenuItem

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(header_icon=self.icon, **kwargs)

    def get_urlpatterns(self):
        view = self.construct_view
        return [
            path("", view(lists.EventListView), name="index"),
            path("<int:event_id>/", view(lists.RegistrationListView), name="registrations"),
            path("<int:event_id>/export/", view(lists.ExportView), name="export"),
            path("<int:event_id>/add/", view(actions.AddRegistrationView), name="add"),
            path(
                "<int:event_id>/registrations/<int:pk>/cancel/",
                view(actions.CancelRegistrationView),
                name="cancel_registration",
            ),
            path(
                "<int:event_id>/registrations/<int:pk>/resend/",
                view(actions.ResendMailView),
                name="resend",
            ),
            path("<int:event_id>/check-in/", view(check_in.CheckInView), name="check_in"),
            path(
                "<int:event_id>/check-in/scan/",
                view(check_in.ScanCheckInView),
                name="check_in_scan",
            ),
            path(
                "<int:event_id>/check-in/<int:pk>/",
                view(check_in.CheckInView),
                name="check_in_toggle",
            ),
            path("<int:event_id>/message/", view(actions.MessageView), name="message"),
            path("<int:event_id>/duplicate/", view(actions.DuplicateView), name="duplicate"),
            path("<int:event_id>/cancel/", view(actions.CancelEventView), name="cancel_event"),
        ]
