"""The organiser's actions on one event: add or cancel a registration by hand, resend a mail,
check people in at the door, message attendees, duplicate as next year's draft, cancel the
event."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from events import organising, services
from events.answers import workshop_usage, workshops_full
from events.duplicate import duplicate_as_next_year
from events.forms import CancelEventForm, MessageForm, OrganiserRegistrationForm
from events.models import Registration
from events.organiser.base import EventMixin, base_url, organiser_url

CHECK_IN_LIMIT = 60


class AddRegistrationView(EventMixin, FormView):
    template_name = "events/admin/form.html"
    page_title = gettext_lazy("Add a registration")
    form_class = OrganiserRegistrationForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        questions = self.event.question_list()
        kwargs["questions"] = questions
        kwargs["full_workshops"] = workshops_full(questions, workshop_usage(self.event, questions))
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
        outcome = organising.resend_mail(
            registration,
            # The list's token: a double click (or a page shown before someone else resent)
            # queues nothing the second time.
            seen=request.POST.get("seen"),
            base_url=base_url(request),
        )
        values = {"email": registration.email}
        if outcome == organising.Resend.QUEUED:
            messages.success(
                request,
                _("The e-mail to %(email)s is on its way again: it goes out in a moment.") % values,
            )
        elif outcome == organising.Resend.WAITING:
            messages.info(
                request,
                _(
                    "An e-mail to %(email)s is still waiting to be sent: it will be tried "
                    "again automatically. Nothing more was queued."
                )
                % values,
            )
        elif outcome == organising.Resend.CHANGED:
            messages.info(
                request,
                _(
                    "The e-mail to %(email)s was already sent again (or its state changed) "
                    "since this page was shown: nothing more was queued. Check the list below."
                )
                % values,
            )
        else:
            messages.error(
                request,
                _("The e-mail to %(email)s could not be prepared. Please tell the site team.")
                % values,
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
        counts = organising.counts(self.event)
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
                organising.undo_check_in(registration)
                messages.success(
                    request, _("Check-in of %(name)s undone.") % {"name": registration.name}
                )
            else:
                organising.check_in(registration)
                messages.success(
                    request, _("%(name)s is checked in.") % {"name": registration.name}
                )
        except services.RegistrationError as refusal:
            messages.error(request, str(refusal.message))
        url = organiser_url("check_in", self.event.pk)
        query = request.POST.get("q", "").strip()[:200]
        if query:
            url += "?" + urlencode({"q": query})
        return HttpResponseRedirect(f"{url}#r{registration.pk}")


class MessageView(EventMixin, FormView):
    template_name = "events/admin/form.html"
    page_title = gettext_lazy("Send a message")
    form_class = MessageForm

    def form_valid(self, form):
        result = organising.send_message(
            self.event,
            audience=form.cleaned_data["audience"],
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            base_url=base_url(self.request),
        )
        # Queued, not sent yet: a mail that finally fails is marked in the list (resend there).
        messages.success(
            self.request,
            _("Your message is being sent to %(count)d people.") % {"count": result.queued},
        )
        return self.back_to_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = organising.counts(self.event)
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
        copy = duplicate_as_next_year(self.event, user=request.user)
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
        mailed = organising.cancel_event(
            self.event, message=form.cleaned_data["message"], base_url=base_url(self.request)
        )
        messages.success(
            self.request,
            _("The event is cancelled; %(count)d people are being mailed.") % {"count": mailed},
        )
        return self.back_to_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = organising.counts(self.event)
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
