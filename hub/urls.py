from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views
from hub import display, views

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
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]

if settings.SERVE_MEDIA:
    # Uploaded images, for single-machine sites without a front web server. Documents are
    # excluded: Wagtail serves them at /documents/ after checking collection view restrictions.
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns += [
        re_path(
            r"^media/(?P<path>(?!documents/).*)$", serve, {"document_root": settings.MEDIA_ROOT}
        )
    ]

urlpatterns += [path("", include(wagtail_urls))]

handler500 = "hub.views.server_error"
