"""Funding calls: the index at /funding/ and one page per call, with one or more deadlines.

A call's status follows from its opening date and deadlines, never typed: the deadlines and
`call_status` are in ``funding.models.deadlines``, the status as database queries in
``funding.models.call_queries``. The page keeps two derived datetimes for those queries:
`opens_at` (the opening date, 00:00 in the call's zone) and `closes_at` (the last deadline).
"""

from __future__ import annotations

from datetime import datetime, time

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from community.models.members import StakeholderType
from funding.fields import ChoiceListField, HttpURLField
from funding.models.call_queries import FundingCallManager, FundingCallQuerySet
from funding.models.deadlines import (
    CallStatus,
    FundingDeadline,
    call_status,
    closing_soon_days,
    date_errors,
)
from home.blocks import BodyBlock
from hub.cache import remember_response
from hub.i18n import LocalisedPage, source_of
from hub.privacy import CachedViewRestrictions
from hub.timezones import validate_time_zone, zone_or

# Imported from here by funding.models; validate_time_zone by migration 0001 too (keep it here).
__all__ = [
    "CallStatus",
    "Currency",
    "FundingCallManager",
    "FundingCallPage",
    "FundingCallQuerySet",
    "FundingDeadline",
    "FundingIndexPage",
    "call_status",
    "closing_soon_days",
    "validate_time_zone",
]

DEFAULT_TIME_ZONE = "Europe/Brussels"


def zone(name: str | None):
    return zone_or(name, DEFAULT_TIME_ZONE)


class Currency(models.TextChoices):
    EUR = "EUR", _("Euro (EUR)")
    USD = "USD", _("US dollar (USD)")
    GBP = "GBP", _("Pound sterling (GBP)")
    CHF = "CHF", _("Swiss franc (CHF)")


# --- The index -------------------------------------------------------------------------------


class FundingIndexPage(LocalisedPage, CachedViewRestrictions, RoutablePageMixin, Page):
    """/funding/: the filterable list and archive, the RSS feed and saving a filter as an alert.

    The listing is built in funding/listing.py (`call_index_context`); the route renders it.
    /funding/deadlines.ics is a Django URL (funding/urls.py): Wagtail routes allow no dots.
    """

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["funding.FundingCallPage"]
    max_count = 1
    template = "funding/funding_index_page.html"

    class Meta:
        verbose_name = _("funding index page")

    @path("")
    def index_route(self, request):
        from funding.listing import call_index_context

        return self.render(request, context_overrides=call_index_context(request, self))

    @path("rss/")
    def rss_route(self, request):
        from funding.feeds import NewCallsFeed

        return remember_response(
            f"feed:calls:{self.pk}:{request.build_absolute_uri('/')}:{get_language()}",
            lambda: NewCallsFeed()(request, index_page=self),
        )

    @path("alerts/save/")
    def save_filter_route(self, request):
        from funding.views import save_filter_view

        return save_filter_view(request, self)


# --- One call --------------------------------------------------------------------------------


