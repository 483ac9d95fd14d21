"""/biobanks/: the faceted search over the biobanks, their profiles and machine-readable views.

The page is a Wagtail page (editors write its introduction and place it in the menu); the
profiles are plain Django models (``Biobank``) served by its routes:

=====================================  ==========================================================
``/biobanks/``                         faceted search (``?q=&country=&material=…&sort=&page=``)
``/biobanks/results/csv/``            the same search's results as CSV
``/biobanks/export/emx2/``             what the hub holds, in the Directory's EMX2 format
``/biobanks/api/``                     JSON API: the listed biobanks (paginated)
``/biobanks/api/<slug>/``              JSON API: one profile with its collections
``/biobanks/<slug>/``                  a profile (with schema.org JSON-LD)
``/biobanks/<slug>/contact/``          "Contact this biobank" (and ``…/contact/sent/``)
=====================================  ==========================================================

The views live in ``community.biobanks.views``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import Page

from hub.privacy import CachedViewRestrictions

SLUG = r"(?P<slug>[-\w]+)"


class BiobankIndexPage(CachedViewRestrictions, RoutablePageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    template = "community/biobanks/biobank_index_page.html"

    class Meta:
        verbose_name = _("biobank index page")

    @path("")
    def index_route(self, request):
        from community.biobanks import views as biobanks

        return biobanks.search(request, self)

    @path("results/csv/")
    def results_csv_route(self, request):
        from community.biobanks import views as biobanks

        return biobanks.results_csv(request, self)

    @path("export/emx2/")
    def export_route(self, request):
        from community.biobanks import views as biobanks

        return biobanks.export_emx2(request, self)

    @path("api/")
    def api_list_route(self, request):
        from community.biobanks import views as biobanks

        return biobanks.api_list(request, self)

    @re_path(rf"^api/{SLUG}/$")
    def api_detail_route(self, request, slug):
        from community.biobanks import views as biobanks

        return biobanks.api_detail(request, self, slug)

    @re_path(rf"^{SLUG}/$")
    def profile_route(self, request, slug):
        from community.biobanks import views as biobanks

        return biobanks.profile(request, self, slug)

    @re_path(rf"^{SLUG}/contact/$")
    def contact_route(self, request, slug):
        from community.biobanks import contact

        return contact.contact(request, self, slug)

    @re_path(rf"^{SLUG}/contact/sent/$")
    def contact_sent_route(self, request, slug):
        from community.biobanks import contact

        return contact.contact_sent(request, self, slug)
