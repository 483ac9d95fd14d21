"""What each kind of public page costs in SQL queries, cold and warm (issues 8 and 16).

Warm (the site's caches filled by an earlier reader): at most 12 queries, whatever the amount
of content. Cold (an empty cache and a new content generation: the first reader after a
publish or a deploy): at most 40, and not one more when there is more to list. A budget taken
only warm would hide an N+1 behind the cache; the counts are therefore taken cold and warm on a
small site, and again after adding fifteen items of every kind, all on the topic measured.
"""

from datetime import time

import pytest

from events.models import EventSession
from tests import factories

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12
MAX_COLD_QUERIES = 40
MORE = 15


def add_content(numbers, topic, person):
    """One item of every kind for each of `numbers`, tagged with `topic`, with what its page
    shows beside it (contacts, speakers, deadlines, collections)."""
    from community.models import TrainingAudience, TrainingTheme

    for n in numbers:
        factories.NewsPageFactory(title=f"Biobank news {n}", topics=[topic])
        factories.TrainingPageFactory(
            title=f"Biobank quality course {n}",
            topics=[topic],
            audiences=list(TrainingAudience.objects.all()[:2]),
            themes=list(TrainingTheme.objects.all()[:2]),
        )
        factories.WorkingGroupPageFactory(
            title=f"Biobank working group {n}", topics=[topic], contacts=[person]
        )
        factories.EventPageFactory(
            title=f"Biobank partnership meeting {n}",
            days=10 + n,
            topics=[topic],
            organisers=[person],
            sessions=[
                EventSession(title=f"Talk {i}", start_time=time(10 + i), speakers=[person])
                for i in range(3)
            ],
        )
        factories.FundingCallPageFactory(
            title=f"Biobank funding call {n}", topics=[topic], deadlines=(20 + n, 60 + n)
        )
        factories.PartnershipListingFactory(title=f"Biobank samples offer {n}", topics=[topic])
        factories.BiobankFactory(
            name=f"Cancer Biobank {n}", materials=["DNA", "SERUM"], topics=[topic]
        )
        factories.TopicPageFactory(topic=factories.TopicFactory(name=f"Biobank theme {n}"))


@pytest.fixture
def site(db):
    """A small site: every section, one item of each kind, all tagged with one topic."""
    factories.sections()
    topic = factories.TopicFactory(name="Sample quality", slug="quality")
    factories.TopicPageFactory(topic=topic, contacts=[factories.PersonFactory()])
    factories.AboutPageFactory(body=[{"type": "paragraph", "value": "<p>Who we are.</p>"}])
    person = factories.PersonFactory(name="Ada Speaker")
    add_content(range(1), topic, person)
    return topic, person


def first_url(model_path, **filters):
    from django.apps import apps

    model = apps.get_model(*model_path.split("."))
    return model.objects.live().filter(**filters).order_by("path").first().url


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
    "topic": lambda: "/topics/quality/",
    "news index": lambda: "/news/",
    "news article": lambda: first_url("community.NewsPage"),
    "news feed": lambda: "/news/feed/rss/",
    "training index": lambda: "/training/",
    "training, filtered": lambda: "/training/?kind=course&q=quality",
    "training item": lambda: first_url("community.TrainingPage"),
    "working groups": lambda: "/working-groups/",
    "working group": lambda: first_url("community.WorkingGroupPage"),
    "events index": lambda: "/events/",
    "event with a programme": lambda: first_url("events.EventPage"),
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


def report(kind, queries) -> str:
    return f"{kind}: {len(queries.cold)} cold, {len(queries.warm)} warm\n" + "\n".join(queries.cold)


def test_public_pages_stay_within_the_query_budget_whatever_the_content(site, cold_and_warm):
    """Every kind of page within budget on a small site, and again after fifteen more items
    of each kind, all on the topic measured, with no count grown, cold or warm (an N+1 behind
    a cache shows cold). Fewer is fine: a search that fills its first page from one source
    asks the others for less."""
    topic, person = site

    def measure() -> dict:
        return {kind: cold_and_warm(url()) for kind, url in URLS.items()}

    def over_budget(measured) -> list[str]:
        return [
            report(kind, queries)
            for kind, queries in measured.items()
            if len(queries.warm) > MAX_QUERIES or len(queries.cold) > MAX_COLD_QUERIES
        ]

    before = measure()
    assert not over_budget(before), "\n\n".join(over_budget(before))
    add_content(range(1, 1 + MORE), topic, person)
    after = measure()
    assert f"Biobank news {MORE}" in after["topic"].html  # the new items are listed
    assert f"Cancer Biobank {MORE}" in after["biobanks"].html
    assert not over_budget(after), "\n\n".join(over_budget(after))
    grown = [
        f"{len(before[kind].cold)} cold, {len(before[kind].warm)} warm before; "
        + report(kind, after[kind])
        for kind in URLS
        if len(after[kind].cold) > len(before[kind].cold)
        or len(after[kind].warm) > len(before[kind].warm)
    ]
    assert not grown, "grew with the content:\n" + "\n\n".join(grown)
