"""The Site of a request comes from the cache until a site changes (hub.middleware)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from tests import factories

pytestmark = pytest.mark.django_db


def title_of(response) -> str:
    return response.content.decode().split("<title>", 1)[1].split("</title>", 1)[0]


def test_site_is_cached_per_host_until_a_site_changes(client):
    about = factories.AboutPageFactory()
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/about/").status_code == 200
    assert not [q for q in queries.captured_queries if "wagtailcore_site" in q["sql"]]

    Site.objects.create(hostname="other.example.org", port=80, root_page=about)
    assert title_of(client.get("/", HTTP_HOST="other.example.org")).startswith("About")
    assert not title_of(client.get("/")).startswith("About")  # each host its own site

    site = Site.objects.get(is_default_site=True)
    site.root_page = about
    site.save()  # the cached default site is dropped with it
    assert title_of(client.get("/")).startswith("About")


def test_site_settings_come_from_the_cache_until_an_editor_saves_them(client):
    factories.AboutPageFactory()
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/about/")
    assert not [q for q in queries.captured_queries if "home_sitesettings" in q["sql"]]

    factories.site_settings(organisation_name="Biobank Community of the Low Countries")
    assert title_of(client.get("/about/")).endswith("· Biobank Community of the Low Countries")
