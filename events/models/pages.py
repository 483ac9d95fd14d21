"""The events section: the index at /events/ and one page per event, with its programme and the
questions its registration form asks.

Times are stored as aware datetimes (UTC in the database). Every event has its own time zone
(Europe/Amsterdam unless the organiser picks another): editors type the times as the clock
reads at the venue, and the site shows them in those terms, with the zone named.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminPageForm
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
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from home.blocks import BodyBlock
from hub.cache import remember_response
from hub.privacy import CachedViewRestrictions

DEFAULT_TIME_ZONE = "Europe/Amsterdam"
TIME_ZONE_CHOICES = [
    (name, name.replace("_", " "))
    for name in sorted(zoneinfo.available_timezones())
    if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/"))
] + [("UTC", "UTC")]


def validate_time_zone(value):
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _("“%(value)s” is not a time zone."), params={"value": value}, code="invalid"
        ) from None


class EventFormat(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class RegistrationPhase(models.TextChoices):
    """Where an event stands for registration, whatever the number of seats."""

    NONE = "none", _("No registration")
    CANCELLED = "cancelled", _("Cancelled")
    OVER = "over", _("Taken place")
    NOT_OPEN = "not_open", _("Not open yet")
    CLOSED = "closed", _("Registration closed")
    OPEN = "open", _("Open")


@dataclass(frozen=True)
class RegistrationState:
    """What a card or the event page says about registration: a code and a sentence."""

    code: str  # one of RegistrationPhase, or "full", "waiting_list"
    label: str
    seats_left: int | None = None

    @property
    def can_register(self) -> bool:
        return self.code in ("open", "waiting_list")


def short_date(value: datetime, tz) -> str:
    """'3 March' (in the event's time zone), with the year when it is not this year."""
    local = value.astimezone(tz)
    fmt = "j F" if local.year == timezone.now().astimezone(tz).year else "j F Y"
    return formats.date_format(local, fmt)


# --- Query helpers ---------------------------------------------------------------------------


class EventPageQuerySet(PageQuerySet):
    def upcoming(self, now=None):
        """Events that have not ended yet, soonest first."""
        return self.filter(end__gte=now or timezone.now()).order_by("start", "pk")

    def past(self, now=None):
        """Events that have ended, most recent first."""
        return self.filter(end__lt=now or timezone.now()).order_by("-start", "-pk")

    def with_confirmed_count(self):
        """Annotate `confirmed_count` (one query for a whole listing, no query per card).

        A subquery per listed event rather than a join and GROUP BY: the database then counts
        only the page's events, not the registrations of every event before paginating.
        """
        from events.models.registrations import Registration

        confirmed = (
            Registration.objects.filter(event=OuterRef("pk"), status="confirmed")
            .order_by()
            .values("event")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(confirmed_count=Coalesce(Subquery(confirmed), 0))


EventPageManager = PageManager.from_queryset(EventPageQuerySet)


# --- The index -------------------------------------------------------------------------------


class EventIndexPage(CachedViewRestrictions, RoutablePageMixin, Page):
    """/events/: the filterable list, the archive, the calendar and RSS feeds.

    The listing itself lives in events/views/public.py (`index_view`), the routes here only
    dispatch.
    """

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
        from events.views.public import index_view

        return index_view(request, self)

    @path("rss/")
    def rss_route(self, request):
        from events.feeds import UpcomingEventsFeed

        return remember_response(
            f"feed:events:{self.pk}:{request.build_absolute_uri('/')}:{get_language()}",
            lambda: UpcomingEventsFeed()(request, index_page=self),
        )

    @path("ics/")
    def ics_route(self, request):
        from events.views.public import calendar_feed_for

        return calendar_feed_for(request, self)


# --- One event -------------------------------------------------------------------------------

LOCAL_TIME_FIELDS = ("start", "end", "registration_opens_at", "registration_closes_at")


class EventPageForm(WagtailAdminPageForm):
    """Times are typed as the clock reads at the event, whatever the editor's own time zone."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tz = _zone(self.instance.time_zone)
        for name in LOCAL_TIME_FIELDS:
            if name not in self.fields:
                continue
            self.fields[name].help_text = _("In the event's time zone.") + (
                " " + str(self.fields[name].help_text) if self.fields[name].help_text else ""
            )
            value = getattr(self.instance, name, None)
            if value is not None and timezone.is_aware(value):
                self.initial[name] = timezone.make_naive(value, tz)

    def clean(self):
        cleaned = super().clean()
        tz = _zone(cleaned.get("time_zone") or DEFAULT_TIME_ZONE)
        current = timezone.get_current_timezone()
        for name in LOCAL_TIME_FIELDS:
            value = cleaned.get(name)
            if value is not None and timezone.is_aware(value):
                # The form read the wall-clock time in the editor's zone: read it in the event's.
                cleaned[name] = timezone.make_aware(timezone.make_naive(value, current), tz)
        return cleaned


def _zone(name: str | None):
    try:
        return zoneinfo.ZoneInfo(name or DEFAULT_TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(DEFAULT_TIME_ZONE)


class EventPage(CachedViewRestrictions, RoutablePageMixin, Page):
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
    # is shown to be real (events.services.confirm_pending).
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
                # The choices live in the form, not the model: a tzdata update must not need a
                # migration.
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
            [FieldPanel("organisers"), FieldPanel("contact_email")],
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

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["start"]), models.Index(fields=["end"])]

    def __str__(self):
        return self.title

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
        return obj

    # --- Validation.

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

    # --- Time.

    @property
    def tz(self):
        return _zone(self.time_zone)

    @property
    def local_start(self) -> datetime:
        return self.start.astimezone(self.tz)

    @property
    def local_end(self) -> datetime:
        return self.end.astimezone(self.tz)

    @property
    def time_zone_label(self) -> str:
        """'Amsterdam time (CEST, UTC+02:00)': the zone the times on the page are in."""
        local = self.local_start
        place = self.time_zone.rsplit("/", 1)[-1].replace("_", " ")
        offset = local.strftime("%z")
        offset = f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"
        abbreviation = local.tzname() or ""
        details = (
            offset
            if abbreviation.startswith(("+", "-")) or not abbreviation
            else f"{abbreviation}, {offset}"
        )
        if self.time_zone == "UTC":
            return "UTC"
        return _("%(place)s time (%(details)s)") % {"place": place, "details": details}

    @property
    def when_display(self) -> str:
        """'Thursday 16 April 2026, 09:30–16:30' or a range of days, in the event's zone."""
        start, end = self.local_start, self.local_end
        day = formats.date_format(start, "l j F Y")
        start_time = formats.time_format(start, "H:i")
        end_time = formats.time_format(end, "H:i")
        if start.date() == end.date():
            return f"{day}, {start_time}–{end_time}"
        return f"{day}, {start_time} – {formats.date_format(end, 'l j F Y')}, {end_time}"

    @property
    def date_display(self) -> str:
        """'16 April 2026' or '16–17 April 2026' for cards."""
        start, end = self.local_start, self.local_end
        if start.date() == end.date():
            return formats.date_format(start, "j F Y")
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{formats.date_format(end, 'j F Y')}"
        return f"{formats.date_format(start, 'j F')} – {formats.date_format(end, 'j F Y')}"

    @property
    def listing_meta(self) -> str:
        """The line under the title in other sections' lists (topic pages, search)."""
        return " · ".join(part for part in (self.date_display, self.place_display) if part)

    # --- Place.

    @property
    def is_on_site(self) -> bool:
        return self.format in (EventFormat.ON_SITE, EventFormat.HYBRID)

    @property
    def is_online(self) -> bool:
        return self.format in (EventFormat.ONLINE, EventFormat.HYBRID)

    @property
    def place_display(self) -> str:
        if self.format == EventFormat.ONLINE:
            return str(_("Online"))
        city = self.venue_address.strip().splitlines()[-1] if self.venue_address.strip() else ""
        place = ", ".join(part for part in (self.venue_name, city) if part)
        if self.format == EventFormat.HYBRID:
            return str(_("%(place)s and online") % {"place": place})
        return place

    @property
    def address_one_line(self) -> str:
        return ", ".join(line.strip() for line in self.venue_address.splitlines() if line.strip())

    @property
    def map_link(self) -> str:
        if self.map_url:
            return self.map_url
        if not self.venue_address.strip():
            return ""
        from urllib.parse import urlencode

        query = ", ".join([self.venue_name, *self.venue_address.strip().splitlines()])
        return "https://www.openstreetmap.org/search?" + urlencode({"query": query})

    # --- Registration.

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def registration_closes(self) -> datetime:
        return self.registration_closes_at or self.start

    def registration_phase(self, now=None) -> str:
        now = now or timezone.now()
        if self.is_cancelled:
            return RegistrationPhase.CANCELLED
        if self.end < now:
            return RegistrationPhase.OVER
        if not self.registration_enabled:
            return RegistrationPhase.NONE
        if self.registration_opens_at and now < self.registration_opens_at:
            return RegistrationPhase.NOT_OPEN
        if now >= self.registration_closes:
            return RegistrationPhase.CLOSED
        return RegistrationPhase.OPEN

    @cached_property
    def confirmed_count(self) -> int:
        # Listings annotate it (EventPageQuerySet.with_confirmed_count) and so skip this query.
        if self.pk is None:  # previewing a page that is not saved yet
            return 0
        return self.registrations.filter(status="confirmed").count()

    def seats_left(self, confirmed: int | None = None) -> int | None:
        if self.capacity is None:
            return None
        confirmed = self.confirmed_count if confirmed is None else confirmed
        return max(self.capacity - confirmed, 0)

    def registration_state(self, now=None) -> RegistrationState:
        """The line a card shows: "12 places left · registration closes 3 March", etc."""
        now = now or timezone.now()
        phase = self.registration_phase(now)
        tz = self.tz
        if phase == RegistrationPhase.CANCELLED:
            return RegistrationState("cancelled", str(_("Cancelled")))
        if phase == RegistrationPhase.OVER:
            return RegistrationState("over", str(_("This event has taken place")))
        if phase == RegistrationPhase.NONE:
            return RegistrationState("none", str(_("No registration needed")))
        if phase == RegistrationPhase.NOT_OPEN:
            return RegistrationState(
                "not_open",
                str(
                    _("Registration opens %(date)s")
                    % {"date": short_date(self.registration_opens_at, tz)}
                ),
            )
        if phase == RegistrationPhase.CLOSED:
            return RegistrationState("closed", str(_("Registration closed")))
        closes = self.registration_closes
        closes_text = str(_("registration closes %(date)s") % {"date": short_date(closes, tz)})
        seats = self.seats_left()
        if seats is None:
            return RegistrationState("open", str(_("Registration open")) + " · " + closes_text)
        if seats == 0:
            if self.waiting_list_enabled:
                return RegistrationState("waiting_list", str(_("Full: waiting list open")), 0)
            return RegistrationState("full", str(_("Full")), 0)
        places = ngettext("%(count)d place left", "%(count)d places left", seats) % {"count": seats}
        return RegistrationState("open", f"{places} · {closes_text}", seats)

    # --- Programme.

    def programme(self, sessions=None):
        """[(day, [(start, end, [sessions side by side])])]: parallel sessions share a slot."""
        sessions = self.sessions.all() if sessions is None else sessions
        days: dict = {}
        for session in sessions:
            day = session.day or self.local_start.date()
            slots = days.setdefault(day, {})
            slots.setdefault((session.start_time, session.end_time), []).append(session)
        result = []
        for day in sorted(days):
            slots = sorted(
                days[day].items(), key=lambda item: (item[0][0], item[0][1] or item[0][0])
            )
            result.append(
                (
                    day,
                    [
                        (start, end, sorted(group, key=lambda s: (s.track, s.sort_order or 0)))
                        for (start, end), group in slots
                    ],
                )
            )
        return result

    def tracks(self, sessions=None) -> list[str]:
        sessions = self.sessions.all() if sessions is None else sessions
        return sorted({session.track for session in sessions if session.track})

    def speakers(self, sessions=None):
        """Everyone who speaks in a session, in programme order, once each."""
        sessions = self.sessions.all() if sessions is None else sessions
        seen, people = set(), []
        for _day, slots in self.programme(sessions):
            for _start, _end, group in slots:
                for session in group:
                    for person in session.speakers.all():
                        if person.pk not in seen:
                            seen.add(person.pk)
                            people.append(person)
        return people

    # --- Routes.

    @path("")
    def event_route(self, request):
        from events.views.public import event_view

        return event_view(request, self)

    @path("register/")
    def register_route(self, request):
        from events.views.public import register_view

        return register_view(request, self)

    @path("ics/")
    def ics_route(self, request):
        from events.views.public import event_ics_view

        return event_ics_view(request, self)

    @path("registration/<str:payload>/<str:stamp>/<str:signature>/")
    def manage_route(self, request, payload, stamp, signature):
        from events.views.public import manage_registration_view

        return manage_registration_view(request, self, f"{payload}/{stamp}/{signature}")


class EventSession(Orderable, ClusterableModel):
    """One item of the programme; sessions with the same times and a track run in parallel."""

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="sessions")
    day = models.DateField(
        _("day"),
        null=True,
        blank=True,
        help_text=_("Leave empty for the day the event starts."),
    )
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    room = models.CharField(_("room"), max_length=120, blank=True)
    track = models.CharField(
        _("track"),
        max_length=80,
        blank=True,
        help_text=_(
            "For parallel workshops, e.g. “Workshop track A”. Leave empty for plenary sessions."
        ),
    )
    description = models.TextField(_("description"), blank=True, max_length=1000)
    speakers = ParentalManyToManyField(
        "community.Person", verbose_name=_("speakers"), blank=True, related_name="+"
    )

    panels = [
        FieldRowPanel([FieldPanel("day"), FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("room"), FieldPanel("track")]),
        FieldPanel("description"),
        FieldPanel("speakers"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.end_time and self.start_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("A session must end after it starts.")})


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    YES_NO = "yes_no", _("Yes or no")
    WORKSHOP = "workshop", _("Workshop choice (each with its own places)")


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.WORKSHOP)


