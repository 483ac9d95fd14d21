from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from community.biobanks import dcat
from home import views as home_views
from hub import display, health, views

# Machine endpoints and the editors' admin: one URL each, never language-prefixed (and answered
# in English, the default language). Harvesters, calendar apps, crawlers and probes keep one
# address; the admin follows each editor's own language setting.
urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # Files as uploaded: the same bytes in every language.
    path("documents/", include(wagtaildocs_urls)),
    # The events and funding calendars (.ics) and the funding mails' unsubscribe links.
    path("events/", include("events.urls")),
    path("funding/", include("funding.urls")),
    # JSON for the search box.
    path("search/autocomplete/", home_views.autocomplete, name="search_autocomplete"),
    # The biobanks' DCAT-AP catalogue for harvesters (Wagtail's page paths hold no dot).
    path("biobanks/catalog.ttl", dcat.catalog_view, {"fmt": "ttl"}, name="dcat_catalog_ttl"),
    path(
        "biobanks/catalog.jsonld", dcat.catalog_view, {"fmt": "jsonld"}, name="dcat_catalog_jsonld"
    ),
    # One sitemap listing every page in every language, with its alternates (hub/sitemaps.py).
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # Answered by hub.health.HealthCheckMiddleware before the other middleware; named here.
    path("healthz/", health.healthz, name="healthz"),
    path("readyz/", health.readyz, name="readyz"),
]

if settings.SERVE_MEDIA:
    # Uploaded images, for single-machine sites without a front web server. Documents are
    # excluded: Wagtail serves them at /documents/ after checking collection view restrictions.
    # hub.media refuses every path that *normalises* to documents/ ("//documents/",
    # "./documents/", "x/../documents/"), not only the literal prefix.
    from django.urls import re_path

    from hub.media import serve_media

    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve_media)]

# What readers read: English at / as always (every English URL unchanged), Dutch under /nl/,
# French under /fr/. The prefix is the reader's choice and travels with every link: Django's
# reverse() and Wagtail's page URLs (WAGTAIL_I18N_ENABLED is off, so page.url reverses
# wagtail_serve in the active language) stay under the prefix of the page they are on.
urlpatterns += i18n_patterns(
    path("accounts/", include("community.urls.accounts")),
    path("accounts/", include("allauth.urls")),
    path("newsletter/", include("community.urls.newsletter")),
    path("contact/", include("community.urls.contact")),
    path("search/", home_views.search, name="search"),
    path("display/", display.change, name="display_change"),
    path("", include(wagtail_urls)),  # last: Wagtail's pages take every other path
    prefix_default_language=False,
)

handler429 = "hub.views.too_many_requests"  # read by allauth
handler500 = "hub.views.server_error"
