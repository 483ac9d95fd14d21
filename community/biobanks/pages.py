"""/biobanks/: the faceted search over the biobanks, their profiles and machine-readable views.

The page is a Wagtail page (editors write its introduction and place it in the menu); the
profiles are plain Django models (``Biobank``) served by its routes:

=====================================  ==========================================================
``/biobanks/``                         faceted search (``?q=&country=&material=…&sort=&page=``)
``/biobanks/results/csv/``            the same search's results as CSV
``/biobanks/export/emx2/``             what the hub holds, in the Directory's EMX2 format
``/biobanks/api/``                     JSON API: the listed biobanks (paginated)
``/biobanks/api/<slug>/``              JSON API: one profile with its collections
``/biobanks/basket/``                  the request basket (``…/add/``, ``…/remove/``: POST)
``/biobanks/basket/request/``          POST: hand the basket over to the Negotiator
``/biobanks/map/``                     the listed biobanks on a map and in a list by city
``/biobanks/catalog.ttl``              the collections as a DCAT-AP 3 catalogue (Turtle; served
                                       from hub/urls.py: Wagtail's page paths hold no dot)
``/biobanks/catalog.jsonld``           the same catalogue as JSON-LD
``/biobanks/<slug>/``                  a profile (schema.org JSON-LD; ``Accept: text/turtle``
                                       gets its collections as DCAT-AP Turtle)
``/biobanks/<slug>/contact/``          "Contact this biobank" (and ``…/contact/sent/``)
=====================================  ==========================================================

Each route renders its own template (HTML) or returns the response its module builds: the search
in ``search``, the profile in ``profile`` (with ``jsonld``), the downloads in ``exports``, the
JSON API in ``api``, the DCAT-AP catalogue in ``dcat``, contacting a biobank in ``contact``.
"""

from django.db import models
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import Page

from community.biobanks import api, basket, exports, profile, search
from community.biobanks import map as biobank_map
from hub.i18n import LocalisedPage
from hub.privacy import CachedViewRestrictions

SLUG = r"(?P<slug>[-\w]+)"


class BiobankIndexPage(LocalisedPage, CachedViewRestrictions, RoutablePageMixin, Page):
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
        return self.render(request, context_overrides=search.page_context(request))

    @path("results/csv/")
    def results_csv_route(self, request):
        return exports.results_csv(request, self)

    @path("export/emx2/")
    def export_route(self, request):
        return exports.emx2_zip()

    @path("api/")
    def api_list_route(self, request):
        return api.api_list(request, self)

    @re_path(rf"^api/{SLUG}/$")
    def api_detail_route(self, request, slug):
        return api.api_detail(request, self, slug)

    # Before the profiles: a biobank's slug could otherwise read "basket".
    @path("basket/")
    def basket_route(self, request):
        return basket.basket_page(request, self)

    @path("basket/add/")
    def basket_add_route(self, request):
        return basket.add_route(request, self)

    @path("basket/remove/")
    def basket_remove_route(self, request):
        return basket.remove_route(request, self)

    @path("basket/request/")
    def basket_request_route(self, request):
        return basket.request_route(request, self)

    # Before the profiles: a biobank's slug could otherwise read "map".
    @path("map/")
    def map_route(self, request):
        return biobank_map.map_page(request, self)

    @re_path(rf"^{SLUG}/$")
    def profile_route(self, request, slug):
        response = profile.turtle_response(request, self, slug) or self.render(
            request,
            template=profile.TEMPLATE,
            context_overrides=profile.page_context(request, self, slug),
        )
        patch_vary_headers(response, ["Accept"])
        return response

    @re_path(rf"^{SLUG}/contact/$")
    def contact_route(self, request, slug):
        from community.biobanks import contact

        return contact.contact(request, self, slug)

    @re_path(rf"^{SLUG}/contact/sent/$")
    def contact_sent_route(self, request, slug):
        from community.biobanks import contact

        return contact.contact_sent(request, self, slug)
