"""Wagtail hooks of the community app: admin (snippets, newsletter subscribers, contact messages,
biobanks), members-only answers for working groups, and what the community adds to topic pages,
the home page, My account, personal data and the site search (the hub_* hooks)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.views.generic.models import IndexView
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from community import personal_data, related
from community.biobanks import admin as biobank_admin
from community.contact_admin import ContactMessageViewSet
from community.models import (
    Biobank,
    BiobankIndexPage,
    NewsIndexPage,
    NewsPage,
    Person,
    Subscriber,
    Topic,
    TopicIndexPage,
    TopicPage,
    TrainingIndexPage,
    TrainingPage,
    WorkingGroupIndexPage,
    WorkingGroupPage,
)
from community.models.news import latest_news_context
from community.views.groups import account_section_context
from home import search_types
from home.sections import Section
from hub.admin_viewsets import ReadOnlyModelViewSet
from hub.csvsafe import spreadsheet_safe
from hub.i18n import localize
from hub.privacy import public
from hub.translated_snippets import source_choices


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


class SubscriberViewSet(ReadOnlyModelViewSet):
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
    with_history = True


@hooks.register("register_admin_viewset")
def register_subscriber_viewset():
    return SubscriberViewSet("newsletter_subscribers")


@hooks.register("register_admin_viewset")
def register_person_message_viewset():
    # Messages sent to people through the contact form (community/contact_admin.py).
    return ContactMessageViewSet(
        "contact_messages",
        target_model=Person,
        target_label=_("person"),
        menu_label=_("Contact messages"),
        menu_order=810,
        add_to_admin_menu=True,
    )


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

# People are translatable (wagtail-localize, issue 21): pages choose their contacts, organisers
# and speakers among the English rows, and show readers the translation of each.
register_form_field_override(ParentalManyToManyField, override=source_choices)


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


# --- What the community adds to other pages -------------------------------------------------
# Each hub_* hook's contract is in the module that reads it: community/related.py (topic pages),
# home/sections.py, community/account_sections.py, community/personal_data.py and
# home/search_types.py.
# Biobanks are everywhere: admin (profiles, sync history, contact requests), topic pages, a
# search box on the home page and the site search.
hooks.register("register_admin_viewset", biobank_admin.register_admin)


@hooks.register("hub_topic_related", order=10)
def related_working_groups():
    return related.RelatedType(
        _("Working groups"),
        lambda: public(WorkingGroupPage.objects.live()),
        order_by=("title",),
        index_page=WorkingGroupIndexPage,
    )


@hooks.register("hub_topic_related", order=20)
def related_training():
    return related.RelatedType(
        _("Training"),
        lambda: public(TrainingPage.objects.live()),
        order_by=("-date", "-pk"),
        index_page=TrainingIndexPage,
    )


@hooks.register("hub_topic_related", order=30)
def related_news():
    return related.RelatedType(
        _("News"),
        lambda: public(NewsPage.objects.live()),
        order_by=("-date", "-first_published_at", "-pk"),
        index_page=NewsIndexPage,
    )


@hooks.register("hub_topic_related", order=40)
def related_biobanks():
    # The biobank search has no topic filter: "see all" is the whole list.
    return related.RelatedType(
        _("Biobanks"),
        lambda: Biobank.objects.filter(withdrawn=False),
        order_by=("name",),
        index_page=BiobankIndexPage,
        topic_filter=False,
    )


HOME_TOPICS = 12


def home_topics(request) -> dict:
    pages = public(TopicPage.objects.live()).order_by("topic__sort_order", "title")
    # The community's themes come first (sort order); the topic index lists them all.
    pages = pages.only("title", "slug", "url_path", "path", "summary", "translation_key")
    return {"topic_pages": localize(pages[:HOME_TOPICS])}


def home_biobank_search(request) -> dict:
    from community.biobanks.models import biobank_index_url

    count = Biobank.objects.filter(withdrawn=False).count()
    return {"biobank_count": count, "biobank_index_url": biobank_index_url() if count else ""}


@hooks.register("hub_home_sections", order=10)
def home_topics_section():
    return Section("community/home/topics.html", home_topics)


@hooks.register("hub_home_sections", order=20)
def home_latest_news_section():
    return Section("community/home/latest_news.html", latest_news_context)


@hooks.register("hub_home_sections", order=30)
def home_biobank_search_section():
    # The same for everyone: cached.
    return Section("community/home/biobank_search.html", home_biobank_search, cached=True)


@hooks.register("hub_account_sections", order=10)
def account_working_groups_section():
    return Section("community/groups/account_section.html", account_section_context)


@hooks.register("hub_personal_data", order=10)
def account_data():
    return personal_data.Section(
        "account",
        _(
            "Your account: name, e-mail addresses, date joined, last login, and your profile "
            "(organisation, country, how you are involved, topics of interest)."
        ),
        export=personal_data.export_account,
        erase=personal_data.erase_account,
    )


@hooks.register("hub_personal_data", order=20)
def newsletter_data():
    return personal_data.Section(
        "newsletter",
        _(
            "Your newsletter subscription for your verified e-mail addresses, with the topics "
            "you chose and the consent you gave."
        ),
        export=personal_data.export_newsletter,
        erase=personal_data.erase_newsletter,
    )


@hooks.register("hub_personal_data", order=30)
def contact_messages_data():
    return personal_data.Section(
        "contact_messages",
        _(
            "The messages you sent from your verified e-mail addresses to contact people and to "
            "biobanks through the hub's contact forms (kept for a limited time)."
        ),
        export=personal_data.export_contact_messages,
        erase=personal_data.erase_contact_messages,
    )


@hooks.register("hub_personal_data", order=40)
def working_groups_data():
    return personal_data.Section(
        "working_groups",
        _(
            "Your working groups (which ones, and whether you coordinate them) and your requests "
            "to join, with your motivation and the answer."
        ),
        export=personal_data.export_working_groups,
        erase=personal_data.erase_working_groups,
    )


@hooks.register("hub_search_types", order=10)
def search_biobanks():
    return search_types.model(
        "biobanks",
        _("Biobanks"),
        lambda: Biobank.objects.filter(withdrawn=False).select_related("country"),
    )


@hooks.register("hub_search_types", order=20)
def search_topics():
    return search_types.pages("topics", _("Topics"), TopicPage, TopicIndexPage)


@hooks.register("hub_search_types", order=30)
def search_training():
    return search_types.pages("training", _("Training"), TrainingPage, TrainingIndexPage)


@hooks.register("hub_search_types", order=40)
def search_news():
    return search_types.pages("news", _("News"), NewsPage)


@hooks.register("search_known_word")
def biobank_vocabulary(word):
    """Words of the biobank vocabulary (synonyms, term labels) are never "corrected"."""
    from community.biobanks.vocabulary import is_known

    return is_known(word)
