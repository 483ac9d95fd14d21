from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, Site
from wagtail.search import index

from home.blocks import BodyBlock
from hub.cache import remember
from hub.i18n import LocalisedPage
from hub.privacy import CachedViewRestrictions


class HomePage(LocalisedPage, CachedViewRestrictions, Page):
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from home import sections

        context = super().get_context(request, *args, **kwargs)
        context["home_sections"] = sections.render_all(request)
        return context


class StandardPage(LocalisedPage, CachedViewRestrictions, Page):
    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("One or two sentences shown above the body.")
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("standard page")


class FooterLink(Orderable):
    settings = ParentalKey(
        "home.SiteSettings", on_delete=models.CASCADE, related_name="footer_links"
    )
    title = models.CharField(_("title"), max_length=120)
    url = models.URLField(_("link"))

    panels = [FieldPanel("title"), FieldPanel("url")]


class SocialLink(Orderable):
    settings = ParentalKey(
        "home.SiteSettings", on_delete=models.CASCADE, related_name="social_links"
    )
    network = models.CharField(_("network"), max_length=60, help_text=_("For example LinkedIn."))
    url = models.URLField(_("link"))

    panels = [FieldPanel("network"), FieldPanel("url")]


@register_setting(icon="site")
class SiteSettings(ClusterableModel, BaseSiteSetting):
    organisation_name = models.CharField(
        _("organisation name"), max_length=200, default="Biobank Community Hub"
    )
    tagline = models.CharField(_("tagline"), max_length=250, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    privacy_notice = models.ForeignKey(
        Page,
        verbose_name=_("privacy notice page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    footer_text = RichTextField(_("footer text"), blank=True, features=["bold", "italic", "link"])

    @classmethod
    def for_request(cls, request):
        """As Wagtail's, but kept in the cache (until settings, sites or pages change) instead
        of read on every request; every page shows the organisation's name."""
        attr_name = cls.get_cache_attr_name()
        if hasattr(request, attr_name):
            return getattr(request, attr_name)
        site = Site.find_for_request(request)
        if site is None:
            return super().for_request(request)

        def load():
            found = cls.for_site(site)
            found.privacy_notice  # noqa: B018 - the cached copy carries it (footer, forms)
            return found

        site_settings = remember(f"site-settings:{site.pk}", load)
        site_settings._request = request  # as Wagtail: for page URLs in templates
        setattr(request, attr_name, site_settings)
        return site_settings

    panels = [
        MultiFieldPanel(
            [FieldPanel("organisation_name"), FieldPanel("tagline"), FieldPanel("contact_email")],
            heading=_("Organisation"),
        ),
        FieldPanel("privacy_notice"),
        FieldPanel("footer_text"),
        InlinePanel("footer_links", heading=_("Related communities and websites"), label=_("link")),
        InlinePanel("social_links", heading=_("Social media"), label=_("link")),
    ]

    class Meta:
        verbose_name = _("site settings")
