"""The events section: the index at /events/ and one page per event.

Times are stored as aware datetimes (UTC in the database) and shown in the event's own time zone
(events/timezones.py). What an event page says about itself lives in mixins beside this module:
its times and place (display.py), its registration state (registration_state.py) and its
programme (programme.py); its registration questions are in questions.py, what the lists ask
of events in querysets.py.

Each route renders its own template from a context built in a service module (listing.py,
page_context.py, registering.py, own_page.py), bakerydemo style.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from events.admin_forms import EventPageForm
from events.models.display import EventDisplayMixin, EventFormat
from events.models.programme import ProgrammeMixin
from events.models.querysets import EventPageManager
from events.models.questions import QuestionOption, number_questions, own_options
from events.models.registration_state import RegistrationStateMixin
from events.timezones import DEFAULT_TIME_ZONE, TIME_ZONE_CHOICES, validate_time_zone
from home.blocks import BodyBlock
from hub.cache import remember_response
from hub.i18n import LocalisedPage, source_of
from hub.privacy import CachedViewRestrictions


class EventIndexPage(LocalisedPage, CachedViewRestrictions, RoutablePageMixin, Page):
    """/events/: the filterable list, the archive, the calendar and RSS feeds."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = _("event index page")

    @path("")
    def index_route(self, request):
        from events.listing import listing_context

        return self.render(request, context_overrides=listing_context(request, self))

    @path("rss/")
    def rss_route(self, request):
        from events.feeds import UpcomingEventsFeed

        return remember_response(
            f"feed:events:{self.pk}:{request.build_absolute_uri('/')}:{get_language()}",
            lambda: UpcomingEventsFeed()(request, index_page=self),
        )

    @path("ics/")
    def ics_route(self, request):
        from events import ical

        return ical.response(ical.index_calendar(request, self), "events.ics", inline=True)