class EventQuestion(Orderable):
    """A question on an event's registration form. Answers are kept per question id."""

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(_("question"), max_length=200)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    kind = models.CharField(
        _("type"), max_length=12, choices=QuestionKind.choices, default=QuestionKind.SHORT_TEXT
    )
    required = models.BooleanField(_("required"), default=False)
    options = models.TextField(
        _("options"),
        blank=True,
        help_text=_(
            "For choices: one option per line. For workshop choices add the number of "
            "places after a bar, e.g. “Sample quality | 30”. Renaming an option later "
            "separates it from the answers already given."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("kind"), FieldPanel("required")]),
        FieldPanel("help_text"),
        FieldPanel("options"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")

    def __str__(self):
        return self.label

    @property
    def key(self) -> str:
        """The key of this question's answer in Registration.answers ('q' + id)."""
        return f"q{self.pk}"

    @property
    def is_workshop(self) -> bool:
        return self.kind == QuestionKind.WORKSHOP

    def option_list(self) -> list[tuple[str, int | None]]:
        """[(option, places or None)]; places only for workshop choices."""
        result = []
        for line in self.options.splitlines():
            line = line.strip()
            if not line:
                continue
            if self.kind == QuestionKind.WORKSHOP and "|" in line:
                name, _bar, places = line.rpartition("|")
                name, places = name.strip(), places.strip()
                result.append((name, int(places) if places.isdigit() else None))
            else:
                result.append((line, None))
        return result

    def clean(self):
        super().clean()
        if self.kind in CHOICE_KINDS:
            options = [line.strip() for line in self.options.splitlines() if line.strip()]
            if len(options) < 2 and self.kind != QuestionKind.WORKSHOP:
                raise ValidationError({"options": _("Give at least two options, one per line.")})
            if not options:
                raise ValidationError({"options": _("Give at least one workshop.")})
            if self.kind == QuestionKind.WORKSHOP:
                for line in options:
                    _name, bar, places = line.rpartition("|")
                    if not bar or not places.strip().isdigit() or not _name.strip():
                        raise ValidationError(
                            {
                                "options": _(
                                    "Write each workshop as “name | places”, e.g. “Sample quality "
                                    "| 30”: "
                                    "“%(line)s” is not."
                                )
                                % {"line": line}
                            }
                        )
            names = [name for name, _places in self.option_list()]
            if len(set(names)) != len(names):
                raise ValidationError({"options": _("Each option must be different.")})
