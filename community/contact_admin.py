"""The admin's lists of contact messages, one per kind of recipient: "Contact messages" (people),
"Biobank contact requests" and "Partner messages" (funding). Each is a read-only view of
community.models.ContactMessage restricted to its kind; "mail failed" shows until
``manage.py resend_failed_mails`` has sent the message.

Who may read them: holders of ContactMessage's own permissions (all kinds), and, for one kind,
the holders of the permission named by ``readers`` (partner messages: whoever moderates
partnership listings).
"""

import django_filters
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.permission_policies import ModelPermissionPolicy

from community.models import ContactMessage
from hub.admin_viewsets import ReadOnlyModelViewSet


class KindPermissionPolicy(ModelPermissionPolicy):
    """ContactMessage's permissions, and "view" for the holders of `readers` if set."""

    def __init__(self, readers: str = ""):
        super().__init__(ContactMessage)
        self.readers = readers

    def user_has_permission(self, user, action):
        if action == "view" and self.readers and user.is_active and user.has_perm(self.readers):
            return True
        return super().user_has_permission(user, action)


class _OfKind:
    target_model = None
    target_label = ""

    def messages_of_kind(self):
        return ContactMessage.objects.to_kind(self.target_model)


class IndexView(_OfKind, generic.IndexView):
    def get_base_queryset(self):
        return self.messages_of_kind().prefetch_related("target")


class InspectView(_OfKind, generic.InspectView):
    def get_object(self, queryset=None):
        return get_object_or_404(self.messages_of_kind(), pk=self.pk)

    def get_field_label(self, field_name, field):
        if field_name == "target":
            return capfirst(self.target_label)
        return super().get_field_label(field_name, field)


class DeleteView(_OfKind, generic.DeleteView):
    def get_queryset(self):
        return self.messages_of_kind()


class ContactMessageViewSet(ReadOnlyModelViewSet):
    """The messages to `target_model`, with its column headed `target_label`."""

    model = ContactMessage
    target_model = None
    target_label = ""
    readers = ""  # a permission ("app.codename") whose holders may read these messages too
    icon = "mail"
    index_view_class = IndexView
    inspect_view_class = InspectView
    delete_view_class = DeleteView
    search_backend_name = None  # the database's search: these are not in the site's index
    search_fields = ["name", "email", "organisation"]
    ordering = ["-created_at"]
    list_per_page = 50
    inspect_view_fields = [
        "created_at",
        "target",
        "name",
        "email",
        "organisation",
        "message",
        "sent_to",
        "mail_failed_at",
    ]

    @cached_property
    def list_display(self):
        return [
            "created_at",
            Column("target", label=self.target_label),
            "name",
            "email",
            "organisation",
            "mail_failed_at",
        ]

    @cached_property
    def filterset_class(self):
        target_model, target_label = self.target_model, self.target_label

        class ContactMessageFilterSet(WagtailFilterSet):
            target = django_filters.ModelChoiceFilter(
                label=capfirst(target_label),
                queryset=target_model._default_manager.all(),
                method="filter_target",
            )
            mail_failed = django_filters.BooleanFilter(
                label=_("Mail failed"), method="filter_mail_failed"
            )

            class Meta:
                model = ContactMessage
                fields = []

            def filter_target(self, queryset, name, value):
                return queryset.filter(target_id=value.pk)

            def filter_mail_failed(self, queryset, name, value):
                return queryset.filter(mail_failed_at__isnull=not value)

        return ContactMessageFilterSet

    @cached_property
    def permission_policy(self):
        return KindPermissionPolicy(self.readers)

    def register_permissions(self):
        # Only the permissions hook: the policy above is this list's, not the model's.
        hooks.register("register_permissions", self.get_permissions_to_register)

    @cached_property
    def menu_item_class(self):
        policy, actions = self.permission_policy, self.index_view_class.any_permission_required

        def is_shown(_item, request):
            return policy.user_has_any_permission(request.user, actions)

        return type("ContactMessageMenuItem", (MenuItem,), {"is_shown": is_shown})

    def register_admin_url_finder(self):
        pass  # three lists share the model: none of them is "the" admin URL of a message

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs.update(
            target_model=self.target_model,
            target_label=self.target_label,
            permission_policy=self.permission_policy,
        )
        return view_kwargs
