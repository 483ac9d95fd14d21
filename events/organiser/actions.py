"""The organiser's actions on one event: add or cancel a registration by hand, resend a mail,
message attendees, duplicate as next year's draft, cancel the
event."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView, TemplateView

from events import mails, organising, services
from events.answers import workshop_usage, workshops_full
from events.duplicate import duplicate_as_next_year
from events.forms import CancelEventForm, OrganiserRegistrationForm
from events.organiser.base import EventMixin, base_url, organiser_url
from events.organiser.forms import OrganiserMessageForm


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


class MessageView(EventMixin, FormView):
    """Compose → preview (the mail as its first recipient gets it, how many get it, a test to
    oneself) → send; below the form, the messages sent for this event."""

    template_name = "events/admin/message.html"
    page_title = gettext_lazy("Send a message")
    form_class = OrganiserMessageForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["event"] = self.event
        return kwargs

    def form_valid(self, form):
        action = self.request.POST.get("action")
        if action == "send":
            return self.send(form)
        if action == "test":
            self.send_test(form)
        if action == "edit":
            return self.render_to_response(self.get_context_data(form=form))
        return self.preview(form)

    def send(self, form):
        data = form.cleaned_data
        if not data["token"]:
            return self.preview(form)  # a send is always confirmed on the preview
        result = organising.send_message(
            self.event,
            audience=data["audience"],
            subject=data["subject"],
            body=data["body"],
            base_url=base_url(self.request),
            sent_by=self.request.user,
            token=data["token"],
            audience_label=form.audience_label(),
        )
        if result.duplicate:
            messages.info(
                self.request,
                _("This message was sent already: nothing more was sent."),
            )
        else:
            # Queued, not sent yet: a mail that finally fails is marked in the list (resend there).
            messages.success(
                self.request,
                ngettext(
                    "Your message is being sent to %(count)d person.",
                    "Your message is being sent to %(count)d people.",
                    result.queued,
                )
                % {"count": result.queued},
            )
        return redirect(organiser_url("message", self.event.pk))

    def send_test(self, form):
        data = form.cleaned_data
        user = self.request.user
        mail = organising.send_test(
            self.event,
            audience=data["audience"],
            subject=data["subject"],
            body=data["body"],
            user=user,
            base_url=base_url(self.request),
        )
        if mail is None:
            messages.error(
                self.request, _("Your account has no e-mail address: no test could be sent.")
            )
        else:
            messages.success(
                self.request,
                _("A test is on its way to %(email)s, marked [Test].") % {"email": user.email},
            )

    def preview(self, form):
        data = form.cleaned_data
        token = data["token"] or organising.new_message_token()
        hidden = self.get_form_class()(
            {**{key: data[key] for key in ("audience", "subject", "body")}, "token": token},
            event=self.event,
        )
        hidden.is_valid()
        count = form.recipient_count()
        first = organising.recipients(self.event, data["audience"]).first()
        if first is not None:
            first.event = self.event
            sample = mails.organiser_message_for(
                first,
                subject=data["subject"].strip(),
                body=data["body"].strip(),
                base_url=base_url(self.request),
                extra={"manage_url": _("[their own link to their registration]")},
            )
        else:
            sample = None
        context = self.get_context_data(form=form)
        context.update(
            {
                "preview": True,
                "hidden_form": hidden,
                "sample": sample,
                "sample_name": first.name if first is not None else "",
                "count": count,
                "audience_label": form.audience_label(),
            }
        )
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sent"] = self.event.organiser_messages.select_related("sent_by")[:100]
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
