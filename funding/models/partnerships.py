"""Public-private partnership listings: offers and requests that members submit from the site
and editors approve in the admin, shown at /partnerships/ by the PartnershipIndexPage.

A listing is a plain model (not a page) with an explicit moderation status: only approved
listings whose expiry date has not passed are public (`PartnershipListing.objects.public()`).
The contact address is never shown: "contact the partner" mails it from the hub.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from community.models.messages import contact_messages_relation
from funding.fields import ChoiceListField
from hub.i18n import LocalisedPage
from hub.privacy import CachedViewRestrictions

MAX_EXPIRY_DAYS = 366
DEFAULT_EXPIRY_DAYS = 180


class ListingKind(models.TextChoices):
    OFFER = "offer", _("Offer")
    REQUEST = "request", _("Request")


class OrganisationType(models.TextChoices):
    COMPANY = "company", _("Company")
    BIOBANK = "biobank", _("Biobank")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    PATIENT_ORGANISATION = "patient_organisation", _("Patient organisation")
    OTHER = "other", _("Other")


class Sector(models.TextChoices):
    PHARMA = "pharma", _("Pharmaceuticals")
    BIOTECH = "biotech", _("Biotechnology")
    DIAGNOSTICS = "diagnostics", _("Diagnostics")
    MEDTECH = "medtech", _("Medical technology")
    DATA = "data", _("Data and AI")
    ACADEMIC = "academic", _("Academic research")
    HEALTHCARE = "healthcare", _("Healthcare")
    NON_PROFIT = "non_profit", _("Non-profit")


class Resource(models.TextChoices):
    """What a listing offers or seeks."""

    SAMPLES = "samples", _("Samples")
    DATA = "data", _("Data")
    IMAGES = "images", _("Images")
    EXPERTISE = "expertise", _("Expertise")
    SERVICES = "services", _("Services")
    CO_DEVELOPMENT = "co_development", _("Co-development")
    FUNDING_PARTNER = "funding_partner", _("Funding partner")


class CommercialUse(models.TextChoices):
    ALLOWED = "allowed", _("Commercial use allowed")
    NEGOTIABLE = "negotiable", _("Commercial use negotiable")
    ACADEMIC_ONLY = "academic_only", _("Non-commercial (academic) use only")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class ModerationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


TRL_CHOICES = [(level, _("TRL %(level)d") % {"level": level}) for level in range(1, 10)]


class PartnershipIndexPage(LocalisedPage, CachedViewRestrictions, RoutablePageMixin, Page):
    """/partnerships/: the directory, a listing's page, submitting, contacting, renewing."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    template = "funding/partnership_index_page.html"

    class Meta:
        verbose_name = _("partnership index page")

    @path("")
    def index_route(self, request):
        from funding.views import partnership_index_view

        return partnership_index_view(request, self)

    @path("submit/")
    def submit_route(self, request):
        from funding.views import submit_listing_view

        return submit_listing_view(request, self)

    @path("<int:pk>/")
    def listing_route(self, request, pk):
        from funding.views import listing_view

        return listing_view(request, self, pk)

    @path("<int:pk>/contact/")
    def contact_route(self, request, pk):
        from funding.views import contact_partner_view

        return contact_partner_view(request, self, pk)

    @path("<int:pk>/renew/")
    def renew_route(self, request, pk):
        from funding.views import renew_listing_view

        return renew_listing_view(request, self, pk)


def directory_url() -> str:
    """The directory's path for a reader of the active language ("/partnerships/",
    "/nl/partnerships/", or its Dutch translation's own "/nl/samenwerkingen/"), kept with the
    content generation and per language (hub.cache.remember): lists of listings must not cost
    a query per item, and a path looked up in one language is never given to another."""
    from hub.cache import remember
    from hub.i18n import source_pages, translation_for_reader

    def find():
        # The source directory, then its translation if the reader's language has one: never
        # whichever translation happens to come first.
        index_page = source_pages(PartnershipIndexPage.objects.live()).first()
        if index_page is None:
            return "/partnerships/"
        return translation_for_reader(index_page).url or "/partnerships/"

    return remember("funding:partnerships_url", find)


class PartnershipListingQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def public(self, today=None):
        """Approved and not expired: what anyone may see and search."""
        today = today or timezone.localdate()
        return self.filter(status=ModerationStatus.APPROVED, expires_on__gte=today)

    def pending(self):
        return self.filter(status=ModerationStatus.PENDING)


