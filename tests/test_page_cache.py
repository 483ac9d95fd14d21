"""Anonymous readers get stored pages (hub/page_cache.py), never someone else's, never stale
after a publish, each with a working CSRF token of their own."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests import factories

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


@pytest.fixture
def about(db):
    return factories.AboutPageFactory()


def test_second_anonymous_reader_gets_the_stored_page_with_one_query(about):
    first = Client().get("/about/")
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as context:
        second = Client().get("/about/")
    assert second["X-Page-Cache"] == "hit"
    # Only the content generation is read (hub.cache): it lives in the database, not the cache.
    assert [query["sql"] for query in context.captured_queries] == [
        query["sql"] for query in context.captured_queries if "hub_cachegeneration" in query["sql"]
    ]
    assert len(context.captured_queries) == 1
    assert second.content.decode().count("<h1") == first.content.decode().count("<h1")
    assert TOKEN.findall(first.content.decode()) != TOKEN.findall(second.content.decode())


def test_a_stored_page_carries_a_csrf_token_that_works_for_its_reader(home_page):
    Client().get("/")  # stored
    reader = Client(enforce_csrf_checks=True)
    page = reader.get("/")
    assert page["X-Page-Cache"] == "hit"
    token = TOKEN.search(page.content.decode())[1]
    response = reader.post(
        "/newsletter/", {"csrfmiddlewaretoken": token, "email": "reader@example.org"}
    )
    assert response.status_code != 403
    stranger = Client(enforce_csrf_checks=True)  # a token copied from another reader's page
    refused = stranger.post(
        "/newsletter/", {"csrfmiddlewaretoken": token, "email": "other@example.org"}
    )
    assert refused.status_code == 403


def test_publishing_a_change_shows_at_once(about):
    assert "About the hub" not in Client().get("/about/").content.decode()
    about.title = "About the hub"
    about.save_revision().publish()
    response = Client().get("/about/")
    assert response["X-Page-Cache"] == "miss"
    assert "About the hub" in response.content.decode()


def test_signed_in_readers_and_query_strings_are_never_stored_or_served(about, user_factory):
    factories.NewsIndexPageFactory()
    Client().get("/about/")
    member = Client()
    member.force_login(user_factory("reader@example.org", first_name="Ada"))
    response = member.get("/about/")
    assert "X-Page-Cache" not in response
    assert "/accounts/logout/" in response.content.decode()
    assert "X-Page-Cache" not in Client().get("/news/?page=1")
    assert "X-Page-Cache" not in Client().get("/news/?page=1")


def test_members_only_pages_are_not_stored(about, user_factory):
    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)
    member = Client()
    member.force_login(user_factory())
    assert member.get("/about/").status_code == 200
    assert Client().get("/about/").status_code == 302  # not the member's copy
    assert Client().get("/about/").status_code == 302


def test_the_readers_display_choice_is_kept_apart(about):
    Client().get("/about/")
    reader = Client()
    reader.cookies["display"] = "larger.high"
    html = reader.get("/about/").content.decode()
    assert 'class="text-larger contrast-high"' in html
    plain = Client().get("/about/")
    assert plain["X-Page-Cache"] == "hit"
    assert 'class="text-normal contrast-normal"' in plain.content.decode()


def test_an_approved_listing_appears_without_waiting(home_page):
    factories.PartnershipIndexPageFactory()
    factories.PartnershipListingFactory(title="Serum for research")
    listing = factories.PartnershipListingFactory(title="Tissue for pathology")
    assert listing.title in Client().get("/partnerships/").content.decode()
    listing.status = "pending"
    listing.save()
    assert listing.title not in Client().get("/partnerships/").content.decode()
    listing.status = "approved"
    listing.save()
    assert listing.title in Client().get("/partnerships/").content.decode()


def test_links_from_mails_are_never_stored(home_page):
    from django.core import signing

    response = Client().get(f"/newsletter/confirm/{signing.dumps('x')}/")
    assert "no-store" in response.get("Cache-Control", "") or "no-cache" in response.get(
        "Cache-Control", ""
    )
    assert "X-Page-Cache" not in response
