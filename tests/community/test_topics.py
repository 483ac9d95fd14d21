"""Topic pages: the community's eight themes, each with its contacts and related material."""

import pytest

from community.models import Topic, TopicPage

pytestmark = pytest.mark.django_db


def test_topic_index_lists_the_eight_themes_in_order(client, site_tree):
    html = client.get("/topics/").content.decode()
    names = list(Topic.objects.values_list("name", flat=True))
    assert len(names) == 8
    positions = [html.index(f">{name}</a>") for name in names]
    assert positions == sorted(positions)


def test_topic_page_shows_challenge_approach_and_contact_without_address(client, site_tree):
    html = client.get("/topics/quality/").content.decode()
    assert "<h1>Sample and data quality and reproducibility</h1>" in html
    assert "The challenge" in html and "What the community does" in html
    assert "Quality officer" in html
    assert "@" not in html.split('id="contacts"')[1].split("</section>")[0]


def test_topic_admin_is_grouped_under_community(client, site_tree, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/snippets/community/topic/").status_code == 200
    assert client.get("/admin/snippets/community/person/").status_code == 200
    page = TopicPage.objects.get(slug="quality")
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200


def test_topic_page_links_tagged_biobanks_to_their_profiles_here(client, site_tree):
    from django.utils.html import escape

    from community.models import Biobank, TopicPage

    page = TopicPage.objects.live().first()
    biobank = Biobank.objects.filter(withdrawn=False).exclude(url="").first()
    biobank.topics.add(page.topic)
    html = client.get(page.url).content.decode()
    assert f'<a href="{biobank.get_absolute_url()}">{escape(biobank.name)}</a>' in html
    assert f'<a href="{biobank.url}">' not in html  # its own website is not its profile
