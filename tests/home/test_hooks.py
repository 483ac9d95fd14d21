"""The hub_* hooks: what an app declares in its wagtail_hooks.py shows on the pages, in a fixed
order, and "see all" links follow the index pages wherever editors put them."""

import re

import pytest
from wagtail import hooks

from community.models import NewsPage
from community.related import RelatedType
from home import search_types
from home.models import StandardPage
from home.sections import Section
from hub.privacy import public
from hub.search.testing import search_backend  # noqa: F401 - the fixture
from tests import factories

pytestmark = pytest.mark.django_db

SEE_ALL = re.compile(r'<a href="([^"]*)">See all ([^<]*) on this topic</a>')
RELATED_HEADING = re.compile(r'<h2 id="related-\d+">([^<]*)</h2>')
HOME_SECTION = re.compile(r'<section[^>]*aria-labelledby="(home-[a-z-]+)"')


def tagged(page, topic):
    """`page` tagged with `topic`, as an editor publishes it."""
    page.topics.add(topic)
    page.save_revision().publish()
    return page


def topic_page_html(client, topic) -> str:
    return client.get(f"/topics/{topic.slug}/").content.decode()


def test_topic_page_lists_every_app_s_types_in_order_with_their_see_all_links(client):
    topic = factories.TopicFactory(name="Quality")
    factories.TopicPageFactory(topic=topic)
    factories.sections("biobanks", "partnerships")
    tagged(factories.WorkingGroupPageFactory(), topic)
    tagged(factories.TrainingPageFactory(), topic)
    tagged(factories.NewsPageFactory(), topic)
    factories.BiobankFactory(topics=[topic])
    tagged(factories.EventPageFactory(), topic)
    tagged(factories.FundingCallPageFactory(), topic)
    factories.PartnershipListingFactory(topics=[topic])

    html = topic_page_html(client, topic)
    assert RELATED_HEADING.findall(html) == [
        "Working groups",
        "Training",
        "News",
        "Biobanks",
        "Events",
        "Funding",
        "Partnerships",
    ]
    assert {label: url for url, label in SEE_ALL.findall(html)} == {
        "working groups": "/working-groups/?topic=quality",
        "training": "/training/?topic=quality",
        "news": "/news/?topic=quality",
        "biobanks": "/biobanks/",  # the biobank search has no topic filter
        "events": "/events/?topic=quality",
        "funding": "/funding/?topic=quality",
        "partnerships": "/partnerships/?topic=quality",
    }


def test_see_all_follows_an_index_page_to_its_new_slug(client):
    topic = factories.TopicFactory(name="Quality")
    factories.TopicPageFactory(topic=topic)
    training = tagged(factories.TrainingPageFactory(title="Freezer basics"), topic)
    assert SEE_ALL.findall(topic_page_html(client, topic)) == [
        ("/training/?topic=quality", "training")
    ]

    index = training.get_parent().specific
    index.slug = "learning"
    index.save_revision().publish()
    html = topic_page_html(client, topic)
    assert SEE_ALL.findall(html) == [("/learning/?topic=quality", "training")]
    assert client.get("/learning/?topic=quality").status_code == 200
    assert 'href="/learning/freezer-basics/"' in html


def test_without_an_index_page_there_is_no_see_all_link(client):
    topic = factories.TopicFactory(name="Quality")
    factories.TopicPageFactory(topic=topic)
    factories.BiobankFactory(name="Freezer Biobank", topics=[topic])  # no /biobanks/ page

    response = client.get(f"/topics/{topic.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert RELATED_HEADING.findall(html) == ["Biobanks"]
    assert "Freezer Biobank" in html
    assert SEE_ALL.findall(html) == []


def test_the_home_page_links_to_the_events_index_only_while_it_is_live(client):
    event = factories.EventPageFactory(title="Biobank day")
    html = client.get("/").content.decode()
    assert "Biobank day" in html and '<a href="/events/">All events</a>' in html

    event.get_parent().unpublish()
    html = client.get("/").content.decode()
    assert "Biobank day" in html and "All events" not in html


def test_the_home_page_shows_every_app_s_sections_in_order(client):
    factories.TopicPageFactory()
    factories.NewsPageFactory()
    factories.sections("biobanks")
    factories.BiobankFactory()
    factories.EventPageFactory()
    factories.FundingCallPageFactory(deadlines=(4,))

    assert HOME_SECTION.findall(client.get("/").content.decode()) == [
        "home-topics",
        "home-latest-news",
        "home-biobank-search",
        "home-events",
        "home-funding",
    ]


def test_a_hook_in_an_app_s_wagtail_hooks_adds_a_home_section(client, home_page):
    def biobank_teaser():
        return Section(
            "community/home/biobank_search.html",
            lambda request: {"biobank_count": 3, "biobank_index_url": "/find/"},
        )

    html = client.get("/").content.decode()
    assert home_page.intro in html and HOME_SECTION.findall(html) == []
    with hooks.register_temporarily("hub_home_sections", biobank_teaser):
        html = client.get("/").content.decode()
    assert HOME_SECTION.findall(html) == ["home-biobank-search"]
    assert "Search 3 biobanks" in html and 'action="/find/"' in html


def test_a_hook_in_an_app_s_wagtail_hooks_adds_a_list_to_topic_pages(client):
    topic = factories.TopicFactory(name="Quality")
    factories.TopicPageFactory(topic=topic)
    tagged(factories.NewsPageFactory(title="Freezer audit"), topic)

    def editors_picks():
        return RelatedType(
            "Editors' picks", lambda: public(NewsPage.objects.live()), order_by=("title",)
        )

    with hooks.register_temporarily("hub_topic_related", editors_picks, order=35):
        html = topic_page_html(client, topic)
    assert RELATED_HEADING.findall(html) == ["News", "Editors&#x27; picks"]
    picks = html.split("Editors&#x27; picks</h2>")[1].split("</section>")[0]
    assert "Freezer audit" in picks and "See all" not in picks  # no index page: no link


def search_filters(html: str) -> list[str]:
    nav = html.split('class="search-types"', 1)[1].split("</nav>", 1)[0]
    return [
        label.strip() for label in re.findall(r'>([^<>]+) <span class="search-types__count">', nav)
    ]


def test_a_hook_in_an_app_s_wagtail_hooks_adds_a_search_filter(client, search_backend):  # noqa: F811
    factories.StandardPageFactory(title="Zorblax policy", intro="How zorblax works.")
    factories.NewsPageFactory(title="Zorblax news", intro="Zorblax arrived.")
    assert search_filters(client.get("/search/", {"q": "zorblax"}).content.decode()) == [
        "All",
        "News",
        "Pages",
    ]

    def policies():
        return search_types.pages("policies", "Policies", StandardPage)

    with hooks.register_temporarily("hub_search_types", policies, order=45):
        html = client.get("/search/", {"q": "zorblax", "type": "policies"}).content.decode()
    assert search_filters(html) == ["All", "News", "Policies"]
    assert "Zorblax policy" in html and "Zorblax news" not in html.split("</nav>", 1)[1]
