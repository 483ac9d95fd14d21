"""No public page costs more than 12 SQL queries once the site's caches are warm, whatever the
amount of content (issue 8); each URL type of the demo site, as a reader would request it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12


def first_url(model_path, **filters):
    from django.apps import apps

    model = apps.get_model(*model_path.split("."))
    page = model.objects.live().filter(**filters).order_by("path").first()
    return page.url


def listing_url():
    from funding.models import PartnershipListing

    return f"/partnerships/{PartnershipListing.objects.public().order_by('pk').first().pk}/"


def biobank_url():
    from community.models import Biobank

    return f"/biobanks/{Biobank.objects.listed().order_by('name').first().slug}/"


URLS = {
    "home": lambda: "/",
    "standard page": lambda: "/about/",
    "topic index": lambda: "/topics/",
    "topic": lambda: first_url("community.TopicPage"),
    "news index": lambda: "/news/",
    "news article": lambda: first_url("community.NewsPage"),
    "news feed": lambda: "/news/feed/rss/",
    "training index": lambda: "/training/",
    "training, filtered": lambda: "/training/?kind=course&q=quality",
    "training item": lambda: first_url("community.TrainingPage"),
    "working groups": lambda: "/working-groups/",
    "working group": lambda: first_url("community.WorkingGroupPage"),
    "events index": lambda: "/events/",
    "event": lambda: first_url("events.EventPage", slug__contains="partnership"),
    "Biobanks & Collections Day": lambda: first_url("events.EventPage", slug__contains="day"),
    "events feed": lambda: "/events/rss/",
    "events calendar": lambda: "/events/feed.ics",
    "funding index": lambda: "/funding/",
    "funding, filtered": lambda: "/funding/?status=closed",
    "funding call": lambda: first_url("funding.FundingCallPage"),
    "funding deadlines": lambda: "/funding/deadlines.ics",
    "funding feed": lambda: "/funding/rss/",
    "partnerships": lambda: "/partnerships/",
    "partnership listing": listing_url,
    "biobanks": lambda: "/biobanks/",
    "biobanks, filtered": lambda: "/biobanks/?material=DNA&country=BE",
    "biobanks, text": lambda: "/biobanks/?q=cancer",
    "biobank profile": biobank_url,
    "biobank API": lambda: "/biobanks/api/",
    "search": lambda: "/search/?q=biobank",
    "search, one kind": lambda: "/search/?q=biobank&type=events",
    "autocomplete": lambda: "/search/autocomplete/?q=bio",
    "sitemap": lambda: "/sitemap.xml",
    "newsletter": lambda: "/newsletter/",
    "login": lambda: "/accounts/login/",
}


@pytest.mark.parametrize("kind", URLS)
def test_public_page_stays_within_the_query_budget(site_tree, client, kind):
    url = URLS[kind]()
    client.get(url)  # the first reader after a publish fills the site's caches
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, f"{kind} {url}: HTTP {response.status_code}"
    queries = [query["sql"] for query in context.captured_queries]
    assert len(queries) <= MAX_QUERIES, f"{kind} {url}: {len(queries)} queries\n" + "\n".join(
        queries
    )


GROWING = ["topic", "news index", "training index", "events index", "funding index", "search"]


def test_query_counts_do_not_grow_with_the_content(site_tree, client):
    """Fifteen more published pages of each kind, all on the topic measured: same counts."""
    from community.models import NewsPage, TopicPage, TrainingPage
    from events.models import EventPage
    from funding.models import FundingCallPage

    def counts():
        measured = {}
        for kind in GROWING:
            url = URLS[kind]()
            client.get(url)
            with CaptureQueriesContext(connection) as context:
                assert client.get(url).status_code == 200
            measured[kind] = len(context.captured_queries)
        return measured

    before = counts()
    topic_page = TopicPage.objects.get(url_path__endswith=URLS["topic"]().split("/")[-2] + "/")
    topic = topic_page.topic
    for model in (NewsPage, TrainingPage, EventPage, FundingCallPage):
        original = model.objects.live().order_by("path").first()
        for number in range(15):
            copy = original.copy(
                update_attrs={
                    "slug": f"{original.slug}-{number}",
                    "title": f"{original.title} (biobank {number})",
                },
                keep_live=False,
            )
            copy.topics.add(topic)
            copy.save_revision().publish()
    after = counts()
    assert "(biobank 14)" in client.get(URLS["topic"]()).content.decode()  # the copies show
    assert after == before
    assert max(after.values()) <= MAX_QUERIES