class EventPage(
    EventDisplayMixin,
    RegistrationStateMixin,
    ProgrammeMixin,
    LocalisedPage,
    CachedViewRestrictions,
    RoutablePageMixin,
    Page,
):
    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_("Two or three sentences for the event list, feeds and search results."),
    )
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=DEFAULT_TIME_ZONE,
        validators=[validate_time_zone],
        help_text=_("Where the event takes place; times on the site are shown in this zone."),
    )
    format = models.CharField(
        _("format"), max_length=10, choices=EventFormat.choices, default=EventFormat.ON_SITE
    )
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.TextField(_("address"), max_length=500, blank=True)
    map_url = models.URLField(
        _("map link"),
        blank=True,
        help_text=_("Leave empty to link to the address on OpenStreetMap."),
    )
    online_url = models.URLField(
        _("online link"),
        blank=True,
        help_text=_(
            "The video-call or stream link. Shown only to confirmed attendees and sent "
            "in their confirmation e-mail, never on the public page."
        ),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("description"))
    topics = ParentalManyToManyField(
        "community.Topic", verbose_name=_("topics"), blank=True, related_name="events"
    )
    organisers = ParentalManyToManyField(
        "community.Person", verbose_name=_("organisers"), blank=True, related_name="+"
    )
    working_groups = ParentalManyToManyField(
        "community.WorkingGroupPage",
        verbose_name=_("meeting of working groups"),
        blank=True,
        related_name="meetings",
        help_text=_("Listed among the group's upcoming meetings, in its members' calendar."),
    )
    contact_email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_("Shown on the page and used as the reply-to address of registration mails."),
    )

    registration_enabled = models.BooleanField(
        _("take registrations on the hub"),
        default=True,
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Number of seats. Leave empty for no limit."),
    )
    waiting_list_enabled = models.BooleanField(
        _("waiting list"),
        default=True,
        help_text=_(
            "When the event is full, new registrations join a waiting list; a freed "
            "seat goes to the first person on it."
        ),
    )
    # Default on: a registration typed on the public form takes a seat only once its address
    # is shown to be real (events.confirmation.confirm_pending).
    confirm_email = models.BooleanField(
        _("Confirm the e-mail address before a seat is held"),
        default=True,
        help_text=_(
            "People registering on the site get an e-mail with a link and hold a seat "
            "(or a waiting-list place) only after following it."
        ),
    )
    registration_opens_at = models.DateTimeField(
        _("registration opens"),
        null=True,
        blank=True,
        help_text=_("Leave empty to open registration as soon as the page is published."),
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Leave empty to close registration when the event starts."),
    )

    # Set by the organiser's "cancel event" action, not in the page editor; kept out of
    # revisions (see with_content_json) so that publishing an old draft cannot undo it.
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True, editable=False)
    cancellation_message = models.TextField(_("cancellation message"), blank=True, editable=False)

    objects = EventPageManager()

    base_form_class = EventPageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("time_zone", widget=forms.Select(choices=TIME_ZONE_CHOICES)),
            ],
            heading=_("Date and time"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("format"),
                FieldPanel("venue_name"),
                FieldPanel("venue_address"),
                FieldPanel("map_url"),
                FieldPanel("online_url"),
            ],
            heading=_("Place"),
        ),
        FieldPanel("body"),
        InlinePanel("sessions", heading=_("Programme"), label=_("session")),
        MultiFieldPanel(
            [FieldPanel("organisers"), FieldPanel("contact_email"), FieldPanel("working_groups")],
            heading=_("Organisers and contact"),
        ),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
    ]
    registration_panels = [
        MultiFieldPanel(
            [
                FieldPanel("registration_enabled"),
                FieldRowPanel(
                    [FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]
                ),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("waiting_list_enabled")]),
                FieldPanel("confirm_email"),
            ],
            heading=_("Registration"),
        ),
        InlinePanel(
            "questions", heading=_("Questions on the registration form"), label=_("question")
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(registration_panels, heading=_("Registration")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.SearchField("venue_name"),
        index.FilterField("start"),
        index.FilterField("end"),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    source_fields = (
        "start", "end", "time_zone", "format", "map_url", "online_url", "contact_email",
        "registration_enabled", "capacity", "waiting_list_enabled", "confirm_email",
        "registration_opens_at", "registration_closes_at", "cancelled_at", "cancellation_message",
    )  # fmt: skip

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["start"]), models.Index(fields=["end"])]

    def __str__(self):
        return self.title

    def question_list(self) -> list:
        """The registration questions with their options: two queries, none for a draft
        held in memory (a preview), whose questions and options are not in the database."""
        questions = self.questions.all()
        if isinstance(questions, models.QuerySet):
            # Ordered in full: questions (and options) of equal sort order come back in whatever
            # order the database finds them (see questions.number_questions).
            questions = questions.order_by("sort_order", "pk").prefetch_related(
                models.Prefetch(
                    "options", queryset=QuestionOption.objects.order_by("sort_order", "pk")
                )
            )
        return list(questions)

    def full_clean(self, *args, **kwargs):
        number_questions(self)
        return super().full_clean(*args, **kwargs)

    # --- Revisions: the cancellation is a state of the event, not of a draft.

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        # From the database, not `self`: this copy of the page may predate the cancellation.
        stored = (
            EventPage.objects.filter(pk=self.pk)
            .values("cancelled_at", "cancellation_message")
            .first()
            if self.pk
            else None
        )
        stored = stored or {
            "cancelled_at": self.cancelled_at,
            "cancellation_message": self.cancellation_message,
        }
        obj.cancelled_at = stored["cancelled_at"]
        obj.cancellation_message = stored["cancellation_message"]
        own_options(obj)
        return obj

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The event must end after it starts.")
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors["registration_closes_at"] = _("Registration must close after it opens.")
        if self.registration_closes_at and self.end and self.registration_closes_at > self.end:
            errors["registration_closes_at"] = _("Registration must close before the event ends.")
        if self.format in (EventFormat.ON_SITE, EventFormat.HYBRID) and not self.venue_name:
            errors["venue_name"] = _("Give the venue of an event that takes place on site.")
        if errors:
            raise ValidationError(errors)

    # --- Routes: each renders its own template (the context comes from a service module).

    def render_with_status(self, request, status, **kwargs):
        response = self.render(request, **kwargs)
        response.status_code = status
        return response

    @path("")
    def event_route(self, request):
        from events.page_context import event_context

        return self.render(
            request, context_overrides=event_context(request, source_of(self), shown=self)
        )

    @path("register/")
    def register_route(self, request):
        from events.page_context import event_context
        from events.registering import submit

        if request.method in ("GET", "HEAD"):
            return redirect(self.url + "#registration")
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        outcome = submit(request, source_of(self))
        if outcome.form is None:  # done (or refused): the message says which
            return redirect(self.url + "#registration")
        # The form again, with what to correct.
        context = event_context(request, source_of(self), form=outcome.form, shown=self)
        return self.render_with_status(request, outcome.status, context_overrides=context)

    @path("ics/")
    def ics_route(self, request):
        from events import ical
        from hub.base_url import absolute

        body = ical.event_ics(source_of(self), url=absolute(self.url))
        return ical.response(body, f"{self.slug}.ics")

    @path("registration/<str:payload>/<str:stamp>/<str:signature>/")
    def manage_route(self, request, payload, stamp, signature):
        """A registration's own page, reached with the signed link from the mails."""
        from events import own_page

        response = own_page.serve(self, request, f"{payload}/{stamp}/{signature}")
        add_never_cache_headers(response)  # this registration's personal details
        return response
