"""News: the listing (newest first, pagination, topic filter, bad input), the RSS and Atom
feeds, the articles, cross-links to topic pages, the home page's "Latest news" and query counts.

The demo content is built once for the module (`world`); every test runs in a savepoint that is
rolled back afterwards, as Django's TestCase.setUpTestData does.
"""

import io
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.models import NewsIndexPage, NewsPage, Topic

pytestmark = pytest.mark.django_db

INDEX = "/news/"
ARTICLE_LINK = re.compile(r'<h3 class="news-card__title"><a href="/news/([^/"]+)/">')
ATOM = "{http://www.w3.org/2005/Atom}"
NEWEST_FIRST = [
    "biobanks-and-collections-day-announced",
    "new-working-group-access-procedures",
    "national-catalogue-update",
    "training-library-launched",
    "pre-analytics-checklist-pilot",
]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            cache.clear()
            call_command("load_demo", stdout=io.StringIO())
            yield NewsIndexPage.objects.get(locale__language_code="en")
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            cache.clear()


@pytest.fixture(autouse=True)
def _fresh_cache(world):
    cache.clear()  # the home page's latest news is cached; the database is rolled back
    yield


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def add_article(slug, days_ago, topics=(), publish=True, **fields):
    index = NewsIndexPage.objects.get(locale__language_code="en")
    article = NewsPage(
        title=fields.pop("title", slug.replace("-", " ").capitalize()),
        slug=slug,
        intro=fields.pop("intro", "Something happened."),
        date=timezone.localdate() - timedelta(days=days_ago),
        live=publish,
        **fields,
    )
    index.add_child(instance=article)
    article.topics.set(topics)
    if publish:
        article.save_revision().publish()
    return article


# --- The listing --------------------------------------------------------------------------------


def test_the_index_lists_the_demo_news_newest_first(world, client):
    body = html(client.get(INDEX))
    assert ARTICLE_LINK.findall(body) == NEWEST_FIRST
    assert "Page 1 of" not in body  # five articles: one page


def test_the_index_paginates(world, client):
    for number in range(8):
        add_article(f"older-{number}", days_ago=200 + number)
    body = html(client.get(INDEX))
    assert ARTICLE_LINK.findall(body) == [*NEWEST_FIRST, *[f"older-{n}" for n in range(5)]]
    assert "Page 1 of 2" in body and 'href="?page=2" rel="next"' in body
    assert ARTICLE_LINK.findall(html(client.get(f"{INDEX}?page=2"))) == [
        f"older-{n}" for n in range(5, 8)
    ]
    for junk in ["abc", "-1", "0", "99999", "%00"]:
        assert len(ARTICLE_LINK.findall(html(client.get(f"{INDEX}?page={junk}")))) in (10, 3)


def test_drafts_and_unpublished_articles_are_not_listed(world, client):
    add_article("a-draft", days_ago=0, publish=False)
    NewsPage.objects.get(locale__language_code="en", slug="national-catalogue-update").unpublish()
    slugs = ARTICLE_LINK.findall(html(client.get(INDEX)))
    assert "a-draft" not in slugs and "national-catalogue-update" not in slugs


@pytest.mark.parametrize(
    ("topic", "expected"),
    [
        ("quality", ["training-library-launched", "pre-analytics-checklist-pilot"]),
        ("access-procedures", ["new-working-group-access-procedures"]),
        ("financing", []),
    ],
)
def test_the_index_filters_by_topic(world, client, topic, expected):
    body = html(client.get(f"{INDEX}?topic={topic}"))
    assert ARTICLE_LINK.findall(body) == expected
    name = Topic.objects.get(slug=topic).name
    assert f"News on the topic “{name}”" in body
    assert re.search(rf'<a class="filter-chip" href="{INDEX}">.*?{re.escape(name)}</a>', body, re.S)
    if not expected:
        assert "There is no news on this topic yet." in body
        assert f'<a href="{INDEX}">Show all news</a>' in body


@pytest.mark.parametrize(
    "junk",
    [
        "no-such-topic",
        "%00",
        "x" * 500,
        "../../etc",
        "<script>alert(1)</script>",
        "quality'--",
        "%ff%fe",
    ],
)
def test_junk_topic_values_mean_no_filter(world, client, junk):
    body = html(client.get(f"{INDEX}?topic={junk}"))
    assert "We do not know that topic, so all news is shown." in body
    assert ARTICLE_LINK.findall(body) == NEWEST_FIRST
    assert "<script>alert(1)" not in body


