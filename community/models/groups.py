"""Working groups: an index at /working-groups/, one page per group, and members-only material.

Access to members-only material uses Wagtail's own view restrictions, nothing parallel:

- every WorkingGroupPage owns a Django auth ``Group`` (its members) and a document
  ``Collection``; both are created and kept in sync when the page is saved (see
  ``community.services.group_access.sync_working_group``), and the collection gets a
  ``CollectionViewRestriction`` for that group;
- the group's "members area" (a WorkingGroupMembersPage, its only allowed child) gets a
  ``PageViewRestriction`` of type GROUPS for that group when it is saved, so it and the
  meeting notes and drafts under it (WorkingGroupMaterialPage) are for members only; those
  pages are in ``community.models.group_members_area``.

Joining, requesting, approving, rejecting and leaving go through
``community.services.groups`` (requests are ``community.models.join_requests.JoinRequest``);
the routes (join/, leave/, request/, requests/, members/) are on the group page
(RoutablePageMixin) and handled in ``community.views.groups``.
"""

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BodyBlock
from hub.i18n import LocalisedPage, is_source, source_of
from hub.privacy import CachedViewRestrictions

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]
# Lengths of a join request's motivation and of a refusal's reason (forms and services).
MOTIVATION_MAX_LENGTH = 1000
REASON_MAX_LENGTH = 1000
# Routes of WorkingGroupPage: a child page with one of these slugs could never be reached.
RESERVED_SLUGS = {
    *("join", "leave", "request", "requests", "members"),
    *("announce", "announcements", "library", "calendar"),  # community.views.group_sharing
}


class MembershipPolicy(models.TextChoices):
    OPEN = "open", _("Open: members join at once")
    CLOSED = "closed", _("On request: a coordinator approves each request")


class WorkingGroupIndexPage(LocalisedPage, CachedViewRestrictions, Page):
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


class WorkingGroupPage(LocalisedPage, CachedViewRestrictions, RoutablePageMixin, Page):
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
    library_needs_approval = models.BooleanField(
        _("documents members share wait for a coordinator"),
        default=True,
        help_text=_("Untick to show documents in the group's library as soon as they are shared."),
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
    # Created and kept in sync on save (community.services.group_access.sync_working_group).
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
    source_fields = ("membership", "library_needs_approval")
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
            if not is_source(self):
                # A translation (or alias) shares its source's members and library
                # (hub/i18n.py): it holds neither, whatever a copy or sync brought along.
                self.group_id = self.collection_id = None
            elif self.pk:
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
            if kwargs.get("update_fields") is None and is_source(self):
                from community.services.group_access import sync_working_group

                sync_working_group(self)
        return result

    def get_context(self, request, *args, **kwargs):
        from community.views.groups import group_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(group_page_context(request, source_of(self)))
        return context

    # --- Routes; the views live in community.views.groups. ---

    @path("join/", name="join")
    def join_route(self, request):
        from community.views import groups

        return groups.join(request, source_of(self))

    @path("leave/", name="leave")
    def leave_route(self, request):
        from community.views import groups

        return groups.leave(request, source_of(self))

    @path("request/", name="request")
    def request_route(self, request):
        from community.views import groups

        return groups.request_to_join(request, source_of(self))

    @path("requests/", name="requests")
    def requests_route(self, request):
        from community.views import groups

        return groups.review(request, source_of(self))

    @path("requests/<int:request_id>/approve/", name="approve")
    def approve_route(self, request, request_id):
        from community.views import groups

        return groups.approve(request, source_of(self), request_id)

    @path("requests/<int:request_id>/reject/", name="reject")
    def reject_route(self, request, request_id):
        from community.views import groups

        return groups.reject(request, source_of(self), request_id)

    @path("members/", name="members")
    def members_route(self, request):
        from community.views import groups

        return groups.members(request, source_of(self))

    # --- Sharing routes; the views live in community.views.group_sharing. ---

    @path("announce/", name="announce")
    def announce_route(self, request):
        from community.views import group_sharing

        return group_sharing.announce(request, self)

    @path("announcements/mail/", name="announcement_mail")
    def announcement_mail_route(self, request):
        from community.views import group_sharing

        return group_sharing.announcement_mail(request, self)

    @path("announcements/opt-out/<str:token>/", name="announcements_opt_out")
    def announcements_opt_out_route(self, request, token):
        from community.views import group_sharing

        return group_sharing.announcements_opt_out(request, self, token)

    @path("library/share/", name="library_share")
    def library_share_route(self, request):
        from community.views import group_sharing

        return group_sharing.share(request, self)

    @path("library/review/", name="library_review")
    def library_review_route(self, request):
        from community.views import group_sharing

        return group_sharing.review_library(request, self)

    @path("library/review/<int:shared_id>/", name="library_decide")
    def library_decide_route(self, request, shared_id):
        from community.views import group_sharing

        return group_sharing.decide(request, self, shared_id)

    @path("calendar/<str:token>/", name="calendar")
    def calendar_route(self, request, token):
        from community.views import group_sharing

        return group_sharing.calendar(request, self, token)
