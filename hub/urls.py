from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from community.biobanks import dcat
from home import views as home_views
from hub import display, health, views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("community.urls.accounts")),
    path("accounts/", include("allauth.urls")),
    path("newsletter/", include("community.urls.newsletter")),
    path("contact/", include("community.urls.contact")),
    path("events/", include("events.urls")),
    path("funding/", include("funding.urls")),
    path("search/", home_views.search, name="search"),
    path("search/autocomplete/", home_views.autocomplete, name="search_autocomplete"),
    path("display/", display.change, name="display_change"),
    # The biobanks' DCAT-AP catalogue for harvesters (Wagtail's page paths hold no dot).
    path("biobanks/catalog.ttl", dcat.catalog_view, {"fmt": "ttl"}, name="dcat_catalog_ttl"),
    path(
        "biobanks/catalog.jsonld", dcat.catalog_view, {"fmt": "jsonld"}, name="dcat_catalog_jsonld"
    ),
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

urlpatterns += [path("", include(wagtail_urls))]

handler429 = "hub.views.too_many_requests"  # read by allauth
handler500 = "hub.views.server_error"
