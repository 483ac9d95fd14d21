"""Wagtail admin: community snippets (topics, people) and the newsletter subscriber list."""

import django_filters
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from community.biobanks.admin import ReadOnlyViewSet
from community.models import Person, PersonMessage, Subscriber, Topic
from hub.csvsafe import spreadsheet_safe


class SubscriberFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("confirmed", _("Confirmed")), ("pending", _("Waiting for confirmation"))],
        empty_label=_("All"),
        method="filter_status",
    )

    class Meta:
        model = Subscriber
        fields = []

    def filter_status(self, queryset, name, value):
        if value == "confirmed":
            return queryset.confirmed()
        if value == "pending":
            return queryset.pending()
        return queryset


class SubscriberIndexView(IndexView):
    # E-mail addresses may start with "=". XLSX needs nothing: Wagtail already writes
    # would-be formulas there as text.
    custom_field_preprocess = {"email": {IndexView.FORMAT_CSV: spreadsheet_safe}}


class SubscriberViewSet(ModelViewSet):
    """Read-only list (plus delete, for removal requests): sign-ups come only from the public
    double opt-in form, which records the consent; staff must not add or edit addresses."""

    model = Subscriber
    icon = "mail"
    menu_label = _("Newsletter subscribers")
    menu_order = 800
    add_to_admin_menu = True
    index_view_class = SubscriberIndexView
    list_display = ["email", "signed_up_at", "confirmed_at"]
    filterset_class = SubscriberFilterSet
    search_fields = ["email"]
    search_backend_name = None  # not in the search index: plain database search
    ordering = ["-signed_up_at"]
    list_per_page = 50
    list_export = ["email", "consent_version", "signed_up_at", "confirmed_at"]
    export_headings = {
        "email": _("E-mail address"),
        "consent_version": _("Consent version"),
        "signed_up_at": _("Signed up"),
        "confirmed_at": _("Confirmed"),
    }
    export_filename = "newsletter-subscribers"
    # The inspect view shows the stored consent wording; enabling it also registers the
    # "view" permission, so editors can be given read-only access by group.
    inspect_view_enabled = True
    inspect_view_fields = [
        "email",
        "signed_up_at",
        "confirmed_at",
        "consent_version",
        "consent_text",
    ]
    copy_view_enabled = False

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs["add_url_name"] = None
        view_kwargs["edit_url_name"] = None
        return view_kwargs

    def get_urlpatterns(self):
        # ModelViewSet's list without "new/" and "edit/" (building those views needs a form).
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("delete/<int:pk>/", self.delete_view, name="delete"),
            path("history/<int:pk>/", self.history_view, name="history"),
            path("history-results/<int:pk>/", self.history_results_view, name="history_results"),
            path("usage/<int:pk>/", self.usage_view, name="usage"),
        ]

    @property
    def url_finder_class(self):
        # Admin links that would go to the (absent) edit view go to the inspect view.
        finder = super().url_finder_class
        finder.edit_url_name = self.get_url_name("inspect")
        return finder


@hooks.register("register_admin_viewset")
def register_subscriber_viewset():
    return SubscriberViewSet("newsletter_subscribers")


class PersonMessageViewSet(ReadOnlyViewSet):
    """Messages sent through the contact form; "mail failed" until resend_failed_mails sent them."""

    model = PersonMessage
    icon = "mail"
    menu_label = _("Contact messages")
    menu_order = 810
    add_to_admin_menu = True
    list_display = ["created_at", "person", "name", "email", "mail_failed_at"]
    list_filter = ["person"]
    search_fields = ["name", "email"]
    ordering = ["-created_at"]
    inspect_view_fields = ["created_at", "person", "name", "email", "message", "mail_failed_at"]


@hooks.register("register_admin_viewset")
def register_person_message_viewset():
    return PersonMessageViewSet("contact_messages")


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "slug", "sort_order"]
    ordering = ["sort_order", "name"]


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    list_display = ["name", "role", "organisation"]
    search_fields = ["name", "role", "organisation"]


class CommunitySnippets(SnippetViewSetGroup):
    menu_label = _("Community")
    menu_icon = "group"
    menu_order = 300
    items = [TopicViewSet, PersonViewSet]


register_snippet(CommunitySnippets)


# --- Working groups: members-only pages and documents -----------------------------------------
# Wagtail's own view restrictions (GROUPS) decide who gets in. Wagtail sends everyone who fails
# them to the login page, which is a dead end for a member who is signed in but not in the
# group: these hooks run first and answer them with a 403 page that says how to join instead.
# Anonymous visitors still get Wagtail's redirect to the login page.


def _failed_group_restriction(restrictions, request):
    from wagtail.models import BaseViewRestriction

    for restriction in restrictions:
        if (
            restriction.restriction_type == BaseViewRestriction.GROUPS
            and not restriction.accept_request(request)
        ):
            return restriction
    return None


@hooks.register("before_serve_page", order=-10)
def working_group_members_only_page(page, request, serve_args, serve_kwargs):
    from community.models import WorkingGroupMaterialPage, WorkingGroupMembersPage, WorkingGroupPage
    from community.views.groups import members_only_response

    if not request.user.is_authenticated or not isinstance(
        page, (WorkingGroupMembersPage, WorkingGroupMaterialPage)
    ):
        return None
    restriction = _failed_group_restriction(page.get_view_restrictions(), request)
    if restriction is None:
        return None
    group_page = WorkingGroupPage.objects.filter(group__in=restriction.groups.all()).first()
    return members_only_response(request, group_page)


@hooks.register("before_serve_document", order=-10)
def working_group_members_only_document(document, request):
    from community.models import WorkingGroupPage
    from community.views.groups import members_only_response

    if not request.user.is_authenticated:
        return None
    restriction = _failed_group_restriction(document.collection.get_view_restrictions(), request)
    if restriction is None:
        return None
    group_page = WorkingGroupPage.objects.filter(group__in=restriction.groups.all()).first()
    if group_page is None:  # not a working group's collection: Wagtail's usual answer
        return None
    return members_only_response(request, group_page)
