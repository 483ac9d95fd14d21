"""Organiser tools in the Wagtail admin: per event the counts, the registrations list (search,
filters, CSV export), adding and cancelling by hand, check-in at the door, messages to
attendees, duplicating as next year's draft, and cancelling the event.

Whoever may edit an event page may use these for that event, and nobody else (see
events/permissions.py). Every write goes through events.services.
"""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from events import mails, services
from events.forms import (
    CancelEventForm,
    MessageForm,
    OrganiserRegistrationForm,
    RegistrationFilterForm,
)
from events.models import EventPage, Registration
from events.permissions import can_manage, manageable_events
from events.views.public import display_answer
from hub.csvsafe import safe_row

PER_PAGE = 50
CHECK_IN_LIMIT = 60


# --- Shared ----------------------------------------------------------------------------------


class OrganiserMixin(WagtailAdminTemplateMixin):
    header_icon = "date"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("events_admin:index"), "label": gettext_lazy("Events")},
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
            {
                "url": reverse("events_admin:registrations", args=[self.event.pk]),
                "label": self.event.title,
            },
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
        return redirect("events_admin:registrations", self.event.pk)

    def get_registration(self, pk) -> Registration:
        registration = get_object_or_404(Registration, pk=pk, event=self.event)
        registration.event = self.event
        return registration


def event_urls(event) -> dict:
    def url(name, *args):
        return reverse(f"events_admin:{name}", args=[event.pk, *args])

    return {
        "registrations": url("registrations"),
        "export": url("export"),
        "add": url("add"),
        "check_in": url("check_in"),
        "message": url("message"),
        "duplicate": url("duplicate"),
        "cancel_event": url("cancel_event"),
        "edit": reverse("wagtailadmin_pages:edit", args=[event.pk]),
        "live": event.url if event.live else "",
    }


def base_url(request) -> str:
    return mails.base_url_for(request) if request else mails.base_url_for()


# --- The events ------------------------------------------------------------------------------


class EventListView(OrganiserMixin, TemplateView):
    template_name = "events/admin/event_list.html"
    page_title = gettext_lazy("Events")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        from django.db.models import Count, Q

        context = super().get_context_data(**kwargs)
        now = timezone.now()
        events = manageable_events(self.request.user).annotate(
            n_confirmed=Count("registrations", filter=Q(registrations__status="confirmed")),
            n_waiting=Count("registrations", filter=Q(registrations__status="waitlisted")),
            n_cancelled=Count("registrations", filter=Q(registrations__status="cancelled")),
            n_checked_in=Count(
                "registrations",
                filter=Q(
                    registrations__status="confirmed", registrations__checked_in_at__isnull=False
                ),
            ),
        )
        context["upcoming"] = events.upcoming(now)
        context["past"] = events.past(now)[:50]
        return context


# --- One event's registrations ---------------------------------------------------------------


def filtered_registrations(event, filters: dict):
    registrations = Registration.objects.filter(event=event).not_anonymised()
    registrations = registrations.search(filters.get("q", ""))
    if filters.get("status"):
        registrations = registrations.filter(status=filters["status"])
    if filters.get("checked_in") == "yes":
        registrations = registrations.filter(checked_in_at__isnull=False)
    elif filters.get("checked_in") == "no":
        registrations = registrations.filter(checked_in_at__isnull=True)
    if filters.get("workshop"):
        key, _colon, option = filters["workshop"].partition(":")
        registrations = registrations.filter(**{f"answers__{key}": option})
    return registrations


class RegistrationListView(EventMixin, TemplateView):
    template_name = "events/admin/registrations.html"
    page_title = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        questions = list(self.event.questions.all())
        form = RegistrationFilterForm(self.request.GET or None, questions=questions)
        filters = form.filters()
        registrations = filtered_registrations(self.event, filters).order_by("created_at", "pk")
        page_obj = Paginator(registrations, PER_PAGE).get_page(self.request.GET.get("p"))
        usage = services.workshop_usage(self.event, questions)
        workshops = []
        for question in questions:
            if question.is_workshop:
                for option, places in question.option_list():
                    workshops.append(
                        {
                            "question": question.label,
                            "option": option,
                            "places": places,
                            "taken": usage[(question.key, option)],
                        }
                    )
        query = {key: value for key, value in self.request.GET.items() if key != "p"}
        context.update(
            {
                "counts": services.counts(self.event),
                "workshops": workshops,
                "filter_form": form,
                "filters": filters,
                "page_obj": page_obj,
                "registrations": page_obj.object_list,
                "export_url": event_urls(self.event)["export"]
                + ("?" + urlencode(query) if query else ""),
                "page_query": urlencode(query),
                "state": self.event.registration_state(),
                "now": timezone.now(),
            }
        )
        return context


