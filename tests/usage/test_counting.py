"""What is counted, and what never is: readers' page views (from the page cache too), not
bots, HEAD, errors or the admin; a referrer's domain only; downloads that were let through;
searches that found nothing. No response gets a cookie or a Vary header from counting."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.models import Collection, CollectionViewRestriction
from wagtail_factories import DocumentFactory

from hub.usage import counting
from hub.usage.models import DownloadCount, PageViewCount, ReferrerCount, ZeroResultSearch
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def about(home_page):
    return factories.AboutPageFactory()


def views_of(path):
    counting.flush()
    return sum(PageViewCount.objects.filter(path=path).values_list("views", flat=True))


def test_five_readers_through_the_page_cache_make_five_views_and_no_tracking_cookie(
    about, reader, user_factory, settings
):
    settings.PAGE_CACHE_SECONDS = 60
    answers = [reader().get("/about/") for _ in range(5)]
    assert [a.status_code for a in answers] == [200] * 5
    assert [a["X-Page-Cache"] for a in answers] == ["miss"] + ["hit"] * 4
    for answer in answers:  # the newsletter form's CSRF cookie, nothing else
        assert set(answer.cookies) <= {settings.CSRF_COOKIE_NAME}

    editor = user_factory(email="editor@example.org", is_staff=True, is_superuser=True)
    admin = Client()
    admin.force_login(editor)
    html = admin.get("/admin/usage/?days=7").content.decode()
    assert f'<a href="/admin/pages/{about.pk}/edit/">About</a>' in html
    assert "<td>5</td>" in html
    assert PageViewCount.objects.get(path="/about/").views == 5


def test_counting_adds_no_cookie_and_no_vary_header(about, reader, settings):
    settings.PAGE_CACHE_SECONDS = 0
    counted = reader().get("/about/")
    settings.USAGE_ENABLED = False
    uncounted = reader().get("/about/")
    assert counted.get("Vary") == uncounted.get("Vary")
    assert set(counted.cookies) == set(uncounted.cookies) <= {settings.CSRF_COOKIE_NAME}
    assert views_of("/about/") == 1


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0)",
        "curl/8.5.0",
        "python-requests/2.32",
        "facebookexternalhit/1.1",
        "",
    ],
)
def test_bots_and_scripts_are_not_counted(about, agent):
    assert Client(HTTP_USER_AGENT=agent).get("/about/").status_code == 200
    assert views_of("/about/") == 0


def test_head_errors_admin_and_query_strings(about, reader):
    assert reader().head("/about/").status_code == 200
    assert reader().get("/no-such-page/").status_code == 404
    reader().get("/admin/login/")
    reader().get("/about/?utm_source=mail&id=42")
    counting.flush()
    assert list(PageViewCount.objects.values_list("path", "views")) == [("/about/", 1)]


def test_a_referrer_is_kept_as_its_domain_only_and_the_own_site_not_at_all(about, reader):
    reader(HTTP_REFERER="https://www.example.org/some/path?who=alice").get("/about/")
    reader(HTTP_REFERER="http://testserver/news/").get("/about/")
    reader(HTTP_REFERER="android-app://com.example/").get("/about/")
    counting.flush()
    assert list(ReferrerCount.objects.values_list("path", "domain", "visits")) == [
        ("/about/", "example.org", 1)
    ]
    assert views_of("/about/") == 3


def _document(collection=None):
    fields = {"collection": collection} if collection else {}
    return DocumentFactory(file=ContentFile(b"protocol", name="protocol.txt"), **fields)


def test_a_download_is_counted_per_document(home_page, reader):
    document = _document()
    for _ in range(2):
        response = reader().get(document.url)
        assert response.status_code == 200
        b"".join(response.streaming_content)
    reader(HTTP_RANGE="bytes=100-200").get(document.url)  # the rest of a ranged download
    Client(HTTP_USER_AGENT="Googlebot/2.1").get(document.url)
    counting.flush()
    assert list(DownloadCount.objects.values_list("document_id", "downloads")) == [(document.pk, 2)]


def test_a_refused_members_only_download_is_not_counted(home_page, reader):
    members = Collection.get_first_root_node().add_child(name="Members")
    CollectionViewRestriction.objects.create(
        collection=members, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = _document(members)
    response = reader().get(document.url)
    assert response.status_code == 302 and "/login" in response["Location"]
    counting.flush()
    assert not DownloadCount.objects.exists()


def test_a_search_that_found_nothing_is_kept_normalised(home_page, reader):
    assert reader().get("/search/", {"q": "  Frozen   TISSUE xyzzy "}).status_code == 200
    reader().get("/search/", {"q": "frozen tissue XYZZY"})
    Client(HTTP_USER_AGENT="Googlebot").get("/search/", {"q": "bot words"})
    reader().get("/search/", {"q": "q" * 300})
    counting.flush()
    rows = dict(ZeroResultSearch.objects.values_list("query", "searches"))
    assert rows == {"frozen tissue xyzzy": 2, "q" * 100: 1}
    assert set(ZeroResultSearch.objects.values_list("kind", flat=True)) == {"site"}
    assert views_of("/search/") == 3  # the search page itself, without its query


def test_a_search_that_found_something_is_not_kept(home_page, reader):
    factories.AboutPageFactory(title="Frozen tissue handbook")
    reader().get("/search/", {"q": "frozen"})
    counting.flush()
    assert not ZeroResultSearch.objects.exists()


def test_the_biobank_finder_reports_its_empty_searches(home_page, reader):
    factories.BiobankIndexPageFactory()
    assert reader().get("/biobanks/", {"q": "unobtainium"}).status_code == 200
    counting.flush()
    assert list(ZeroResultSearch.objects.values_list("kind", "query", "searches")) == [
        ("biobanks", "unobtainium", 1)
    ]


def test_counting_off_counts_nothing(about, reader, settings):
    settings.USAGE_ENABLED = False
    reader().get("/about/")
    reader().get("/search/", {"q": "xyzzy"})
    assert counting.tally.pending() == {}
