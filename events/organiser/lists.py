"""The organiser's lists: the events they may manage (with counts), one event's registrations
(search, filters, workshop places) and the same registrations as a CSV file."""

from __future__ import annotations

import csv
from itertools import chain

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from events import mails, organising, services
from events.answers import display_answer
from events.forms import RegistrationFilterForm
from events.models import Registration
from events.organiser.base import EventMixin, OrganiserMixin, event_urls
from events.permissions import manageable_events
from hub.csvsafe import safe_row

PER_PAGE = 50
BOM = "\ufeff"


class EventListView(OrganiserMixin, TemplateView):
    template_name = "events/admin/event_list.html"
    page_title = gettext_lazy("Events")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
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
        questions = self.event.question_list()
        form = RegistrationFilterForm(self.request.GET or None, questions=questions)
        filters = form.filters()
        registrations = filtered_registrations(self.event, filters).order_by("created_at", "pk")
        page_obj = Paginator(registrations, PER_PAGE).get_page(self.request.GET.get("p"))
        usage = services.workshop_usage(self.event, questions)
        workshops = [
            {
                "question": question.label,
                "option": option,
                "places": places,
                "taken": usage[(question.key, option)],
            }
            for question in questions
            if question.is_workshop
            for option, places in question.option_list()
        ]
        query = {key: value for key, value in self.request.GET.items() if key != "p"}
        rows = list(page_obj.object_list)
        tokens = mails.history_tokens([registration.pk for registration in rows])
        for registration in rows:
            registration.mail_token = tokens[registration.pk]  # the resend button carries it
        context.update(
            {
                "counts": organising.counts(self.event),
                "workshops": workshops,
                "filter_form": form,
                "filters": filters,
                "page_obj": page_obj,
                "registrations": rows,
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


class ExportView(EventMixin, View):
    """The (filtered) registrations as CSV: one row each, one column per question."""

    def get(self, request, *args, **kwargs):
        event = self.event
        questions = event.question_list()
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
                    *[
                        display_answer(answers[q.key]) if q.key in answers else ""
                        for q in questions
                    ],
                ]

        writer = csv.writer(_Echo())
        response = StreamingHttpResponse(
            # The byte-order mark tells Excel the file is UTF-8 (accented names stay readable).
            chain([BOM], (writer.writerow(safe_row(row)) for row in rows())),
            content_type="text/csv; charset=utf-8",
        )
        filename = f"registrations-{event.slug}-{timezone.localdate().isoformat()}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