# --- Articles and feeds -------------------------------------------------------------------------


def test_an_article_shows_date_intro_body_topics_and_feed_links(world, client):
    body = html(client.get("/news/national-catalogue-update/"))
    assert "<h1>Catalogue update: more collections findable</h1>" in body
    assert "Several regional biobanks" in body and "catalogue manager can help" in body
    assert f'<a href="{INDEX}?topic=findability">Findability of samples and data</a>' in body
    head = body.split("</head>")[0]
    assert (
        '<link rel="alternate" type="application/rss+xml" title="News (RSS)" '
        'href="/news/feed/rss/">'
    ) in head
    assert (
        '<link rel="alternate" type="application/atom+xml" title="News (Atom)" '
        'href="/news/feed/atom/">'
    ) in head
    assert 'href="/news/feed/atom/"' in html(client.get(INDEX)).split("</head>")[0]


def test_an_article_with_an_image_describes_it(world, client):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    image = get_image_model().objects.create(title="Freezers", file=get_test_image_file())
    article = add_article(
        "with-image", days_ago=1, image=image, image_alt_text="Rows of freezers in a biobank"
    )
    body = html(client.get(article.url))
    assert re.search(r'<img [^>]*alt="Rows of freezers in a biobank"', body)


def test_the_feed_route_slug_is_reserved(world):
    article = NewsPage(title="Feed", slug="feed", intro="x")
    article.set_url_path(world)
    article.path, article.depth = world.path + "9999", world.depth + 1
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "slug" in error.value.message_dict


