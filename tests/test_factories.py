"""The factories of tests/factories.py build pages a reader can open, under one home page."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

LEAVES = [
    factories.StandardPageFactory,
    factories.TopicPageFactory,
    factories.NewsPageFactory,
    factories.TrainingPageFactory,
    factories.WorkingGroupPageFactory,
    factories.WorkingGroupMembersPageFactory,
    factories.EventPageFactory,
    factories.FundingCallPageFactory,
]


@pytest.mark.parametrize("factory", LEAVES, ids=[f.__name__ for f in LEAVES])
def test_a_page_factory_builds_its_parents_and_a_published_page(client, factory):
    page = factory()
    assert page.live and page.live_revision_id and page.first_published_at
    assert page.get_site().root_page.specific == factories.site_root()
    response = client.get(page.url)
    expected = 302 if factory is factories.WorkingGroupMembersPageFactory else 200  # members only
    assert response.status_code == expected, page.url
    if expected == 200:
        assert page.title in response.content.decode()


def test_sections_are_made_once_and_answer(client):
    first = factories.sections()
    assert factories.sections() == first
    for page in first.values():
        assert client.get(page.url).status_code == 200, page.url
    menu = client.get("/").content.decode()
    assert ">Working groups</a>" in menu and ">Privacy notice</a>" not in menu.split("<footer")[0]


def test_a_draft_is_not_served(client):
    draft = factories.NewsPageFactory(title="Embargoed", publish=False)
    assert not draft.live
    assert client.get("/news/embargoed/").status_code == 404


def test_models_show_where_readers_look(client):
    topic = factories.TopicFactory(name="Sample quality")
    factories.BiobankFactory(name="Freezer Biobank", topics=[topic])
    listing = factories.PartnershipListingFactory(title="Serum for research", topics=[topic])
    factories.TopicPageFactory(topic=topic)
    factories.sections("biobanks", "partnerships")
    html = client.get("/topics/sample-quality/").content.decode()
    assert "Freezer Biobank" in html and "Serum for research" in html
    assert client.get("/biobanks/freezer-biobank/").status_code == 200
    assert client.get(listing.get_absolute_url()).status_code == 200
    user = factories.UserFactory(email="ada@example.org")
    assert client.login(email="ada@example.org", password=factories.PASSWORD)
    assert user.emailaddress_set.get().verified