class FundingCallForm(WagtailAdminPageForm):
    """Checks that need the deadlines of the inline panel as well as the page's own fields."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("deadlines")
        # ClusterForm validates the inline formsets after this form: validate them first.
        if formset is None or not formset.is_valid():
            return cleaned
        dates = [
            form.cleaned_data.get("due_date")
            for form in formset.forms
            if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
        ]
        dates = [day for day in dates if day]
        if not dates:
            self.add_error(None, _("Give at least one deadline."))
        for message in date_errors(cleaned.get("opens_on"), dates):
            self.add_error("opens_on", message)
        return cleaned


class FundingCallPage(LocalisedPage, CachedViewRestrictions, RoutablePageMixin, Page):
    funder = models.ForeignKey(
        "funding.Funder", verbose_name=_("funder"), on_delete=models.PROTECT, related_name="calls"
    )
    programme = models.CharField(_("programme"), max_length=200, blank=True)
    call_identifier = models.CharField(
        _("call identifier"),
        max_length=100,
        blank=True,
        help_text=_("The funder's own reference, e.g. HORIZON-HLTH-2027-TOOL-01."),
    )
    summary = models.TextField(
        _("summary"),
        max_length=600,
        help_text=_("Two or three sentences for the list, feeds, alerts and search results."),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("description"))
    eligible_stakeholders = ChoiceListField(
        _("who may apply"),
        options=StakeholderType,
        blank=True,
        help_text=_("Leave all unticked if anyone may apply."),
    )
    eligible_countries = CountryField(
        _("eligible countries"),
        multiple=True,
        blank=True,
        help_text=_("Leave empty if applicants from any country may apply."),
    )
    award_min = models.PositiveBigIntegerField(_("smallest award"), null=True, blank=True)
    award_max = models.PositiveBigIntegerField(_("largest award"), null=True, blank=True)
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.EUR
    )
    total_budget = models.PositiveBigIntegerField(_("total budget"), null=True, blank=True)
    expected_awards = models.PositiveIntegerField(
        _("expected number of awards"), null=True, blank=True
    )
    cofunding_required = models.BooleanField(_("co-funding required"), default=False)
    opens_on = models.DateField(
        _("opens on"),
        null=True,
        blank=True,
        help_text=_("Leave empty if the call is open already."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=DEFAULT_TIME_ZONE,
        validators=[validate_time_zone],
        help_text=_("The funder's time zone: the opening date and deadlines are in it."),
    )
    call_url = HttpURLField(_("official call page"), max_length=500)
    topics = ParentalManyToManyField(
        "community.Topic", verbose_name=_("topics"), blank=True, related_name="funding_calls"
    )
    contact = models.CharField(
        _("contact"),
        max_length=200,
        blank=True,
        help_text=_("A role or desk, e.g. “Programme officer, health research”."),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    # Derived on save from the fields above (see save()).
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True, editable=False)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True, editable=False)

    objects = FundingCallManager()

    base_form_class = FundingCallForm
    # The English funder row, always: the page shows the reader's translation of it.
    override_translatable_fields = [SynchronizedField("funder")]
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("funder"),
                FieldPanel("programme"),
                FieldPanel("call_identifier"),
                FieldPanel("call_url"),
            ],
            heading=_("Funder and call"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_on"), FieldPanel("time_zone")]),
            ],
            heading=_("Opening"),
        ),
        InlinePanel("deadlines", heading=_("Deadlines"), label=_("deadline")),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("award_min"), FieldPanel("award_max"), FieldPanel("currency")]
                ),
                FieldRowPanel([FieldPanel("total_budget"), FieldPanel("expected_awards")]),
                FieldPanel("cofunding_required"),
            ],
            heading=_("Money"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("eligible_stakeholders"),
                FieldPanel("eligible_countries"),
            ],
            heading=_("Eligibility"),
        ),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel([FieldPanel("contact"), FieldPanel("contact_email")], heading=_("Contact")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("programme"),
        index.SearchField("call_identifier"),
        index.SearchField("body"),
        index.RelatedFields("funder", [index.SearchField("name")]),
        index.FilterField("opens_at"),
        index.FilterField("closes_at"),
    ]
    parent_page_types = ["funding.FundingIndexPage"]
    subpage_types = []
    template = "funding/funding_call_page.html"

    class Meta:
        verbose_name = _("funding call")
        verbose_name_plural = _("funding calls")
        indexes = [models.Index(fields=["opens_at"]), models.Index(fields=["closes_at"])]

    def __str__(self):
        return self.title

    # --- Validation and derived fields.

    def clean(self):
        super().clean()
        errors = {}
        if (
            self.award_min is not None
            and self.award_max is not None
            and self.award_min > self.award_max
        ):
            errors["award_max"] = _("The largest award cannot be smaller than the smallest award.")
        if (
            self.total_budget is not None
            and self.award_max is not None
            and self.award_max > self.total_budget
        ):
            errors["total_budget"] = _("The total budget cannot be smaller than the largest award.")
        if errors:
            raise ValidationError(errors)

    @property
    def tz(self):
        return zone(self.time_zone)

    def deadline_list(self) -> list[FundingDeadline]:
        """The deadlines, soonest first (prefetched or in memory: no extra query)."""
        return sorted(self.deadlines.all(), key=lambda d: (d.computed_due_at(self), d.pk or 0))

    def save(self, *args, **kwargs):
        self.opens_at = (
            timezone.make_aware(datetime.combine(self.opens_on, time(0, 0)), self.tz)
            if self.opens_on
            else None
        )
        due = [deadline.computed_due_at(self) for deadline in self.deadlines.all()]
        self.closes_at = max(due) if due else None
        return super().save(*args, **kwargs)

    # --- Status.

    def status(self, now=None) -> str:
        now = now or timezone.now()
        return call_status(
            self.opens_at, [d.computed_due_at(self) for d in self.deadlines.all()], now
        )

    def status_label(self, now=None) -> str:
        return str(CallStatus(self.status(now)).label)

    def next_deadline_at(self, now=None):
        now = now or timezone.now()
        upcoming = [d for d in self.deadline_list() if d.computed_due_at(self) > now]
        return upcoming[0] if upcoming else None

    # --- Display.

    @property
    def award_display(self) -> str:
        def money(amount):
            return f"{self.currency} {formats.number_format(amount, force_grouping=True)}"

        if self.award_min is not None and self.award_max is not None:
            if self.award_min == self.award_max:
                return money(self.award_max)
            return f"{money(self.award_min)} – {money(self.award_max)}"
        if self.award_max is not None:
            return str(_("up to %(amount)s") % {"amount": money(self.award_max)})
        if self.award_min is not None:
            return str(_("from %(amount)s") % {"amount": money(self.award_min)})
        return ""

    @property
    def total_budget_display(self) -> str:
        if self.total_budget is None:
            return ""
        return f"{self.currency} {formats.number_format(self.total_budget, force_grouping=True)}"

    def eligible_stakeholder_labels(self) -> list[str]:
        return self._meta.get_field("eligible_stakeholders").display(self)

    @property
    def listing_meta(self) -> str:
        """The line under the title in other sections' lists (topic pages, search)."""
        deadline = self.next_deadline_at()
        parts = [self.funder.name if self.funder_id else "", self.status_label()]
        if deadline:
            parts.append(str(_("deadline %(date)s") % {"date": deadline.date_display}))
        return " · ".join(part for part in parts if part)

    # --- Routes.

    @path("")
    def call_route(self, request):
        from funding.listing import call_context

        # A translation reads its source's deadlines and followers (hub/i18n.py).
        return self.render(request, context_overrides=call_context(request, source_of(self)))

    @path("follow/")
    def follow_route(self, request):
        from funding.views import follow_view

        return follow_view(request, source_of(self))
