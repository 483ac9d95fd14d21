"""The edition's admin actions beside Wagtail's own: "Send a test to me" and "Send" (a page
that names the number of recipients, then hands the sending to the worker)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets import Button
from wagtail.snippets.views.snippets import EditView

from community.editions import sending
from community.editions.models import Edition


class EditionEditView(EditView):
    send_test_url_name = send_url_name = None

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        buttons.append(
            Button(
                gettext_lazy("Send a test to me"),
                url=reverse(self.send_test_url_name, args=[self.object.pk]),
                icon_name="mail",
                priority=30,
            )
        )
        if self.permission_policy.user_has_permission(self.request.user, "publish"):
            buttons.append(
                Button(
                    gettext_lazy("Send to subscribers"),
                    url=reverse(self.send_url_name, args=[self.object.pk]),
                    icon_name="mail",
                    priority=31,
                )
            )
        return buttons


class EditionActionView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    model = Edition
    header_icon = "mail"
    edit_url_name = action_url_name = None

    def dispatch(self, request, pk):
        self.object = get_object_or_404(Edition, pk=pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            object=self.object,
            action_url=reverse(self.action_url_name, args=[self.object.pk]),
            edit_url=reverse(self.edit_url_name, args=[self.object.pk]),
            **kwargs,
        )

    def back(self):
        return redirect(self.edit_url_name, self.object.pk)


class SendTestView(EditionActionView):
    permission_required = "change"
    template_name = "editions/admin/send_test.html"
    page_title = gettext_lazy("Send a test to me")

    def post(self, request, pk):
        if not request.user.email:
            messages.error(request, _("Your account has no e-mail address to send the test to."))
            return self.back()
        # The latest draft, as the editor sees it in the preview.
        edition = self.object.get_latest_revision_as_object()
        sending.send_test(edition, request.user.email)
        messages.success(
            request, _("A test is on its way to %(email)s.") % {"email": request.user.email}
        )
        return self.back()


class SendView(EditionActionView):
    permission_required = "publish"
    template_name = "editions/admin/send.html"
    page_title = gettext_lazy("Send to subscribers")

    def get_context_data(self, **kwargs):
        try:
            sending.check_sendable(self.object)
            problem = ""
        except sending.NotSendable as error:
            problem = str(error)
        return super().get_context_data(
            problem=problem,
            recipient_count=sending.recipients(self.object).count(),
            waiting_count=sending.waiting(self.object).count(),
            delivered_count=self.object.deliveries.count(),
            **kwargs,
        )

    def post(self, request, pk):
        try:
            count = sending.start(self.object, request.user)
        except sending.NotSendable as error:
            messages.error(request, str(error))
            return self.back()
        messages.success(
            request,
            _("Sending “%(title)s” to %(count)d subscribers: the mails go out in the background.")
            % {"title": self.object, "count": count},
        )
        return self.back()