def test_the_rss_feed_lists_the_news_newest_first(world, client):
    response = client.get("/news/feed/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314 (our own feed)
    assert channel.findtext("title") == "News"
    assert channel.findtext("link") == "http://testserver/news/"
    items = channel.findall("item")
    assert [item.findtext("link") for item in items] == [
        f"http://testserver/news/{slug}/" for slug in NEWEST_FIRST
    ]
    first = items[0]
    assert first.findtext("title") == "Biobanks & Collections Day: save the date"
    assert first.findtext("description").startswith("The community's annual meeting")
    assert {category.text for category in first.findall("category")} == {
        "Incentives for reuse",
        "Image and reputation",
    }
    assert first.findtext("pubDate")


def test_the_atom_feed_lists_the_news_newest_first(world, client):
    add_article("just-in", days_ago=0, title="Just in: a new biobank joins")
    response = client.get("/news/feed/atom/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 (our own feed)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}title") == "News"
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}link").get("href") for entry in entries] == [
        f"http://testserver/news/{slug}/" for slug in ["just-in", *NEWEST_FIRST]
    ]
    assert entries[0].findtext(f"{ATOM}title") == "Just in: a new biobank joins"
    assert all(entry.findtext(f"{ATOM}updated") for entry in entries)
    self_link = [link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link[0].get("href") == "http://testserver/news/feed/atom/"


def test_the_feeds_leave_out_unpublished_news(world, client):
    NewsPage.objects.get(locale__language_code="en", slug="national-catalogue-update").unpublish()
    body = client.get("/news/feed/rss/").content.decode()
    assert "national-catalogue-update" not in body and "training-library-launched" in body


def test_the_kept_feeds_show_a_publish_or_unpublish_at_once(world, client):
    """The feeds are kept in the cache (the same for every reader) until content changes."""
    assert "fresh-from-the-lab" not in client.get("/news/feed/rss/").content.decode()
    article = add_article("fresh-from-the-lab", days_ago=0)
    for feed in ("/news/feed/rss/", "/news/feed/atom/"):
        assert "fresh-from-the-lab" in client.get(feed).content.decode()
    article.unpublish()
    assert "fresh-from-the-lab" not in client.get("/news/feed/rss/").content.decode()


# --- Topic pages --------------------------------------------------------------------------------


def test_a_tagged_article_appears_on_the_topic_page_with_a_see_all_link(world, client):
    assert "See all news on this topic" not in html(client.get("/topics/financing/"))
    article = NewsPage.objects.get(locale__language_code="en", slug="national-catalogue-update")
    article.topics.add(Topic.objects.get(slug="financing"))
    article.save_revision().publish()

    body = html(client.get("/topics/financing/"))
    assert (
        '<a href="/news/national-catalogue-update/">Catalogue update: more collections findable</a>'
    ) in body
    assert '<a href="/news/?topic=financing">See all news on this topic</a>' in body
    assert ARTICLE_LINK.findall(html(client.get(f"{INDEX}?topic=financing"))) == [
        "national-catalogue-update"
    ]


def test_training_and_news_tagged_with_one_topic_both_appear(world, client):
    from community.models import TrainingPage

    topic = Topic.objects.get(slug="public-private-cooperation")
    body = html(client.get("/topics/public-private-cooperation/"))
    assert "Catalogue update" not in body and "See all news on this topic" not in body
    training = TrainingPage.objects.get(locale__language_code="en", slug="miabis-metadata")
    training.topics.add(topic)
    training.save_revision().publish()
    article = NewsPage.objects.get(locale__language_code="en", slug="national-catalogue-update")
    article.topics.add(topic)
    article.save_revision().publish()

    body = html(client.get("/topics/public-private-cooperation/"))
    assert '<a href="/training/miabis-metadata/">Describing your collection with MIABIS</a>' in body
    assert (
        '<a href="/training/?topic=public-private-cooperation">See all training on this '
        "topic</a>" in body
    )
    assert "Catalogue update: more collections findable" in body
    assert (
        '<a href="/news/?topic=public-private-cooperation">See all news on this topic</a>' in body
    )
    assert "Pre-analytics checklist" not in body  # untagged news stays away


def test_topic_pages_list_news_newest_first(world, client):
    add_article(
        "quality-latest",
        days_ago=0,
        topics=[Topic.objects.get(slug="quality")],
        title="Quality news of today",
    )
    body = html(client.get("/topics/quality/"))
    news = body.split("See all training on this topic")[-1]
    positions = [
        news.index(title)
        for title in [
            "Quality news of today",
            "Training library launched",
            "Pre-analytics checklist ready for a pilot",
        ]
    ]
    assert positions == sorted(positions)


# --- The home page ------------------------------------------------------------------------------


def test_the_home_page_shows_the_three_latest_articles(world, client):
    body = html(client.get("/"))
    section = body.split('aria-labelledby="home-latest-news"')[1].split("</section>")[0]
    assert re.findall(r'<h3><a href="/news/([^/"]+)/">', section) == NEWEST_FIRST[:3]
    assert f'<a href="{INDEX}">All news</a>' in section


def test_the_home_page_follows_publishing(world, client):
    html(client.get("/"))  # fills the cache
    add_article("breaking", days_ago=0, title="Breaking: node meeting moved")
    body = html(client.get("/"))
    assert "Breaking: node meeting moved" in body
    NewsPage.objects.get(locale__language_code="en", slug="breaking").unpublish()
    assert "Breaking: node meeting moved" not in html(client.get("/"))


def test_the_home_page_has_no_news_section_without_news(world, client):
    html(client.get("/"))  # fills the cache
    for article in NewsPage.objects.live():
        article.unpublish()
    body = html(client.get("/"))
    assert "Latest news" not in body and "home-latest-news" not in body
    NewsPage.objects.all().delete()
    assert "Latest news" not in html(client.get("/"))


# --- Query counts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        INDEX,
        f"{INDEX}?topic=quality",
        f"{INDEX}?page=2",
        "/news/feed/rss/",
        "/news/feed/atom/",
        "/news/national-catalogue-update/",
        "/",
    ],
)
def test_query_counts_do_not_grow_with_news(world, client, django_assert_max_num_queries, path):
    client.get(path)  # warm caches (site root paths, settings)
    with CaptureQueriesContext(connection) as before:
        assert client.get(path).status_code == 200
    baseline = len(before.captured_queries)
    topics = list(Topic.objects.all()[:4])
    for number in range(25):
        add_article(f"more-{number}", days_ago=100 + number, topics=topics)
    client.get(path)
    with django_assert_max_num_queries(baseline):
        assert client.get(path).status_code == 200
    with django_assert_max_num_queries(25):
        client.get(path)
