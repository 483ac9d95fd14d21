"""Wagtail admin for biobanks: the profiles (editors change only the hub-owned fields), the
catalogue sync history and the contact requests sent through the profiles (read-only).

Registered from ``CommunityConfig.ready()``.
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from community.models import Biobank, ContactRequest, SyncRun


class BiobankViewSet(ModelViewSet):
    """Catalogue fields come from the Directory (inspect view); only hub fields are editable."""

    model = Biobank
    icon = "site"
    menu_label = _("Biobanks")
    list_display = [
        "name",
        "acronym",
        "country",
        "collection_count",
        "withdrawn",
        "notified_biobank",
    ]
    list_filter = ["withdrawn", "notified_biobank", "is_demo", "source_key"]
    search_fields = ["name", "acronym", "catalogue_id"]
    search_backend_name = None
    ordering = ["name"]
    list_per_page = 50
    inspect_view_enabled = True
    inspect_view_fields = [
        "catalogue_id",
        "name",
        "acronym",
        "description",
        "url",
        "location",
        "country",
        "juridical_person",
        "networks",
        "collaboration_commercial",
        "collaboration_non_for_profit",
        "commercial_use",
        "collection_count",
        "withdrawn",
        "source_key",
        "is_demo",
    ]
    copy_view_enabled = False
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("slug"),
                FieldPanel("local_introduction"),
                FieldPanel("photo"),
                FieldPanel("contact_email"),
                FieldPanel("notified_biobank"),
            ],
            heading=_("Hub-owned fields (never changed by a catalogue sync)"),
        ),
        FieldPanel("topics"),
        FieldPanel("working_groups"),
    ]

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs["add_url_name"] = None
        return view_kwargs

    def get_urlpatterns(self):
        return [
            pattern
            for pattern in super().get_urlpatterns()
            if getattr(pattern, "name", "") not in ("add", "copy")
        ]


class ReadOnlyViewSet(ModelViewSet):
    inspect_view_enabled = True
    copy_view_enabled = False
    search_backend_name = None
    list_per_page = 50

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs["add_url_name"] = None
        view_kwargs["edit_url_name"] = None
        return view_kwargs

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("delete/<int:pk>/", self.delete_view, name="delete"),
        ]

    @property
    def url_finder_class(self):
        finder = super().url_finder_class
        finder.edit_url_name = self.get_url_name("inspect")
        return finder


class SyncRunViewSet(ReadOnlyViewSet):
    model = SyncRun
    icon = "resubmit"
    menu_label = _("Catalogue syncs")
    list_display = [
        "started_at",
        "source_key",
        "format",
        "status",
        "added",
        "changed",
        "withdrawn",
        "unchanged",
    ]
    list_filter = ["status", "source_key"]
    ordering = ["-started_at"]
    inspect_view_fields = [
        "started_at",
        "finished_at",
        "source",
        "source_key",
        "format",
        "status",
        "added",
        "changed",
        "withdrawn",
        "unchanged",
        "collections_added",
        "collections_changed",
        "collections_withdrawn",
        "collections_unchanged",
        "errors",
        "report",
    ]


class ContactRequestViewSet(ReadOnlyViewSet):
    model = ContactRequest
    icon = "mail"
    menu_label = _("Biobank contact requests")
    list_display = ["created_at", "biobank", "name", "email", "organisation", "mail_failed_at"]
    search_fields = ["name", "email", "organisation"]
    ordering = ["-created_at"]
    inspect_view_fields = [
        "created_at",
        "biobank",
        "name",
        "email",
        "organisation",
        "message",
        "sent_to",
        "mail_failed_at",
    ]


class BiobankAdminGroup(ViewSetGroup):
    menu_label = _("Biobanks")
    menu_icon = "site"
    menu_order = 250
    items = (
        BiobankViewSet("biobanks"),
        SyncRunViewSet("catalogue_syncs"),
        ContactRequestViewSet("biobank_contact_requests"),
    )


def register_admin():
    return BiobankAdminGroup()
