"""A working group's members area and its material: the members-only part of a group.

The members area (a WorkingGroupMembersPage, the group page's only allowed child) gets a
``PageViewRestriction`` of type GROUPS for the group's members when it is saved
(``community.services.group_access.restrict_members_area``), so it and the meeting notes and
drafts under it (WorkingGroupMaterialPage) are for members only. The documents shown in the
area are those of the group's own collection.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from community.models.groups import RESERVED_SLUGS, WorkingGroupPage
from home.blocks import BodyBlock
from hub.i18n import LocalisedPage, source_of
from hub.privacy import CachedViewRestrictions


class WorkingGroupMembersPage(LocalisedPage, CachedViewRestrictions, Page):
    """The members area of a group: members-only, with the material pages and documents."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["community.WorkingGroupPage"]
    subpage_types = ["community.WorkingGroupMaterialPage"]
    max_count_per_parent = 1
    template = "community/groups/working_group_members_page.html"

    class Meta:
        verbose_name = _("working group members area")

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {
                    "slug": _(
                        "This address is taken by the group page itself: "
                        "choose another slug, such as “members-area”."
                    )
                }
            )

    def save(self, *args, **kwargs):
        with transaction.atomic():
            result = super().save(*args, **kwargs)
            if kwargs.get("update_fields") is None:
                from community.services.group_access import restrict_members_area

                restrict_members_area(self)
        return result

    def get_working_group(self):
        return (
            WorkingGroupPage.objects.filter(path=self.path[: -self.steplen], depth=self.depth - 1)
            .select_related("collection")
            .first()
        )

    def get_context(self, request, *args, **kwargs):
        from wagtail.documents import get_document_model

        context = super().get_context(request, *args, **kwargs)
        group_page = self.get_working_group()
        context["working_group"] = group_page
        context["materials"] = (
            WorkingGroupMaterialPage.objects.child_of(source_of(self))
            .live()
            .order_by("-date", "title")
        )
        context["documents"] = (
            get_document_model()
            .objects.filter(collection_id=group_page.collection_id)
            .order_by("-created_at", "title")
            if group_page and group_page.collection_id
            else []
        )
        from community.views.group_sharing import members_area_context

        context.update(members_area_context(request, group_page))
        return context


class MaterialKind(models.TextChoices):
    MEETING_NOTES = "notes", _("Meeting notes")
    DRAFT = "draft", _("Draft")
    OTHER = "other", _("Other")


class WorkingGroupMaterialPage(LocalisedPage, CachedViewRestrictions, Page):
    """Meeting notes, drafts and other material for members (inherits the members-only
    restriction of the members area above it)."""

    kind = models.CharField(
        _("kind"), max_length=10, choices=MaterialKind.choices, default=MaterialKind.MEETING_NOTES
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    summary = models.TextField(_("summary"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["community.WorkingGroupMembersPage"]
    subpage_types = []
    template = "community/groups/working_group_material_page.html"

    class Meta:
        verbose_name = _("working group material")
