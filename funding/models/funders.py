"""Who funds: a snippet that calls point to (name, logo, website, country).

Translatable (wagtail-localize): a funder's name is what readers read, and funders have official
names in Dutch and French (EU bodies, Belgian agencies); the slug (filter links), logo, website
and country are the English row's. Calls point to the English row and show the reader's
translation (hub.translated_snippets)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from funding.fields import HttpURLField


class Funder(TranslatableMixin, index.Indexed, models.Model):
    # Unique in each language (a translation keeps its source's slug).
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        help_text=_("Used in filter links, e.g. /funding/?funder=<slug>."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    website = HttpURLField(_("website"), blank=True)
    country = CountryField(
        _("country"),
        blank=True,
        help_text=_("Leave empty for international funders (e.g. the EU)."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("logo"),
        FieldPanel("website"),
        FieldPanel("country"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    override_translatable_fields = [
        TranslatableField("name"),
        SynchronizedField("slug", overridable=False),
        SynchronizedField("logo"),
        SynchronizedField("website"),
        SynchronizedField("country", overridable=False),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("funder")
        verbose_name_plural = _("funders")
        ordering = ["name"]
        unique_together = [("translation_key", "locale"), ("name", "locale"), ("slug", "locale")]

    def __str__(self):
        return self.name

    def validate_unique(self, exclude=None):
        # The admin's form has no locale field, which would skip the name and slug checks per
        # language (unique_together): with the row's locale known, they run.
        if exclude and self.locale_id is not None:
            exclude = set(exclude) - {"locale"}
        super().validate_unique(exclude)