class _Echo:
    def write(self, value):
        return value


def export_csv(request, event_id):
    """The (filtered) registrations as CSV: one row each, one column per question."""
    event = get_object_or_404(EventPage, pk=event_id)
    if not can_manage(request.user, event):
        raise PermissionDenied
    questions = list(event.questions.all())
    filters = RegistrationFilterForm(request.GET or None, questions=questions).filters()
    registrations = filtered_registrations(event, filters).order_by("created_at", "pk")
    tz = event.tz

    def when(value):
        return value.astimezone(tz).strftime("%Y-%m-%d %H:%M") if value else ""

    def rows():
        yield [
            _("Name"),
            _("E-mail address"),
            _("Organisation"),
            _("Status"),
            _("Registered"),
            _("Confirmed"),
            _("Cancelled"),
            _("Checked in"),
            _("Member account"),
            _("Added by an organiser"),
            *[question.label for question in questions],
        ]
        for registration in registrations.iterator(chunk_size=2000):
            answers = registration.answers or {}
            yield [
                registration.name,
                registration.email,
                registration.organisation,
                registration.get_status_display(),
                when(registration.created_at),
                when(registration.confirmed_at),
                when(registration.cancelled_at),
                when(registration.checked_in_at),
                _("yes") if registration.user_id else _("no"),
                _("yes") if registration.added_by_organiser else _("no"),
                *[display_answer(answers[q.key]) if q.key in answers else "" for q in questions],
            ]

    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(safe_row(row)) for row in rows()),
        content_type="text/csv; charset=utf-8",
    )
    filename = f"registrations-{event.slug}-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class AddRegistrationView(EventMixin, FormView):
    template_name = "events/admin/form.html"
    page_title = gettext_lazy("Add a registration")
    form_class = OrganiserRegistrationForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        self.questions = list(self.event.questions.all())
        kwargs["questions"] = self.questions
        kwargs["full_workshops"] = services.workshops_full(
            self.questions, services.workshop_usage(self.event, self.questions)
        )
        return kwargs

    def form_valid(self, form):
        try:
            registration = services.register(
                self.event,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                organisation=form.cleaned_data.get("organisation", ""),
                answers=form.answers(),
                by_organiser=True,
                force_confirm=form.cleaned_data["force_confirm"],
                notify=form.cleaned_data["notify"],
                base_url=base_url(self.request),
            )
        except services.AlreadyRegistered:
            form.add_error("email", _("This e-mail address is already registered for this event."))
            return self.form_invalid(form)
        except services.RegistrationError as refusal:
            field = refusal.field if refusal.field in form.fields else None
            form.add_error(field, str(refusal.message))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(name)s is registered (%(status)s).")
            % {"name": registration.name, "status": registration.get_status_display().lower()},
        )
        return self.back_to_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["submit_label"] = _("Add registration")
        return context


class CancelRegistrationView(EventMixin, TemplateView):
    template_name = "events/admin/cancel_registration.html"
    page_title = gettext_lazy("Cancel a registration")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["registration"] = self.get_registration(self.kwargs["pk"])
        return context

    def post(self, request, *args, **kwargs):
        registration = self.get_registration(kwargs["pk"])
        try:
            services.cancel(
                registration,
                by_organiser=True,
                notify=request.POST.get("notify") == "on",
                base_url=base_url(request),
            )
        except services.RegistrationError as refusal:
            messages.error(request, str(refusal.message))
        else:
            messages.success(
                request,
                _("The registration of %(name)s is cancelled.") % {"name": registration.name},
            )
        return self.back_to_list()


