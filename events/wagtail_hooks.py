"""Wagtail admin: the organiser tools (events/views/admin.py), the "Event registrations" menu
item, a "Registrations" button on every event page's header and listing row, and page
permissions for the "Event organisers" group on a new events index."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem

from events.models import EventPage
from events.permissions import can_manage, manageable_events
from events.views import admin as views

app_name = "events_admin"
urlpatterns = [
    path("", views.EventListView.as_view(), name="index"),
    path("<int:event_id>/", views.RegistrationListView.as_view(), name="registrations"),
    path("<int:event_id>/export/", views.export_csv, name="export"),
    path("<int:event_id>/add/", views.AddRegistrationView.as_view(), name="add"),
    path(
        "<int:event_id>/registrations/<int:pk>/cancel/",
        views.CancelRegistrationView.as_view(),
        name="cancel_registration",
    ),
    path(
        "<int:event_id>/registrations/<int:pk>/resend/",
        views.ResendMailView.as_view(),
        name="resend",
    ),
    path("<int:event_id>/check-in/", views.CheckInView.as_view(), name="check_in"),
    path("<int:event_id>/check-in/<int:pk>/", views.CheckInView.as_view(), name="check_in_toggle"),
    path("<int:event_id>/message/", views.MessageView.as_view(), name="message"),
    path("<int:event_id>/duplicate/", views.DuplicateView.as_view(), name="duplicate"),
    path("<int:event_id>/cancel/", views.CancelEventView.as_view(), name="cancel_event"),
]


@hooks.register("register_admin_urls")
def register_urls():
    return [path("events/", include((urlpatterns, app_name), namespace=app_name))]


class EventsMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        if user.is_superuser:
            return True
        cached = getattr(request, "_events_menu_shown", None)
        if cached is None:
            cached = manageable_events(user).exists()
            request._events_menu_shown = cached
        return cached


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return EventsMenuItem(
        _("Event registrations"),
        reverse("events_admin:index"),
        icon_name="date",
        order=250,
        name="event-registrations",
    )


def _registrations_button(page, user, priority):
    if page.specific_class is not EventPage or not can_manage(user, page):
        return None
    return PageMenuItem(
        _("Registrations"),
        reverse("events_admin:registrations", args=[page.pk]),
        icon_name="list-ul",
        priority=priority,
        page=page,
    )


@hooks.register("register_page_header_buttons")
def page_header_buttons(page, user, view_name, next_url=None):
    button = _registrations_button(page, user, priority=12)
    if button:
        yield button


@hooks.register("register_page_listing_more_buttons")
def page_listing_more_buttons(page, user, next_url=None):
    button = _registrations_button(page, user, priority=5)
    if button:
        yield button


@hooks.register("after_create_page")
def give_organisers_the_new_events_index(request, page):
    """The "Event organisers" group may add, edit and publish events under a new events index."""
    from events.models import EventIndexPage
    from events.permissions import grant_organiser_permissions

    if isinstance(page.specific, EventIndexPage):
        grant_organiser_permissions(page)
