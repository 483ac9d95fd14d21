"""Wagtail admin for biobanks: the profiles (editors change only the hub-owned fields), the
catalogue sync history and the contact requests sent through the profiles (read-only).

Registered in ``community/wagtail_hooks.py``.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from community.biobanks.catalogue.apply import RESERVED_SLUGS
from community.contact_admin import ContactMessageViewSet
from community.models import Biobank, SyncRun
from hub.admin_viewsets import ReadOnlyModelViewSet


class BiobankForm(WagtailAdminModelForm):
    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug.lower() in RESERVED_SLUGS:  # /biobanks/<slug>/ would be one of its own routes
            raise ValidationError(
                _("“%(slug)s” is the address of a page of /biobanks/: choose another slug."),
                code="reserved",
                params={"slug": slug},
            )
        return slug


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

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=BiobankForm).bind_to_model(self.model)

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


class ReadOnlyViewSet(ReadOnlyModelViewSet):
    search_backend_name = None
    list_per_page = 50


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


class BiobankAdminGroup(ViewSetGroup):
    menu_label = _("Biobanks")
    menu_icon = "site"
    menu_order = 250
    items = (
        BiobankViewSet("biobanks"),
        SyncRunViewSet("catalogue_syncs"),
        ContactMessageViewSet(  # community/contact_admin.py
            "biobank_contact_requests",
            target_model=Biobank,
            target_label=_("biobank"),
            menu_label=_("Biobank contact requests"),
        ),
    )


def register_admin():
    return BiobankAdminGroup()
