"""Wagtail admin: the organiser tools (a ViewSet, events/organiser/) with their "Event
registrations" menu item, a "Registrations" button on every event page's header and listing row,
and page permissions for the "Event organisers" group on a new events index."""

from django.contrib import messages
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem

from community.personal_data import Section as DataSection
from community.related import RelatedType, index_url
from events import account, personal_data, signals
from events.models import EventIndexPage, EventPage
from events.organiser.base import organiser_url
from events.organiser.viewset import OrganiserViewSet
from events.permissions import can_manage, grant_organiser_permissions
from home import search_types
from home.sections import Section
from hub.i18n import localize
from hub.privacy import public

PROMOTED_NAMES_SHOWN = 10


@hooks.register("register_admin_viewset")
def register_organiser_viewset():
    return OrganiserViewSet()


def _registrations_button(page, user, priority):
    if page.specific_class is not EventPage or not can_manage(user, page):
        return None
    return PageMenuItem(
        _("Registrations"),
        organiser_url("registrations", page.pk),
        icon_name="list-ul",
        priority=priority,
        page=page,
    )


@hooks.register("register_page_header_buttons")
def page_header_buttons(page, user, view_name, next_url=None):
    button = _registrations_button(page, user, priority=12)
    if button:
        yield button


@hooks.register("register_page_listing_more_buttons")
def page_listing_more_buttons(page, user, next_url=None):
    button = _registrations_button(page, user, priority=5)
    if button:
        yield button


@hooks.register("before_publish_page")
def forget_earlier_promotions(request, page):
    if page.specific_class is EventPage:
        signals.forget_promoted()


@hooks.register("after_publish_page")
def report_promotions(request, page):
    """A publish that freed seats (a raised capacity) says who got them."""
    if page.specific_class is not EventPage:
        return
    promoted = signals.take_promoted(page.pk)
    if not promoted:
        return
    names = ", ".join(registration.name for registration in promoted[:PROMOTED_NAMES_SHOWN])
    if len(promoted) > PROMOTED_NAMES_SHOWN:
        names += " " + _("and %(count)d more") % {"count": len(promoted) - PROMOTED_NAMES_SHOWN}
    messages.info(
        request,
        ngettext(
            "%(count)d person moved from the waiting list to confirmed: %(names)s. "
            "They are being mailed.",
            "%(count)d people moved from the waiting list to confirmed: %(names)s. "
            "They are being mailed.",
            len(promoted),
        )
        % {"count": len(promoted), "names": names},
    )


@hooks.register("insert_editor_css")
def question_editor_css():
    return format_html(
        '<link rel="stylesheet" href="{}">', static("events/admin/question-editor.css")
    )


@hooks.register("after_create_page")
def give_organisers_the_new_events_index(request, page):
    """The "Event organisers" group may add, edit and publish events under a new events index."""
    if isinstance(page.specific, EventIndexPage):
        grant_organiser_permissions(page)


# --- What events add to other pages -----------------------------------------------------------
# Each hub_* hook's contract is in the module that reads it (community/related.py,
# home/sections.py, community/account_sections.py, community/personal_data.py,
# home/search_types.py).


@hooks.register("hub_topic_related", order=50)
def related_events():

    return RelatedType(
        _("Events"),
        lambda: public(EventPage.objects.live()).filter(end__gte=timezone.now()),
        order_by=("start", "pk"),
        index_page=EventIndexPage,
    )


def upcoming_context(request) -> dict:
    """The next three events and the link to all of them (plain facts: cached for everyone)."""

    events = localize(
        public(EventPage.objects.live())
        .upcoming()
        .only("title", "url_path", "path", "start", "venue_name", "format", "translation_key")[:3]
    )
    return {"events": events, "index_url": index_url(EventIndexPage) if events else ""}


@hooks.register("hub_home_sections", order=40)
def home_upcoming_events_section():
    return Section("events/home/upcoming.html", upcoming_context, cached=True)


@hooks.register("hub_account_sections", order=20)
def account_registrations_section():
    return Section("events/account/registrations.html", account.section_context)


@hooks.register("hub_personal_data", order=50)
def event_registrations_data():
    return DataSection(
        "event_registrations",
        _(
            "Your event registrations: the events, your answers to their questions, and whether "
            "you came."
        ),
        export=personal_data.export,
        erase=personal_data.erase,
    )


@hooks.register("hub_search_types", order=50)
def search_events():
    return search_types.pages("events", _("Events"), EventPage, EventIndexPage)