class PartnershipListing(index.Indexed, models.Model):
    kind = models.CharField(_("offer or request"), max_length=10, choices=ListingKind.choices)
    title = models.CharField(_("title"), max_length=160)
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One or two sentences for the list.")
    )
    description = models.TextField(_("description"), max_length=5000)
    organisation_name = models.CharField(_("organisation"), max_length=200)
    organisation_type = models.CharField(
        _("type of organisation"), max_length=30, choices=OrganisationType.choices
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    country = CountryField(_("country"), blank=True)
    resources = ChoiceListField(_("what is offered or sought"), options=Resource)
    topics = models.ManyToManyField(
        "community.Topic", verbose_name=_("topics"), blank=True, related_name="partnership_listings"
    )
    biobanks = models.ManyToManyField(
        "community.Biobank",
        verbose_name=_("biobanks"),
        blank=True,
        related_name="partnership_listings",
        help_text=_("Biobanks of the catalogue this listing offers or asks for."),
    )
    trl = models.PositiveSmallIntegerField(
        _("technology readiness level"),
        choices=TRL_CHOICES,
        null=True,
        blank=True,
        help_text=_("Where it applies: 1 (basic principles) to 9 (proven in use)."),
    )
    commercial_use = models.CharField(
        _("commercial use"),
        max_length=20,
        choices=CommercialUse.choices,
        default=CommercialUse.NEGOTIABLE,
    )
    commercial_terms = models.TextField(_("terms"), max_length=1000, blank=True)
    contact_role = models.CharField(
        _("contact role"),
        max_length=120,
        help_text=_("Shown on the listing, e.g. “Business development manager”."),
    )
    contact_email = models.EmailField(
        _("contact e-mail"),
        help_text=_("Never shown: messages through the hub's contact form go to it."),
    )
    contact_messages = contact_messages_relation(related_query_name="listing")
    expires_on = models.DateField(_("expires on"))

    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ModerationStatus.choices,
        default=ModerationStatus.PENDING,
        db_index=True,
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partnership_listings",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # The expiry date the renewal reminder went out for: one reminder per expiry date.
    expiry_reminder_sent_for = models.DateField(null=True, blank=True, editable=False)

    objects = PartnershipListingQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("expires_on")]),
        FieldPanel("title"),
        FieldPanel("summary"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldRowPanel(
                    [FieldPanel("organisation_type"), FieldPanel("sector"), FieldPanel("country")]
                ),
            ],
            heading=_("Organisation"),
        ),
        FieldPanel("resources"),
        FieldPanel("topics"),
        FieldPanel("biobanks"),
        FieldRowPanel([FieldPanel("trl"), FieldPanel("commercial_use")]),
        FieldPanel("commercial_terms"),
        MultiFieldPanel(
            [FieldPanel("contact_role"), FieldPanel("contact_email")], heading=_("Contact")
        ),
    ]
    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("summary", boost=2),
        index.SearchField("description"),
        index.SearchField("organisation_name", boost=2),
        index.FilterField("status"),
        index.FilterField("expires_on"),
        index.FilterField("kind"),
    ]

    class Meta:
        verbose_name = _("partnership listing")
        verbose_name_plural = _("partnership listings")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "expires_on"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return f"{directory_url()}{self.pk}/"

    # "Contact the partner" (community.services.contact): the mail, then a copy to the sender.
    contact_mail_templates = ("funding/email/contact_partner", "funding/email/contact_copy")

    @property
    def contact_address(self) -> str:
        return self.contact_email

    def contact_mail_context(self, request=None) -> dict:
        from community.services.mail import absolute_url

        return {"listing": self, "listing_url": absolute_url(self.get_absolute_url(), request)}

    def clean(self):
        super().clean()
        errors = {}
        today = timezone.localdate()
        if self.expires_on and self._state.adding and self.expires_on < today:
            errors["expires_on"] = _("The expiry date is in the past: choose a date from today on.")
        if self.expires_on and self.expires_on > today + timedelta(days=MAX_EXPIRY_DAYS):
            errors["expires_on"] = _(
                "A listing can run for at most a year: choose an earlier "
                "expiry date (you can renew it later)."
            )
        if errors:
            raise ValidationError(errors)

    # --- For site search, topic pages and feeds.

    @property
    def url(self) -> str:
        return self.get_absolute_url()

    @property
    def search_summary(self) -> str:
        return f"{self.get_kind_display()} · {self.organisation_name}: {self.summary}"

    @property
    def listing_meta(self) -> str:
        return f"{self.get_kind_display()} · {self.organisation_name}"

    def is_public(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status == ModerationStatus.APPROVED and self.expires_on >= today

    def resource_labels(self) -> list[str]:
        return self._meta.get_field("resources").display(self)