class ResendMailView(EventMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        registration = self.get_registration(kwargs["pk"])
        if services.resend_mail(registration, base_url=base_url(request)):
            messages.success(
                request,
                _("The e-mail to %(email)s has been sent again.") % {"email": registration.email},
            )
        else:
            messages.error(
                request,
                _("The e-mail to %(email)s could not be sent. Try again later.")
                % {"email": registration.email},
            )
        return self.back_to_list()


class CheckInView(EventMixin, TemplateView):
    """Built for a phone at the door: search by name, one tap to check in, one to undo."""

    template_name = "events/admin/check_in.html"
    page_title = gettext_lazy("Check-in")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[:200]
        confirmed = Registration.objects.filter(event=self.event).confirmed().not_anonymised()
        matches = confirmed.search(query).order_by("name", "pk")
        counts = services.counts(self.event)
        rows = list(matches[: CHECK_IN_LIMIT + 1])
        context.update(
            {
                "query": query,
                "rows": rows[:CHECK_IN_LIMIT],
                "more": len(rows) > CHECK_IN_LIMIT,
                "counts": counts,
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        registration = self.get_registration(kwargs["pk"])
        action = request.POST.get("action")
        try:
            if action == "undo":
                services.undo_check_in(registration)
                messages.success(
                    request, _("Check-in of %(name)s undone.") % {"name": registration.name}
                )
            else:
                services.check_in(registration)
                messages.success(
                    request, _("%(name)s is checked in.") % {"name": registration.name}
                )
        except services.RegistrationError as refusal:
            messages.error(request, str(refusal.message))
        url = reverse("events_admin:check_in", args=[self.event.pk])
        query = request.POST.get("q", "").strip()[:200]
        if query:
            url += "?" + urlencode({"q": query})
        return HttpResponseRedirect(f"{url}#r{registration.pk}")


class MessageView(EventMixin, FormView):
    template_name = "events/admin/form.html"
    page_title = gettext_lazy("Send a message")
    form_class = MessageForm

    def form_valid(self, form):
        result = services.send_message(
            self.event,
            audience=form.cleaned_data["audience"],
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            base_url=base_url(self.request),
        )
        if result.failed:
            messages.warning(
                self.request,
                _(
                    "Sent to %(sent)d people; %(failed)d could not be sent (marked in the list, "
                    "resend from there)."
                )
                % {"sent": result.sent, "failed": result.failed},
            )
        else:
            messages.success(
                self.request, _("Message sent to %(sent)d people.") % {"sent": result.sent}
            )
        return self.back_to_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = services.counts(self.event)
        context["intro"] = _("%(confirmed)d confirmed, %(waiting)d on the waiting list.") % counts
        context["submit_label"] = _("Send")
        return context


class DuplicateView(EventMixin, TemplateView):
    template_name = "events/admin/duplicate.html"
    page_title = gettext_lazy("Duplicate as next year's draft")

    def post(self, request, *args, **kwargs):
        parent = self.event.get_parent()
        if not parent.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        copy = services.duplicate_as_next_year(self.event, user=request.user)
        messages.success(
            request,
            _("“%(title)s” is a draft now: check the dates and publish it when ready.")
            % {"title": copy.title},
        )
        return redirect("wagtailadmin_pages:edit", copy.pk)


class CancelEventView(EventMixin, FormView):
    template_name = "events/admin/form.html"
    page_title = gettext_lazy("Cancel the event")
    form_class = CancelEventForm

    def get(self, request, *args, **kwargs):
        if self.event.is_cancelled:
            messages.info(request, _("This event is already cancelled."))
            return self.back_to_list()
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        mailed = services.cancel_event(
            self.event, message=form.cleaned_data["message"], base_url=base_url(self.request)
        )
        messages.success(
            self.request,
            _("The event is cancelled; %(count)d people are being mailed.") % {"count": mailed},
        )
        return self.back_to_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = services.counts(self.event)
        context["intro"] = (
            _(
                "Everyone confirmed (%(confirmed)d) or on the waiting list (%(waiting)d) receives "
                "your message. The event page says it is cancelled and takes no registrations."
            )
            % counts
        )
        context["submit_label"] = _("Cancel the event")
        context["destructive"] = True
        return context
