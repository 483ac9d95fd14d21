"""What every organiser screen shares: the admin chrome, and for one event's screens loading the
event and refusing anyone who may not edit it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from events import mails
from events.models import EventPage, Registration
from events.permissions import can_manage

# The URL namespace of the organiser screens (OrganiserViewSet), under /admin/events/.
NAMESPACE = "events_admin"


def organiser_url(name: str, *args) -> str:
    return reverse(f"{NAMESPACE}:{name}", args=args)


class OrganiserMixin(WagtailAdminTemplateMixin):
    header_icon = "date"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": organiser_url("index"), "label": gettext_lazy("Events")},
        ]


class EventMixin(OrganiserMixin):
    """Loads the event from the URL and refuses anyone who may not edit it."""

    def dispatch(self, request, *args, **kwargs):
        self.event = get_object_or_404(EventPage, pk=kwargs["event_id"])
        if not can_manage(request.user, self.event):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.event.title

    def get_breadcrumbs_items(self):
        items = [
            *super().get_breadcrumbs_items(),
            {"url": organiser_url("registrations", self.event.pk), "label": self.event.title},
        ]
        if self.page_title:
            items.append({"url": "", "label": self.page_title})
        return items

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["event"] = self.event
        context["urls"] = event_urls(self.event)
        return context

    def back_to_list(self):
        return redirect(organiser_url("registrations", self.event.pk))

    def get_registration(self, pk) -> Registration:
        registration = get_object_or_404(Registration, pk=pk, event=self.event)
        registration.event = self.event
        return registration


def event_urls(event) -> dict:
    names = ("registrations", "export", "add", "check_in", "message", "duplicate", "cancel_event")
    return {
        **{name: organiser_url(name, event.pk) for name in names},
        "edit": reverse("wagtailadmin_pages:edit", args=[event.pk]),
        "live": event.url if event.live else "",
    }


def base_url(request) -> str:
    return mails.base_url_for(request) if request else mails.base_url_for()
