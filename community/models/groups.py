"""Working groups: an index at /working-groups/, one page per group, and members-only material.

Access to members-only material uses Wagtail's own view restrictions, nothing parallel:

- every WorkingGroupPage owns a Django auth ``Group`` (its members) and a document
  ``Collection``; both are created and kept in sync when the page is saved (see
  ``community.services.groups.sync_working_group``), and the collection gets a
  ``CollectionViewRestriction`` for that group;
- the group's "members area" (a WorkingGroupMembersPage, its only allowed child) gets a
  ``PageViewRestriction`` of type GROUPS for that group when it is saved, so it and the
  meeting notes and drafts under it (WorkingGroupMaterialPage) are for members only.

Joining, requesting, approving, rejecting and leaving go through
``community.services.groups``; the routes (join/, leave/, request/, requests/, members/) are on
the group page (RoutablePageMixin) and handled in ``community.views.groups``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BodyBlock
from hub.privacy import CachedViewRestrictions

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]
MOTIVATION_MAX_LENGTH = 1000
REASON_MAX_LENGTH = 1000
# Routes of WorkingGroupPage: a child page with one of these slugs could never be reached.
RESERVED_SLUGS = {"join", "leave", "request", "requests", "members"}


class MembershipPolicy(models.TextChoices):
    OPEN = "open", _("Open: members join at once")
    CLOSED = "closed", _("On request: a coordinator approves each request")


class WorkingGroupIndexPage(CachedViewRestrictions, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["community.WorkingGroupPage"]
    max_count = 1
    template = "community/groups/working_group_index_page.html"

    class Meta:
        verbose_name = _("working group index page")

    def get_context(self, request, *args, **kwargs):
        from community.views.groups import index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(index_context(request, self))
        return context


class WorkingGroupPage(CachedViewRestrictions, RoutablePageMixin, Page):
    summary = models.TextField(
        _("summary"), help_text=_("One or two sentences, shown in listings and at the top.")
    )
    purpose = RichTextField(_("purpose"), features=RICH_TEXT_FEATURES, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    membership = models.CharField(
        _("how members join"),
        max_length=10,
        choices=MembershipPolicy.choices,
        default=MembershipPolicy.OPEN,
    )
    how_to_join = models.TextField(
        _("who can join"),
        blank=True,
        help_text=_(
            "Who the group is for, or what a request should say. Shown next to the join button."
        ),
    )
    meeting_rhythm = models.CharField(
        _("meeting rhythm"),
        max_length=200,
        blank=True,
        help_text=_("For example “Every six weeks, online”."),
    )
    topics = ParentalManyToManyField(
        "community.Topic", verbose_name=_("topics"), blank=True, related_name="working_groups"
    )
    coordinators = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinators"),
        blank=True,
        related_name="coordinated_working_groups",
        help_text=_(
            "Hub members who approve join requests and see the member list. They become "
            "members of the group when the page is published."
        ),
    )
    contacts = ParentalManyToManyField(
        "community.Person",
        verbose_name=_("public contact people"),
        blank=True,
        related_name="+",
        help_text=_("Shown on the page for everyone (by name or role), with a contact form."),
    )
    # Created and kept in sync on save (community.services.groups.sync_working_group).
    group = models.OneToOneField(
        "auth.Group",
        verbose_name=_("members"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="working_group",
    )
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        verbose_name=_("document collection"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("purpose"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("membership"), FieldPanel("how_to_join"), FieldPanel("meeting_rhythm")],
            heading=_("Membership and meetings"),
        ),
        FieldPanel("coordinators"),
        FieldPanel("contacts"),
        FieldPanel("topics"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("purpose"),
        index.SearchField("body"),
    ]
    parent_page_types = ["community.WorkingGroupIndexPage"]
    subpage_types = ["community.WorkingGroupMembersPage"]
    # A copy must get its own members and collection, never share the original's.
    exclude_fields_in_copy = ["group", "collection"]
    template = "community/groups/working_group_page.html"

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    @property
    def is_open(self) -> bool:
        return self.membership == MembershipPolicy.OPEN

    @property
    def listing_meta(self) -> str:
        return str(_("Open to all members") if self.is_open else _("Join on request"))

    def save(self, *args, **kwargs):
        with transaction.atomic():
            if self.pk:
                # The database knows the group and collection best (a revision may be older).
                stored = (
                    WorkingGroupPage.objects.filter(pk=self.pk)
                    .values_list("group_id", "collection_id")
                    .first()
                )
                if stored:
                    self.group_id = stored[0] or self.group_id
                    self.collection_id = stored[1] or self.collection_id
            result = super().save(*args, **kwargs)
            # Drafts (save_revision) pass update_fields: only a full save (creation, publish,
            # move, direct save) changes who belongs to the group.
            if kwargs.get("update_fields") is None:
                from community.services.groups import sync_working_group

                sync_working_group(self)
        return result

    def get_context(self, request, *args, **kwargs):
        from community.views.groups import group_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(group_page_context(request, self))
        return context

    # --- Routes; the views live in community.views.groups. ---

    @path("join/", name="join")
    def join_route(self, request):
        from community.views import groups

        return groups.join(request, self)

    @path("leave/", name="leave")
    def leave_route(self, request):
        from community.views import groups

        return groups.leave(request, self)

    @path("request/", name="request")
    def request_route(self, request):
        from community.views import groups

        return groups.request_to_join(request, self)

    @path("requests/", name="requests")
    def requests_route(self, request):
        from community.views import groups

        return groups.review(request, self)

    @path("requests/<int:request_id>/approve/", name="approve")
    def approve_route(self, request, request_id):
        from community.views import groups

        return groups.approve(request, self, request_id)

    @path("requests/<int:request_id>/reject/", name="reject")
    def reject_route(self, request, request_id):
        from community.views import groups

        return groups.reject(request, self, request_id)

    @path("members/", name="members")
    def members_route(self, request):
        from community.views import groups

        return groups.members(request, self)


class WorkingGroupMembersPage(CachedViewRestrictions, Page):
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
                from community.services.groups import restrict_members_area

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
            WorkingGroupMaterialPage.objects.child_of(self).live().order_by("-date", "title")
        )
        context["documents"] = (
            get_document_model()
            .objects.filter(collection_id=group_page.collection_id)
            .order_by("-created_at", "title")
            if group_page and group_page.collection_id
            else []
        )
        return context


class MaterialKind(models.TextChoices):
    MEETING_NOTES = "notes", _("Meeting notes")
    DRAFT = "draft", _("Draft")
    OTHER = "other", _("Other")


class WorkingGroupMaterialPage(CachedViewRestrictions, Page):
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


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a coordinator")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not approved")


class JoinRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=JoinRequestStatus.PENDING)


class JoinRequest(models.Model):
    """A member's request to join a closed working group, and the coordinator's decision."""

    Status = JoinRequestStatus

    group_page = models.ForeignKey(
        WorkingGroupPage,
        verbose_name=_("working group"),
        on_delete=models.CASCADE,
        related_name="join_requests",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="working_group_requests",
    )
    motivation = models.TextField(_("motivation"), max_length=MOTIVATION_MAX_LENGTH)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=JoinRequestStatus.choices,
        default=JoinRequestStatus.PENDING,
        db_index=True,
    )
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason given"), max_length=REASON_MAX_LENGTH, blank=True)

    objects = JoinRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group_page", "user"],
                condition=Q(status="pending"),
                name="community_one_pending_join_request",
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.group_page_id} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status == JoinRequestStatus.PENDING
