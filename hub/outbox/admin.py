"""Outgoing mail in the admin (Settings → Outgoing mail): what waits, what went, what failed,
and "Send again" for a failed mail."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import InspectView, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy

from hub.admin_viewsets import ReadOnlyModelViewSet

from . import delivery
from .models import OutgoingMail


class MailInspectView(InspectView):
    resend_url_name = None

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if (
            self.object.state == OutgoingMail.State.FAILED
            and self.permission_policy.user_has_permission(self.request.user, "change")
        ):
            url = reverse(self.resend_url_name, args=[self.object.pk])
            buttons.append(HeaderButton(_("Send again"), url=url, icon_name="mail"))
        return buttons


class ResendView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then put a failed mail back in the queue."""

    permission_required = "change"
    template_name = "hub/outbox/resend.html"
    page_title = _("Send again")
    header_icon = "mail"
    model = OutgoingMail
    inspect_url_name = resend_url_name = None

    def dispatch(self, request, pk):
        self.object = get_object_or_404(OutgoingMail, pk=pk)
        return super().dispatch(request, pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            object=self.object,
            resend_url=reverse(self.resend_url_name, args=[self.object.pk]),
            inspect_url=reverse(self.inspect_url_name, args=[self.object.pk]),
            **kwargs,
        )

    def post(self, request, pk):
        # A person looked at it (the page shows why it failed): send even an uncertain one.
        if delivery.requeue(OutgoingMail.objects.filter(pk=self.object.pk), uncertain=True):
            messages.success(request, _("The mail is queued and will be sent again shortly."))
        else:
            messages.warning(request, _("This mail has not failed: nothing to send again."))
        return redirect(self.inspect_url_name, self.object.pk)


class SuperusersOnly(ModelPermissionPolicy):
    """The outbox holds every mail waiting to go, personal links included: superusers only,
    never a permission handed to a group."""

    def user_has_permission(self, user, action):
        return user.is_active and user.is_superuser

    def user_has_any_permission(self, user, actions):
        return user.is_active and user.is_superuser


class OutgoingMailViewSet(ReadOnlyModelViewSet):
    model = OutgoingMail
    icon = "mail"
    menu_label = _("Outgoing mail")
    add_to_settings_menu = True
    inspect_view_class = MailInspectView
    search_backend_name = None  # the database's search: mails are not in the site's index
    search_fields = ["subject", "to", "kind"]
    list_filter = ["state", "kind"]
    list_per_page = 50
    list_display = [
        "subject",
        Column("recipients", label=_("to")),
        "state",
        "attempts",
        "created_at",
        "sent_at",
    ]
    inspect_view_fields = [
        "kind",
        "subject",
        "from_email",
        "to",
        "cc",
        "reply_to",
        "state",
        "attempts",
        "created_at",
        "next_attempt_at",
        "sent_at",
        "last_error",
        "uncertain",
        "body",
    ]

    @cached_property
    def permission_policy(self):
        return SuperusersOnly(self.model)

    def register_permissions(self):
        pass  # not offered to groups: see SuperusersOnly

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            resend_url_name=self.get_url_name("resend"), **kwargs
        )

    @property
    def resend_view(self):
        return ResendView.as_view(
            permission_policy=self.permission_policy,
            inspect_url_name=self.get_url_name("inspect"),
            resend_url_name=self.get_url_name("resend"),
        )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("resend/<int:pk>/", self.resend_view, name="resend")
        ]
